// The snapshot decodes scoring's fields from an observation's stored bytes itself;
// protobuf's own parser is the reference it must agree with.
#include <catch2/catch.hpp>

#include <google/protobuf/util/time_util.h>

#include <string>
#include <utility>
#include <vector>

#include "../support/sample.h"
#include "msc/proto/serialize.h"
#include "snapshot_row.h"

namespace {

namespace v1 = msc::v1;
using google::protobuf::util::TimeUtil;
using msc::storage::SnapshotRow;

// Checks every decoded field against a parse of the same bytes.
void CheckAgainstParse(const std::string& raw, const SnapshotRow& row) {
  v1::Observation parsed;
  REQUIRE(parsed.ParseFromString(raw));
  CHECK(row.submission_id == parsed.submission_id());
  CHECK(row.company_id == parsed.company_id());
  CHECK(row.observer_id == parsed.observer_id());
  CHECK(row.channel == parsed.channel());
  CHECK(row.scenario == parsed.scenario());
  CHECK(row.attempt_count == parsed.attempts_size());
  for (int i = 0; i < 2 && i < parsed.attempts_size(); ++i) {
    CHECK(row.started_at_ns[i] ==
          TimeUtil::TimestampToNanoseconds(parsed.attempts(i).started_at()));
    CHECK(row.wait_ns[i] == TimeUtil::DurationToNanoseconds(parsed.attempts(i).wait()));
    CHECK(row.answered[i] == parsed.attempts(i).answered());
  }
  std::vector<std::pair<std::string, int>> decoded;
  msc::storage::DecodeRatings(row.ratings, [&](std::string_view id, int value) {
    decoded.emplace_back(std::string(id), value);
  });
  std::vector<std::pair<std::string, int>> expected(parsed.ratings().begin(),
                                                    parsed.ratings().end());
  std::sort(expected.begin(), expected.end());
  CHECK(decoded == expected);
  CHECK(row.upsell == parsed.upsell());
  CHECK(row.redirected == parsed.redirected());
}

// Observations that differ in every field the snapshot reads.
std::vector<v1::Observation> VariedObservations() {
  std::vector<v1::Observation> all;
  all.push_back(msc::testing::SampleObservation(1));
  v1::Observation two = msc::testing::SampleObservation(2);
  two.set_channel(v1::CHAT);
  two.set_scenario("new-customer-mobile");
  two.mutable_attempts(0)->set_answered(false);
  two.mutable_attempts(0)->mutable_wait()->set_nanos(250'000'000);
  auto* second = two.add_attempts();
  second->mutable_started_at()->set_seconds(msc::testing::kInPeriod + 900);
  second->mutable_started_at()->set_nanos(999'999'999);
  second->mutable_wait()->set_seconds(3600 * 24 * 400);  // a varint of several bytes
  second->set_answered(true);
  two.set_upsell(v1::PUSHY);
  two.set_redirected(true);
  for (const char* id : {"welcome", "understood_need", "a", "solution", "overall"})
    (*two.mutable_ratings())[id] = 6;
  all.push_back(two);
  v1::Observation bare;  // no ratings, no attempts, empty strings
  bare.set_submission_id("x");
  bare.set_channel(v1::EMAIL);
  all.push_back(bare);
  v1::Observation before_1970 = msc::testing::SampleObservation(3);
  before_1970.mutable_attempts(0)->mutable_started_at()->set_seconds(-86400);
  before_1970.mutable_attempts(0)->mutable_wait()->set_seconds(-5);  // negative varints
  before_1970.mutable_attempts(0)->mutable_wait()->set_nanos(-5);
  (*before_1970.mutable_ratings())["overall"] = -3;
  before_1970.set_comment(std::string(5000, 'k'));  // a two-byte length
  all.push_back(before_1970);
  return all;
}

TEST_CASE("a snapshot row holds what a parse of its stored bytes holds") {
  for (const v1::Observation& o : VariedObservations()) {
    const std::string raw = msc::SerializeDeterministic(o);
    SnapshotRow row;
    REQUIRE(msc::storage::DecodeStoredFields(raw, row));
    CheckAgainstParse(raw, row);
  }
}

TEST_CASE("fields a snapshot row does not know are skipped, wherever they lie") {
  const v1::Observation o = VariedObservations()[1];
  std::string raw = msc::SerializeDeterministic(o);
  // Field 99 as a varint, field 98 as fixed32, 97 as fixed64, 96 length-delimited, and
  // a group 95 holding a varint and a group 94.
  const std::string unknown = std::string("\x98\x06\x2a", 3) +
                              std::string(
                                  "\x95\x06"
                                  "abcd",
                                  6) +
                              std::string(
                                  "\x89\x06"
                                  "abcdefgh",
                                  10) +
                              std::string("\x82\x06\x02zz", 5) +
                              std::string(
                                  "\xfb\x05"
                                  "\x08\x01"
                                  "\xf3\x05"
                                  "\xf4\x05"
                                  "\xfc\x05",
                                  10);
  raw = unknown + raw + unknown;
  SnapshotRow row;
  REQUIRE(msc::storage::DecodeStoredFields(raw, row));
  CheckAgainstParse(raw, row);
}

TEST_CASE("stored bytes cut anywhere decode exactly when protobuf parses them") {
  const std::string raw = msc::SerializeDeterministic(VariedObservations()[1]);
  int parsed_prefixes = 0;
  for (size_t n = 0; n <= raw.size(); ++n) {
    const std::string prefix = raw.substr(0, n);
    v1::Observation parsed;
    const bool parses = parsed.ParseFromString(prefix);
    SnapshotRow row;
    INFO("prefix of " << n << " bytes");
    REQUIRE(msc::storage::DecodeStoredFields(prefix, row) == parses);
    if (parses) {
      CheckAgainstParse(prefix, row);
      ++parsed_prefixes;
    }
  }
  CHECK(parsed_prefixes > 5);  // the cuts at field boundaries
  CHECK(parsed_prefixes < static_cast<int>(raw.size()) / 2);
}

TEST_CASE("a rating list that does not parse ends without a rating") {
  std::string_view entries(
      "\x42\x05\x0a\x03"
      "ab",
      6);  // an entry cut inside its key
  std::string_view id;
  int32_t value = 0;
  CHECK_FALSE(msc::storage::TakeRating(entries, &id, &value));
  CHECK(entries.empty());
}

}  // namespace
