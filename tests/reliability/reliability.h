#ifndef MSC_TESTS_RELIABILITY_RELIABILITY_H_
#define MSC_TESTS_RELIABILITY_RELIABILITY_H_

// Helpers for the reliability tests: a raw TCP connection that can misbehave in
// ways HttpClient will not (trickle, reset, lie about lengths), parsing of the raw
// bytes a server sent back, the process's resident memory, and "a normal client
// is still served". The bodies are in reliability.cc, compiled once into
// reliability_tests.

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
  explicit RawConnection(uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Writes all of `bytes`; false once the peer has closed or reset the connection
  // (or it stays unwritable for 5 s).
  bool Send(std::string_view bytes);

  // Reads until the peer closes or `within` passes. `closed` says which.
  std::string ReadUntilClosed(std::chrono::milliseconds within, bool* closed);

  // Closes with a TCP reset instead of a FIN.
  void Reset();

 private:
  int fd_ = -1;
};

// The HTTP responses in `bytes`, in order; a trailing incomplete one is dropped.
std::vector<Response> ParseResponses(std::string_view bytes);

// A request as a client would send it, with an exact Content-Length.
std::string RawRequest(const std::string& method, const std::string& target,
                       const std::string& token, const std::string& body = {});

std::string ObservationJson(int n);

// VmRSS of this process in KiB (the in-process collector included).
long RssKiB();

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
int SubmitStatus(uint16_t port, const std::string& token, int n);

// Whether submission `id` is stored, as a manager sees it.
bool Stored(uint16_t port, const Tokens& tokens, const std::string& id);

// Raises the open-file limit to `want` (or the hard limit); returns the new soft limit.
rlim_t RaiseFileLimit(rlim_t want);

}  // namespace msc::testing

#endif  // MSC_TESTS_RELIABILITY_RELIABILITY_H_
