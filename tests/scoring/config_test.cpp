// The scoring config: defaults, text format, overrides and validation.
#include "msc/scoring/config.h"

#include <google/protobuf/util/message_differencer.h>
#include <catch2/catch.hpp>

#include "msc/scoring/score.h"

namespace msc::scoring {
namespace {

using google::protobuf::util::MessageDifferencer;

std::vector<std::string> Fields(const Status& status) {
  std::vector<std::string> fields;
  for (const FieldIssue& issue : status.field_errors()) fields.push_back(issue.field);
  return fields;
}

bool Contains(const std::vector<std::string>& fields, const std::string& field) {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

TEST_CASE("the defaults are the reference award's figures and validate") {
  const v1::ScoringConfig& config = DefaultConfig();
  CHECK(config.min_contacts_per_company() == 10);
  CHECK(config.company_aggregation() == v1::CHANNEL_BALANCED);
  CHECK(config.criteria_size() == 8);
  CHECK(RuleFor(config, v1::EMAIL)->unanswered_after().seconds() == 86400);
  CHECK(RuleFor(config, v1::EMAIL)->clock() == v1::BUSINESS);
  CHECK(config.bootstrap().seed() == 1);
  CHECK(ValidateConfig(config).ok());
}

TEST_CASE("a textproto override changes only what it sets") {
  Result<v1::ScoringConfig> overrides = ParseConfigText(R"(
    min_contacts_per_company: 5
    count_received: false
    zones { green_from: 75 }
    calendar { extra_closed_dates: "2018-12-27" }
  )");
  REQUIRE(overrides.ok());
  const v1::ScoringConfig merged = ApplyOverrides(DefaultConfig(), *overrides);
  v1::ScoringConfig expected = DefaultConfig();
  expected.set_min_contacts_per_company(5);
  expected.set_count_received(false);  // a false that is set still overrides
  expected.mutable_zones()->set_green_from(75);
  expected.mutable_calendar()->add_extra_closed_dates("2018-12-27");
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  INFO(difference);
  CHECK(differencer.Compare(expected, merged));
}

TEST_CASE("a repeated field in an override replaces the default list") {
  Result<v1::ScoringConfig> overrides = ParseConfigText(R"(
    criteria { id: "overall" question: "Overall" }
    calendar { business_days: [MONDAY, TUESDAY] }
  )");
  REQUIRE(overrides.ok());
  const v1::ScoringConfig merged = ApplyOverrides(DefaultConfig(), *overrides);
  REQUIRE(merged.criteria_size() == 1);
  CHECK(merged.criteria(0).id() == "overall");
  CHECK(merged.calendar().business_days_size() == 2);
  CHECK(merged.channel_rules_size() == 4);  // not set: kept
  CHECK(ValidateConfig(merged).ok());
}

TEST_CASE("a program without a config is scored with the defaults") {
  v1::Program program;
  CHECK(MessageDifferencer::Equals(EffectiveConfig(program), DefaultConfig()));
  program.mutable_config()->set_rank_by(v1::ADJUSTED);
  CHECK(EffectiveConfig(program).rank_by() == v1::ADJUSTED);
  CHECK(EffectiveConfig(program).min_contacts_per_company() == 10);
}

TEST_CASE("a text-format error names line and column") {
  Result<v1::ScoringConfig> parsed =
      ParseConfigText("min_contacts_per_company: 5\nzones { red: 1 }\n");
  REQUIRE_FALSE(parsed.ok());
  REQUIRE(parsed.status().field_errors().size() == 1);
  // The parser stops after the unknown name "red", at the colon.
  CHECK(parsed.status().field_errors()[0].field == "line 2:12");
  CHECK_THAT(parsed.status().field_errors()[0].reason, Catch::Contains("red"));
  CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("invalid thresholds name the channel rule's fields") {
  v1::ScoringConfig config = DefaultConfig();
  config.mutable_channel_rules(0)->mutable_benchmark()->set_seconds(10);  // < expectation 40
  config.mutable_channel_rules(1)->set_channel(v1::PHONE);                // PHONE twice, no CHAT
  const std::vector<std::string> fields = Fields(ValidateConfig(config));
  CHECK(Contains(fields, "channel_rules[0].benchmark"));
  CHECK(Contains(fields, "channel_rules[1].channel"));
  CHECK(Contains(fields, "channel_rules"));  // no rule for CHAT
}

TEST_CASE("invalid criteria name the criterion's fields") {
  v1::ScoringConfig config = DefaultConfig();
  config.mutable_criteria(1)->set_id("welcome");
  config.mutable_criteria(2)->set_weight(0);
  const std::vector<std::string> fields = Fields(ValidateConfig(config));
  // understood_need, an agent criterion, is no longer in the catalogue.
  CHECK(fields ==
        std::vector<std::string>{"criteria[1].id", "criteria[2].weight", "agent_criteria[1]"});
  for (int i = 0; i < kMaxCriteria; ++i) {
    config.add_criteria()->set_id("extra" + std::to_string(i));
  }
  CHECK(Contains(Fields(ValidateConfig(config)), "criteria"));
}

TEST_CASE("invalid scalars, zones, calendar and ranking name their fields") {
  v1::ScoringConfig config = DefaultConfig();
  config.set_min_contacts_per_company(0);
  config.mutable_zones()->set_yellow_from(80);  // above green_from 70
  config.mutable_calendar()->set_time_zone("Mars/Olympus");
  config.set_observer_adjustment(false);
  config.set_rank_by(v1::ADJUSTED);
  config.clear_unanswered_contact_score();
  const std::vector<std::string> fields = Fields(ValidateConfig(config));
  CHECK(Contains(fields, "min_contacts_per_company"));
  CHECK(Contains(fields, "zones.yellow_from"));
  CHECK(Contains(fields, "calendar.time_zone"));
  CHECK(Contains(fields, "rank_by"));
  CHECK(Contains(fields, "unanswered_contact_score"));
  CHECK(fields.size() == 5);
}

TEST_CASE("criteria apply to their listed channels, or to all when none are listed") {
  const v1::ScoringConfig& config = DefaultConfig();
  CHECK(CriterionApplies(config.criteria(0), v1::PHONE));
  CHECK_FALSE(CriterionApplies(config.criteria(4), v1::PHONE));  // written_language
  CHECK(CriterionApplies(config.criteria(4), v1::EMAIL));
  CHECK(RuleFor(config, v1::CHANNEL_UNSPECIFIED) == nullptr);
}

}  // namespace
}  // namespace msc::scoring
