// Request bodies in JSON and protobuf, and the errors that name the bad field.
#include "codec.h"

#include <google/protobuf/util/message_differencer.h>
#include <catch2/catch.hpp>

#include "msc/v1/api.pb.h"
#include "../support/sample.h"

namespace {

using msc::collector::Decode;
using msc::collector::Encode;
using msc::collector::Format;
using msc::collector::FormatOf;
using msc::collector::ResponseFormat;

}  // namespace

TEST_CASE("content types name the format") {
  CHECK(FormatOf("application/json") == Format::kJson);
  CHECK(FormatOf("Application/JSON; charset=utf-8") == Format::kJson);
  CHECK(FormatOf("application/x-protobuf") == Format::kProtobuf);
  CHECK_FALSE(FormatOf("text/plain").has_value());
  CHECK(ResponseFormat("", "application/x-protobuf") == Format::kProtobuf);
  CHECK(ResponseFormat("application/json", "application/x-protobuf") == Format::kJson);
  CHECK(ResponseFormat("*/*", "") == Format::kJson);
}

TEST_CASE("JSON accepts lowerCamelCase and proto field names") {
  msc::v1::Observation a, b;
  REQUIRE(Decode(R"({"submissionId":"x","channel":"PHONE"})", Format::kJson, &a).ok());
  REQUIRE(Decode(R"({"submission_id":"x","channel":"PHONE"})", Format::kJson, &b).ok());
  CHECK(a.submission_id() == "x");
  CHECK(a.SerializeAsString() == b.SerializeAsString());
}

TEST_CASE("an unknown JSON field is an error that names it") {
  msc::v1::Observation o;
  auto s = Decode(R"({"submissionId":"x","bogus":1})", Format::kJson, &o);
  REQUIRE(s.code() == msc::StatusCode::kInvalidArgument);
  REQUIRE(s.field_errors().size() == 1);
  CHECK(s.field_errors()[0].field == "bogus");

  s = Decode(R"({"attempts":[{"waitt":"1s"}]})", Format::kJson, &o);
  REQUIRE(s.field_errors().size() == 1);
  CHECK(s.field_errors()[0].field == "attempts[0].waitt");
}

TEST_CASE("malformed bodies are errors, not crashes") {
  msc::v1::Observation o;
  CHECK(Decode("{not json", Format::kJson, &o).code() == msc::StatusCode::kInvalidArgument);
  CHECK(Decode("\xff\xff\xff", Format::kProtobuf, &o).code() == msc::StatusCode::kInvalidArgument);
  auto s = Decode(R"({"channel":"FAX"})", Format::kJson, &o);
  REQUIRE(s.field_errors().size() == 1);
  CHECK(s.field_errors()[0].field == "channel");
}

TEST_CASE("both formats round-trip") {
  auto o = msc::testing::SampleObservation();
  for (Format f : {Format::kJson, Format::kProtobuf}) {
    msc::v1::Observation back;
    REQUIRE(Decode(Encode(o, f), f, &back).ok());
    CHECK(google::protobuf::util::MessageDifferencer::Equals(back, o));
  }
}
