#ifndef MSC_TESTS_RELIABILITY_RELIABILITY_H_
#define MSC_TESTS_RELIABILITY_RELIABILITY_H_

// Helpers for the reliability tests: a raw TCP connection that can misbehave in
// ways HttpClient will not (trickle, reset, lie about lengths), parsing of the raw
// bytes a server sent back, the process's resident memory, and "a normal client
// is still served".

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "fixture.h"

namespace msc::testing {

// A blocking loopback TCP connection with bounded waits; never raises SIGPIPE.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) {
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
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Writes all of `bytes`; false once the peer has closed or reset the connection
  // (or it stays unwritable for 5 s).
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      pollfd p{fd_, POLLOUT, 0};
      if (poll(&p, 1, 5000) <= 0) return false;
      ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads until the peer closes or `within` passes. `closed` says which.
  std::string ReadUntilClosed(std::chrono::milliseconds within, bool* closed) {
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

  // Closes with a TCP reset instead of a FIN.
  void Reset() {
    linger l{1, 0};
    setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// The HTTP responses in `bytes`, in order; a trailing incomplete one is dropped.
inline std::vector<Response> ParseResponses(std::string_view bytes) {
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

// A request as a client would send it, with an exact Content-Length.
inline std::string RawRequest(const std::string& method, const std::string& target,
                              const std::string& token, const std::string& body = {}) {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) r += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty() || method != "GET") {
    r +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return r + "\r\n" + body;
}

inline std::string ObservationJson(int n) {
  std::string json;
  google::protobuf::util::MessageToJsonString(SampleObservation(n), &json);
  return json;
}

// VmRSS of this process in KiB (the in-process collector included).
inline long RssKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// How much the resident set may grow during one attack. The collector's cost per
// connection is bounded by design: a session, a strand, a 4 KiB read buffer and a
// parser whose header is capped at header_limit (16 KiB) and whose body at
// max_body (1 MiB, only once a route accepted it). The attacks below hold at most
// 1000 connections with nothing buffered, or one connection with a capped header,
// so a few tens of MiB is the honest worst case; 64 MiB catches any cost that
// grows with what the attacker sends (a 1 MiB header kept per connection, a
// response queue without a cap). Sanitizers hold freed memory back (ASan's
// quarantine is 256 MiB by default; TSan keeps shadow memory), so they get more.
inline long RssBoundKiB() {
  long bound = 64 << 10;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  bound += 320 << 10;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
  bound += 320 << 10;
#endif
#endif
  return bound;
}

// The HTTP status a well-behaved observer gets for submission `n` on a fresh
// connection; 0 when the connection failed.
inline int SubmitStatus(uint16_t port, const std::string& token, int n) {
  try {
    HttpClient client(port, std::chrono::seconds(10));
    client.token = token;
    return static_cast<int>(client.PostJson("/v1/observations", SampleObservation(n)).result_int());
  } catch (const std::exception&) {
    return 0;
  }
}

// Whether submission `id` is stored, as a manager sees it.
inline bool Stored(uint16_t port, const Tokens& tokens, const std::string& id) {
  HttpClient client(port);
  client.token = tokens.manager;
  return client.Get("/v1/observations/" + id).result_int() == 200;
}

// Raises the open-file limit to `want` (or the hard limit); returns the new soft limit.
inline rlim_t RaiseFileLimit(rlim_t want) {
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

#endif  // MSC_TESTS_RELIABILITY_RELIABILITY_H_
