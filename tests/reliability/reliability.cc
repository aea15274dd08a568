#include "reliability.h"

#include <google/protobuf/util/json_util.h>

#include <boost/beast/http/parser.hpp>

#include <algorithm>

namespace msc::testing {

RawConnection::RawConnection(uint16_t port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    throw std::runtime_error("connect failed");
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    pollfd p{fd_, POLLOUT, 0};
    if (poll(&p, 1, 5000) <= 0) return false;
    ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string RawConnection::ReadUntilClosed(std::chrono::milliseconds within, bool* closed) {
  std::string out;
  *closed = false;
  auto deadline = std::chrono::steady_clock::now() + within;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return out;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return out;
    char buf[16 << 10];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      *closed = true;  // end of stream or reset
      return out;
    }
    out.append(buf, static_cast<size_t>(n));
  }
}

void RawConnection::Reset() {
  linger l{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  close(fd_);
  fd_ = -1;
}

std::vector<Response> ParseResponses(std::string_view bytes) {
  std::vector<Response> out;
  while (!bytes.empty()) {
    http::response_parser<http::string_body> parser;
    parser.eager(true);
    boost::beast::error_code ec;
    size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec || !parser.is_done()) break;
    bytes.remove_prefix(used);
    out.push_back(parser.release());
  }
  return out;
}

std::string RawRequest(const std::string& method, const std::string& target,
                       const std::string& token, const std::string& body) {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) r += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty() || method != "GET") {
    r +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return r + "\r\n" + body;
}

std::string ObservationJson(int n) {
  std::string json;
  google::protobuf::util::MessageToJsonString(SampleObservation(n), &json);
  return json;
}

long RssKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

int SubmitStatus(uint16_t port, const std::string& token, int n) {
  try {
    HttpClient client(port, std::chrono::seconds(10));
    client.token = token;
    return static_cast<int>(client.PostJson("/v1/observations", SampleObservation(n)).result_int());
  } catch (const std::exception&) {
    return 0;
  }
}

bool Stored(uint16_t port, const Tokens& tokens, const std::string& id) {
  HttpClient client(port);
  client.token = tokens.manager;
  return client.Get("/v1/observations/" + id).result_int() == 200;
}

rlim_t RaiseFileLimit(rlim_t want) {
  rlimit r{};
  getrlimit(RLIMIT_NOFILE, &r);
  if (r.rlim_cur < want) {
    r.rlim_cur = std::min(want, r.rlim_max);
    setrlimit(RLIMIT_NOFILE, &r);
    getrlimit(RLIMIT_NOFILE, &r);
  }
  return r.rlim_cur;
}

}  // namespace msc::testing
