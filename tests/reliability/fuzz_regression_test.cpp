// Inputs the fuzz targets found, each with the behaviour it broke. The raw inputs
// are also in tests/fuzz/corpus/<target>/, where the corpus tests replay them.
#include <catch2/catch.hpp>

#include "msc/client/contact_csv.h"
#include "msc/v1/api.pb.h"
#include "reliability.h"

namespace {

using msc::testing::Collector;
using msc::testing::ParseResponses;
using msc::testing::RawConnection;

msc::testing::Response Ask(Collector& c, const std::string& raw) {
  RawConnection client(c.port());
  client.Send(raw);
  bool closed = false;
  auto responses = ParseResponses(client.ReadUntilClosed(std::chrono::seconds(5), &closed));
  REQUIRE(responses.size() == 1);
  return responses[0];
}

}  // namespace

// fuzz_http: "no such resource: <path>" quoted bytes that are not UTF-8; protobuf
// then logged "invalid UTF-8 data when serializing", the JSON message was cut off
// at them and a protobuf client could not parse the Error.
TEST_CASE("an error quoting a path that is not UTF-8 still parses, in protobuf and JSON") {
  Collector c;
  auto res = Ask(c,
                 "GET /v1/\xff\xfe HTTP/1.1\r\nHost: x\r\nAccept: application/x-protobuf\r\n"
                 "Connection: close\r\n\r\n");
  CHECK(res.result_int() == 404);
  msc::v1::Error e;
  REQUIRE(e.ParseFromString(res.body()));
  CHECK(e.message() == "no such resource: /v1/\xEF\xBF\xBD\xEF\xBF\xBD");

  res = Ask(c, "GET /v1/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(res.result_int() == 404);
  REQUIRE(msc::testing::FromJson(res, &e));
  CHECK(e.message() == "no such resource: /v1/\xEF\xBF\xBD\xEF\xBF\xBD");
}

// fuzz_csv: "2900-01-05 11:00:00Z" overflowed int64 nanoseconds (signed overflow,
// undefined behaviour) and came back as some time in the past instead of an error.
TEST_CASE("a CSV timestamp beyond what int64 nanoseconds hold is refused, not wrapped") {
  int64_t ns = 0;
  CHECK_FALSE(msc::client::ParseTimestampNs("2900-01-05 11:00:00Z", &ns));
  CHECK_FALSE(msc::client::ParseTimestampNs("1600-01-05T11:00:00+01:00", &ns));
  REQUIRE(msc::client::ParseTimestampNs("2262-04-11T00:00:00Z", &ns));
  CHECK(ns > 0);
  REQUIRE(msc::client::ParseTimestampNs("2026-01-05T10:00:00+01:00", &ns));
  CHECK(ns == 1767603600LL * 1'000'000'000);
}
