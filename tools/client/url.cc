#include "msc/client/url.h"

#include <charconv>

namespace msc::client {
namespace {

Status Bad(std::string_view text, std::string reason) {
  return Status::Invalid("--url", "'" + std::string(text) + "': " + std::move(reason));
}

}  // namespace

std::string Url::authority() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port);
}

Result<Url> ParseUrl(std::string_view text) {
  std::string_view rest = text;
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    std::string_view name = rest.substr(0, scheme);
    if (name == "https") return Bad(text, "https is not supported by this client; use http");
    if (name != "http") return Bad(text, "the scheme must be http");
    rest.remove_prefix(scheme + 3);
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return Bad(text, "a query or fragment has no meaning here");
  }
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string_view path = rest.substr(authority.size());
  if (authority.find('@') != std::string_view::npos) {
    return Bad(text, "user info is not supported; pass the token with --token");
  }

  Url url;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return Bad(text, "an IPv6 address lacks its ']'");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return Bad(text, "junk after the IPv6 address");
    if (!after.empty()) port_text = after.substr(1);
    if (!after.empty() && port_text.empty()) return Bad(text, "the port is empty");
  } else {
    size_t colon = authority.find(':');
    if (colon != std::string_view::npos &&
        authority.find(':', colon + 1) != std::string_view::npos) {
      return Bad(text, "write an IPv6 address in brackets, e.g. http://[::1]:8080");
    }
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return Bad(text, "the port is empty");
    }
  }
  if (url.host.empty()) return Bad(text, "the host is missing");
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return Bad(text, "the port must be a number in 1..65535");
    }
    url.port = static_cast<uint16_t>(port);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  url.prefix = std::string(path);
  return url;
}

}  // namespace msc::client
