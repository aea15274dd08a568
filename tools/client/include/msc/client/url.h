#ifndef MSC_CLIENT_URL_H_
#define MSC_CLIENT_URL_H_

// The collector's address as the command line takes it: http://host[:port][/prefix].

#include <cstdint>
#include <string>
#include <string_view>

#include "msc/proto/status.h"

namespace msc::client {

struct Url {
  std::string host;    // a name, an IPv4 address, or an IPv6 address without brackets
  uint16_t port = 80;  // 80 when the URL names none
  std::string prefix;  // path before /v1/..., without a trailing '/'; usually empty

  // "host:port" as the Host header wants it (brackets around IPv6).
  std::string authority() const;
};

// Accepts "http://host", "http://host:port", "http://[::1]:8080/base". A missing
// scheme means http. https, user info, queries and fragments are refused with a
// reason, as is a port outside 1..65535.
Result<Url> ParseUrl(std::string_view text);

}  // namespace msc::client

#endif  // MSC_CLIENT_URL_H_
