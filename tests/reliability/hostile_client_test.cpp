// Hostile clients against an in-process collector: each attack leaves the server
// answering a normal observer, storing nothing half-sent, and holding its memory
// (RssBoundKiB in reliability.h says why that bound).
//
// Covered in tests/collector/server_test.cpp already, so not repeated here: a header
// that stops half-way ("a client that sends its header too slowly is cut off"), a
// declared Content-Length beyond the limit ("bodies: 413, ..."), the connection limit
// ("connections beyond the limit get 503").
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "reliability.h"

namespace {

using msc::testing::Collector;
using msc::testing::ObservationJson;
using msc::testing::ParseResponses;
using msc::testing::RawConnection;
using msc::testing::RawRequest;
using msc::testing::RssBoundKiB;
using msc::testing::RssKiB;
using msc::testing::SampleId;
using msc::testing::Stored;
using msc::testing::SubmitStatus;
using namespace std::chrono_literals;

msc::collector::ServerOptions Quick() {
  msc::collector::ServerOptions o;
  o.header_timeout = 400ms;
  o.read_timeout = 400ms;
  o.idle_timeout = 1000ms;
  o.max_body = 64 << 10;
  return o;
}

// Memory before an attack, after the server has warmed up.
long Baseline(Collector& c, int n) {
  REQUIRE(SubmitStatus(c.port(), c.tokens().observer, n) == 200);
  return RssKiB();
}

void CheckStillServing(Collector& c, int n, long rss_before) {
  CHECK(SubmitStatus(c.port(), c.tokens().observer, n) == 200);
  long grown = RssKiB() - rss_before;
  INFO("resident set grew by " << grown << " KiB");
  CHECK(grown < RssBoundKiB());
}

}  // namespace

TEST_CASE(
    "a header trickled byte by byte is cut off at the header timeout while others are served") {
  Collector c(Quick());
  long rss = Baseline(c, 1);
  RawConnection slow(c.port());
  std::string header = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(2000, 'a');
  auto start = std::chrono::steady_clock::now();
  bool cut = false;
  int served = 0;
  // One byte every 10 ms keeps the connection busy, so only a deadline on the
  // whole header (not one per read) can end it.
  for (size_t i = 0; i < header.size() && !cut; ++i) {
    cut = !slow.Send(header.substr(i, 1));
    if (i % 20 == 19) served += SubmitStatus(c.port(), c.tokens().observer, 100 + i) == 200;
    std::this_thread::sleep_for(10ms);
    if (std::chrono::steady_clock::now() - start > 3s) break;
  }
  if (!cut) {
    bool closed = false;
    slow.ReadUntilClosed(500ms, &closed);
    cut = closed;
  }
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(cut);
  CHECK(took >= 350ms);  // not before the header timeout (400 ms) ...
  CHECK(took < 2s);      // ... and not long after it
  CHECK(served > 0);
  CheckStillServing(c, 2, rss);
}

TEST_CASE("a 1 MiB header gets 431 or a closed connection, and the server is fine") {
  Collector c(Quick());
  long rss = Baseline(c, 1);
  RawConnection big(c.port());
  std::string request =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(1 << 20, 'a') + "\r\n\r\n";
  big.Send(request);  // may fail half-way: the server is allowed to close early
  bool closed = false;
  std::string reply = big.ReadUntilClosed(5s, &closed);
  CHECK(closed);
  if (!reply.empty()) {
    auto responses = ParseResponses(reply);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].result_int() == 431);
  }
  CheckStillServing(c, 2, rss);
}

TEST_CASE("a chunked body beyond the limit gets 413 and nothing is stored") {
  // Without a Content-Length the limit can only be enforced while reading.
  Collector c(Quick());
  long rss = Baseline(c, 1);
  RawConnection client(c.port());
  std::string chunk(100 << 10, ' ');
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  client.Send("POST /v1/observations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
              c.tokens().observer +
              "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + size +
              chunk + "\r\n0\r\n\r\n");
  bool closed = false;
  auto responses = ParseResponses(client.ReadUntilClosed(5s, &closed));
  CHECK(closed);
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].result_int() == 413);
  CheckStillServing(c, 2, rss);
}

TEST_CASE("a body shorter than its Content-Length times out unanswered and stores nothing") {
  Collector c(Quick());
  long rss = Baseline(c, 1);
  RawConnection client(c.port());
  std::string json = ObservationJson(10);
  std::string request = RawRequest("POST", "/v1/observations", c.tokens().observer, json);
  // Claim ten bytes more than are sent.
  auto at = request.find("Content-Length: ") + 16;
  request.replace(at, std::to_string(json.size()).size(), std::to_string(json.size() + 10));
  auto start = std::chrono::steady_clock::now();
  client.Send(request);
  bool closed = false;
  std::string reply = client.ReadUntilClosed(5s, &closed);
  CHECK(closed);
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  // Timing out is the expected answer; a 400 would be acceptable too.
  if (!reply.empty()) {
    auto responses = ParseResponses(reply);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].result_int() == 400);
  }
  CHECK_FALSE(Stored(c.port(), c.tokens(), SampleId(10)));
  CheckStillServing(c, 2, rss);
}

TEST_CASE("bytes beyond the Content-Length are read as the next request and refused") {
  Collector c(Quick());
  long rss = Baseline(c, 1);
  RawConnection client(c.port());
  std::string json = ObservationJson(11);
  std::string request = RawRequest("POST", "/v1/observations", c.tokens().observer, json);
  // Claim five bytes fewer than are sent: the JSON is cut short, and its last five
  // bytes ("ck.\"}") start a request that is not HTTP.
  auto at = request.find("Content-Length: ") + 16;
  request.replace(at, std::to_string(json.size()).size(), std::to_string(json.size() - 5));
  client.Send(request + "\r\n\r\n");
  bool closed = false;
  auto responses = ParseResponses(client.ReadUntilClosed(5s, &closed));
  CHECK(closed);
  REQUIRE(responses.size() == 2);
  CHECK(responses[0].result_int() == 400);  // the truncated JSON
  CHECK(responses[1].result_int() == 400);  // the leftover bytes
  CHECK_FALSE(responses[1].keep_alive());
  CHECK_FALSE(Stored(c.port(), c.tokens(), SampleId(11)));
  CheckStillServing(c, 2, rss);
}

TEST_CASE(
    "garbage pipelined after good requests: they are answered, the garbage gets 400, then close") {
  Collector c(Quick());
  long rss = Baseline(c, 1);
  RawConnection client(c.port());
  client.Send(RawRequest("GET", "/healthz", "") +
              RawRequest("POST", "/v1/observations", c.tokens().observer, ObservationJson(12)) +
              "\x01\x02 NOT HTTP AT ALL\r\n\r\n" + RawRequest("GET", "/healthz", ""));
  bool closed = false;
  auto responses = ParseResponses(client.ReadUntilClosed(5s, &closed));
  CHECK(closed);
  REQUIRE(responses.size() == 3);  // nothing after the garbage is answered
  CHECK(responses[0].result_int() == 200);
  CHECK(responses[1].result_int() == 200);
  CHECK(responses[2].result_int() == 400);
  CHECK_FALSE(responses[2].keep_alive());
  CHECK(Stored(c.port(), c.tokens(), SampleId(12)));
  CheckStillServing(c, 2, rss);
}

TEST_CASE(
    "a thousand idle connections do not keep new clients out for longer than the idle timeout") {
  REQUIRE(msc::testing::RaiseFileLimit(8192) >= 2200);  // both ends live in this process
  auto options = Quick();
  options.max_connections = 1000;
  Collector c(options);
  long rss = Baseline(c, 1);
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 1000; ++i) idle.push_back(std::make_unique<RawConnection>(c.port()));

  // A newcomer is answered at once (503 while the limit is reached, never a hang)
  // and gets through once the idle ones have been closed.
  auto start = std::chrono::steady_clock::now();
  int status = 0;
  for (int tries = 0; tries < 100 && status != 200; ++tries) {
    status = SubmitStatus(c.port(), c.tokens().observer, 2);
    CHECK((status == 200 || status == 503));
    if (status != 200) std::this_thread::sleep_for(50ms);
  }
  CHECK(status == 200);
  CHECK(std::chrono::steady_clock::now() - start < options.idle_timeout + 2s);
  long grown = RssKiB() - rss;
  INFO("resident set grew by " << grown << " KiB with 1000 connections");
  CHECK(grown < RssBoundKiB());
  idle.clear();
  CheckStillServing(c, 3, rss);
}

TEST_CASE("a connection reset in the middle of a body stores nothing") {
  Collector c(Quick());
  long rss = Baseline(c, 1);
  std::string request =
      RawRequest("POST", "/v1/observations", c.tokens().observer, ObservationJson(13));
  {
    RawConnection client(c.port());
    client.Send(request.substr(0, request.size() - 40));
    std::this_thread::sleep_for(50ms);  // let the server start reading the body
    client.Reset();
  }
  std::this_thread::sleep_for(100ms);
  CHECK_FALSE(Stored(c.port(), c.tokens(), SampleId(13)));
  CheckStillServing(c, 2, rss);
}
