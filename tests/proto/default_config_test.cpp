// The shipped default config parses and says exactly what METHODOLOGY.md section 1
// says. The expected message is written out from the methodology's tables, not
// from the file.
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <catch2/catch.hpp>

#include <string>

#include "msc/proto/default_config.h"
#include "msc/v1/config.pb.h"

namespace {

using msc::v1::ScoringConfig;

void AddRule(ScoringConfig& c, msc::v1::Channel ch, int64_t expectation, int64_t benchmark,
             int64_t unanswered_after, msc::v1::Clock clock) {
  auto* r = c.add_channel_rules();
  r->set_channel(ch);
  r->mutable_expectation()->set_seconds(expectation);
  r->mutable_benchmark()->set_seconds(benchmark);
  r->mutable_unanswered_after()->set_seconds(unanswered_after);
  r->set_clock(clock);
}

void AddCriterion(ScoringConfig& c, const std::string& id, const std::string& question,
                  bool written_channels_only = false) {
  auto* k = c.add_criteria();
  k->set_id(id);
  k->set_question(question);
  k->set_weight(1);
  if (written_channels_only) {
    k->add_channels(msc::v1::CHAT);
    k->add_channels(msc::v1::EMAIL);
    k->add_channels(msc::v1::SOCIAL);
  }
}

ScoringConfig MethodologyDefaults() {
  constexpr int64_t kMinute = 60, kHour = 3600;
  ScoringConfig c;
  AddRule(c, msc::v1::PHONE, 40, 60, 5 * kMinute, msc::v1::WALL);
  AddRule(c, msc::v1::CHAT, 60, 3 * kMinute, 5 * kMinute, msc::v1::WALL);
  AddRule(c, msc::v1::EMAIL, 4 * kHour, 8 * kHour, 24 * kHour, msc::v1::BUSINESS);
  AddRule(c, msc::v1::SOCIAL, 1 * kHour, 8 * kHour, 24 * kHour, msc::v1::BUSINESS);
  AddCriterion(c, "welcome", "How were you received and welcomed?");
  AddCriterion(c, "understood_need", "Did the agent understand your need?");
  AddCriterion(c, "engaged", "Did the agent come across as engaged?");
  AddCriterion(c, "competent", "Did the agent come across as competent?");
  AddCriterion(c, "written_language", "Did the agent write good, correct language?", true);
  AddCriterion(c, "solution", "Did the agent find a solution?");
  AddCriterion(c, "efficiency", "Was the contact efficient?");
  AddCriterion(c, "overall", "Overall impression");
  c.set_min_contacts_per_company(10);
  c.set_min_contacts_per_company_channel(3);
  c.set_min_companies_per_industry(3);
  c.set_unanswered_contact_score(0);
  c.set_company_aggregation(msc::v1::CHANNEL_BALANCED);
  c.set_count_received(true);
  c.mutable_zones()->set_green_from(70);
  c.mutable_zones()->set_yellow_from(60);
  c.set_top_industries_per_channel(5);
  auto* cal = c.mutable_calendar();
  cal->set_time_zone("Europe/Oslo");
  cal->set_opens("08:00");
  cal->set_closes("16:00");
  for (auto d :
       {msc::v1::MONDAY, msc::v1::TUESDAY, msc::v1::WEDNESDAY, msc::v1::THURSDAY, msc::v1::FRIDAY})
    cal->add_business_days(d);
  cal->set_holidays(msc::v1::NORWAY);
  c.mutable_bootstrap()->set_replicates(1000);
  c.mutable_bootstrap()->set_seed(1);
  c.set_observer_adjustment(true);
  c.set_rank_by(msc::v1::RAW);
  // The agent result of issue 12: the criteria that judge the agent; the total decides.
  for (const char* id :
       {"welcome", "understood_need", "engaged", "competent", "written_language", "solution"})
    c.add_agent_criteria(id);
  c.set_winner_result(msc::v1::TOTAL);
  // The fieldwork plan of ISSUE 11: 25 per company (PHONE 10, CHAT 8, EMAIL 7),
  // weekdays 09:00-15:00, e-mails before noon, a retry on another day, 3 per observer.
  auto* plan = c.mutable_fieldwork();
  for (auto [channel, n] :
       {std::pair{msc::v1::PHONE, 10}, {msc::v1::CHAT, 8}, {msc::v1::EMAIL, 7}}) {
    auto* q = plan->add_quotas();
    q->set_channel(channel);
    q->set_contacts(n);
  }
  plan->set_window_opens("09:00");
  plan->set_window_closes("15:00");
  plan->set_email_sent_before("12:00");
  plan->set_retry_on_another_day(true);
  plan->set_max_contacts_per_observer_company(3);
  return c;
}

}  // namespace

TEST_CASE("the shipped default config parses as a ScoringConfig") {
  ScoringConfig parsed;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(std::string(msc::DefaultConfigText()),
                                                        &parsed));
}

TEST_CASE("the shipped default config equals the defaults of METHODOLOGY.md") {
  ScoringConfig parsed;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(std::string(msc::DefaultConfigText()),
                                                        &parsed));
  google::protobuf::util::MessageDifferencer diff;
  std::string report;
  diff.ReportDifferencesToString(&report);
  INFO(report);
  CHECK(diff.Compare(MethodologyDefaults(), parsed));
}
