// Validation at submission (METHODOLOGY.md section 2): every rule, with the path
// and the reason of its field error.
#include "msc/collector/validation.h"

#include <google/protobuf/util/time_util.h>
#include <catch2/catch.hpp>

#include <string>

#include "../support/sample.h"

namespace {

using google::protobuf::util::TimeUtil;
using msc::FieldIssue;
using msc::collector::RegisterView;
using msc::collector::Validate;
using msc::testing::SampleObservation;
namespace v1 = msc::v1;

const RegisterView& View() {
  static const RegisterView view = RegisterView::FromRegister(msc::testing::SampleRegister());
  return view;
}

std::string Describe(const std::vector<FieldIssue>& issues) {
  std::string s;
  for (const auto& i : issues) s += i.field + ": " + i.reason + "\n";
  return s;
}

// Exactly one issue, on `field`, whose reason contains `reason`.
void RequireOnly(const v1::Observation& o, const std::string& field, const std::string& reason) {
  auto issues = Validate(o, View());
  INFO(Describe(issues));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].field == field);
  CHECK_THAT(issues[0].reason, Catch::Contains(reason));
}

v1::Attempt* SecondAttempt(v1::Observation& o, int64_t offset_s) {
  o.mutable_attempts(0)->set_answered(false);
  auto* a = o.add_attempts();
  *a->mutable_started_at() = o.attempts(0).started_at() + TimeUtil::SecondsToDuration(offset_s);
  *a->mutable_wait() = TimeUtil::SecondsToDuration(20);
  a->set_answered(true);
  return a;
}

}  // namespace

TEST_CASE("a complete observation is valid") {
  CHECK(Validate(SampleObservation(), View()).empty());
}

TEST_CASE("submission_id is a UUID") {
  auto o = SampleObservation();
  o.clear_submission_id();
  RequireOnly(o, "submission_id", "required");
  o.set_submission_id("not-a-uuid");
  RequireOnly(o, "submission_id", "UUID");
  o.set_submission_id("123E4567-E89B-12D3-A456-426614174000");
  CHECK(Validate(o, View()).empty());
  CHECK_FALSE(msc::collector::IsUuid("123e4567e89b12d3a456426614174000"));
  CHECK_FALSE(msc::collector::IsUuid("123e4567-e89b-12d3-a456-42661417400g"));
}

TEST_CASE("program, company and observer exist") {
  auto o = SampleObservation();
  o.set_program_id("p9");
  RequireOnly(o, "program_id", "unknown program p9");
  o = SampleObservation();
  o.set_company_id("acme");
  RequireOnly(o, "company_id", "unknown company acme");
  o = SampleObservation();
  o.set_observer_id("obs-9");
  RequireOnly(o, "observer_id", "unknown observer obs-9");
  o.set_observer_id("obs-retired");
  RequireOnly(o, "observer_id", "not active");
  o.clear_observer_id();
  RequireOnly(o, "observer_id", "required");
}

TEST_CASE("channel is set") {
  auto o = SampleObservation();
  o.set_channel(v1::CHANNEL_UNSPECIFIED);
  RequireOnly(o, "channel", "required");
  o.set_channel(static_cast<v1::Channel>(9));
  RequireOnly(o, "channel", "unknown channel 9");
}

TEST_CASE("1 or 2 attempts, exactly 1 for EMAIL") {
  auto o = SampleObservation();
  o.clear_attempts();
  o.clear_ratings();
  RequireOnly(o, "attempts", "at least one attempt");

  o = SampleObservation();
  SecondAttempt(o, 60);
  CHECK(Validate(o, View()).empty());
  SecondAttempt(o, 120);
  RequireOnly(o, "attempts", "at most 2 attempts");

  o = SampleObservation();
  o.set_channel(v1::EMAIL);
  SecondAttempt(o, 3600);
  RequireOnly(o, "attempts", "EMAIL contact has exactly 1 attempt");
}

TEST_CASE("attempts are in time order") {
  auto o = SampleObservation();
  SecondAttempt(o, -60);
  RequireOnly(o, "attempts[1].started_at", "time order");
}

TEST_CASE("started_at and wait are present, wait >= 0") {
  auto o = SampleObservation();
  o.mutable_attempts(0)->clear_started_at();
  RequireOnly(o, "attempts[0].started_at", "required");

  o = SampleObservation();
  o.mutable_attempts(0)->clear_wait();
  RequireOnly(o, "attempts[0].wait", "required");

  o = SampleObservation();
  *SecondAttempt(o, 60)->mutable_wait() = TimeUtil::SecondsToDuration(-1);
  RequireOnly(o, "attempts[1].wait", ">= 0");

  o = SampleObservation();
  *o.mutable_attempts(0)->mutable_wait() = TimeUtil::SecondsToDuration(0);
  CHECK(Validate(o, View()).empty());
}

TEST_CASE("ratings name known criteria that apply to the channel, values 1..6") {
  auto o = SampleObservation();
  (*o.mutable_ratings())["friendliness"] = 5;
  RequireOnly(o, "ratings.friendliness", "unknown criterion friendliness");

  o = SampleObservation();
  (*o.mutable_ratings())["written_language"] = 5;
  RequireOnly(o, "ratings.written_language", "written_language does not apply to PHONE");
  o.set_channel(v1::CHAT);
  CHECK(Validate(o, View()).empty());

  o = SampleObservation();
  (*o.mutable_ratings())["overall"] = 0;
  RequireOnly(o, "ratings.overall", "1..6");
  (*o.mutable_ratings())["overall"] = 7;
  RequireOnly(o, "ratings.overall", "1..6");
  for (int v = 1; v <= 6; ++v) {
    (*o.mutable_ratings())["overall"] = v;
    CHECK(Validate(o, View()).empty());
  }
}

TEST_CASE("answered contacts have ratings, unanswered ones none") {
  auto o = SampleObservation();
  o.clear_ratings();
  RequireOnly(o, "ratings", "at least one rating");

  o = SampleObservation();
  o.mutable_attempts(0)->set_answered(false);
  RequireOnly(o, "ratings", "no answered attempt has no ratings");
  o.clear_ratings();
  CHECK(Validate(o, View()).empty());
}

TEST_CASE("the first attempt starts inside the period; a second may fall after") {
  auto o = SampleObservation();
  *o.mutable_attempts(0)->mutable_started_at() =
      TimeUtil::SecondsToTimestamp(msc::testing::kPeriodStart - 1);
  RequireOnly(o, "attempts[0].started_at", "outside the period of program p1");

  *o.mutable_attempts(0)->mutable_started_at() =
      TimeUtil::SecondsToTimestamp(msc::testing::kPeriodStart);
  CHECK(Validate(o, View()).empty());

  *o.mutable_attempts(0)->mutable_started_at() =
      TimeUtil::SecondsToTimestamp(msc::testing::kPeriodEnd);  // the end is excluded
  RequireOnly(o, "attempts[0].started_at", "outside the period");

  *o.mutable_attempts(0)->mutable_started_at() =
      TimeUtil::SecondsToTimestamp(msc::testing::kPeriodEnd - 10);
  SecondAttempt(o, 60);
  CHECK(Validate(o, View()).empty());
}

TEST_CASE("comment is at most 4,000 characters, counted as code points") {
  auto o = SampleObservation();
  std::string comment;
  for (int i = 0; i < 4000; ++i) comment += "\xc3\xa6";  // æ: two bytes, one character
  o.set_comment(comment);
  CHECK(Validate(o, View()).empty());
  o.set_comment(comment + "x");
  RequireOnly(o, "comment", "at most 4000 characters");
}

TEST_CASE("every broken rule is reported, not only the first") {
  auto o = SampleObservation();
  o.set_submission_id("x");
  o.set_company_id("acme");
  (*o.mutable_ratings())["overall"] = 9;
  auto issues = Validate(o, View());
  INFO(Describe(issues));
  CHECK(issues.size() == 3);
}

TEST_CASE("the program's config decides the criterion catalogue") {
  auto reg = msc::testing::SampleRegister();
  auto* criterion = reg.mutable_programs(0)->mutable_config()->add_criteria();
  criterion->set_id("hold_music");
  criterion->add_channels(v1::PHONE);
  auto view = RegisterView::FromRegister(reg);

  auto o = SampleObservation();
  o.clear_ratings();
  (*o.mutable_ratings())["hold_music"] = 3;
  CHECK(Validate(o, view).empty());
  (*o.mutable_ratings())["overall"] = 3;  // replaced: the list overrides the default one
  auto issues = Validate(o, view);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].field == "ratings.overall");
}

TEST_CASE("an observer whose register entry leaves out active may submit") {
  v1::Register reg = msc::testing::SampleRegister();
  reg.mutable_observers(0)->clear_active();  // obs-1, as a register file without the field
  const RegisterView view = RegisterView::FromRegister(reg);
  CHECK(Validate(SampleObservation(), view).empty());
  reg.mutable_observers(0)->set_active(false);
  auto issues = Validate(SampleObservation(), RegisterView::FromRegister(reg));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].field == "observer_id");
}

TEST_CASE("a scenario is free text until the program lists its scenarios") {
  v1::Observation o = SampleObservation(1);
  o.set_scenario("anything-goes");
  CHECK(Validate(o, View()).empty());
}

TEST_CASE("once a program lists scenarios, a contact names one of them or none") {
  v1::Register reg = msc::testing::SampleRegister();
  for (const char* id : {"switch-provider", "billing"}) {
    v1::Scenario* s = reg.mutable_programs(0)->add_scenarios();
    s->set_id(id);
    s->set_name(id);
  }
  const RegisterView view = RegisterView::FromRegister(reg);
  v1::Observation o = SampleObservation(1);
  o.set_scenario("billing");
  CHECK(Validate(o, view).empty());
  o.clear_scenario();
  CHECK(Validate(o, view).empty());
  o.set_scenario("new-customer");
  auto issues = Validate(o, view);
  INFO(Describe(issues));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].field == "scenario");
  CHECK_THAT(issues[0].reason, Catch::Contains("unknown scenario new-customer"));
  CHECK_THAT(issues[0].reason, Catch::Contains("switch-provider, billing"));
}
