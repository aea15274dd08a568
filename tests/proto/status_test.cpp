#include <catch2/catch.hpp>

#include <string>

#include "msc/proto/status.h"

TEST_CASE("a default status is ok") {
  msc::Status s;
  CHECK(s.ok());
  CHECK(s.ToString() == "ok");
}

TEST_CASE("an invalid status names each field and reason") {
  auto s = msc::Status::Invalid({{"attempts[1].wait", "must be >= 0"},
                                 {"ratings.written_language", "does not apply to PHONE"}});
  CHECK(s.code() == msc::StatusCode::kInvalidArgument);
  CHECK(s.ToString() ==
        "attempts[1].wait: must be >= 0; ratings.written_language: does not apply to PHONE");
}

TEST_CASE("a result holds either its value or its error") {
  msc::Result<std::string> good(std::string("x"));
  msc::Result<std::string> bad(msc::Status::NotFound("no such program"));
  CHECK(good.ok());
  CHECK(*good == "x");
  CHECK_FALSE(bad.ok());
  CHECK(bad.status().code() == msc::StatusCode::kNotFound);
  CHECK(bad.status().message() == "no such program");
}
