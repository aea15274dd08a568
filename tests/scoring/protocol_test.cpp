// The contact protocol (scoring/protocol.cc and scoring/README.md "Fieldwork"):
// each rule on contacts placed by hand on the Oslo calendar.
#include "msc/scoring/protocol.h"

#include <google/protobuf/util/time_util.h>

#include <catch2/catch.hpp>

#include "builders.h"
#include "msc/scoring/config.h"

namespace msc::scoring {
namespace {

using google::protobuf::util::TimeUtil;
using testing::Oslo;
using Flags = std::vector<v1::ProtocolFlag>;

const BusinessCalendar& Calendar() {
  static const BusinessCalendar calendar =
      BusinessCalendar::Create(DefaultConfig().calendar(), 2026, 2026).value();
  return calendar;
}

const v1::FieldworkPlan& Plan() { return DefaultConfig().fieldwork(); }

v1::Observation Observed(v1::Channel channel, std::initializer_list<int64_t> starts) {
  v1::Observation o;
  o.set_channel(channel);
  for (int64_t ns : starts) {
    v1::Attempt* a = o.add_attempts();
    *a->mutable_started_at() = TimeUtil::NanosecondsToTimestamp(ns);
    a->mutable_wait()->set_seconds(30);
  }
  return o;
}

Flags Own(const v1::Observation& o) { return ContactFlags(o, Plan(), Calendar()); }

}  // namespace

TEST_CASE("protocol: a call on a weekday inside 09:00-15:00 breaks no rule") {
  // Tuesday 3 March 2026.
  CHECK(Own(Observed(v1::PHONE, {Oslo(2026, 3, 3, 9, 0)})).empty());
  CHECK(Own(Observed(v1::PHONE, {Oslo(2026, 3, 3, 14, 59)})).empty());
}

TEST_CASE(
    "protocol: before opening, at closing, on a Saturday or a holiday is outside the window") {
  const Flags outside{v1::OUTSIDE_CONTACT_WINDOW};
  CHECK(Own(Observed(v1::CHAT, {Oslo(2026, 3, 3, 8, 59)})) == outside);
  CHECK(Own(Observed(v1::CHAT, {Oslo(2026, 3, 3, 15, 0)})) == outside);   // closes is exclusive
  CHECK(Own(Observed(v1::CHAT, {Oslo(2026, 3, 7, 10, 0)})) == outside);   // a Saturday
  CHECK(Own(Observed(v1::CHAT, {Oslo(2026, 5, 14, 10, 0)})) == outside);  // Ascension Day
  CHECK(Own(Observed(v1::CHAT, {Oslo(2026, 3, 3, 10, 0), Oslo(2026, 3, 4, 16, 0)})) == outside);
}

TEST_CASE("protocol: the window is read on the Oslo clock, summer time included") {
  // 07:30 UTC on 1 July is 09:30 in Oslo (UTC+2): inside; in January (UTC+1) 08:30.
  CHECK(Own(Observed(v1::PHONE, {testing::Utc(2026, 7, 1, 7, 30)})).empty());
  CHECK(Own(Observed(v1::PHONE, {testing::Utc(2026, 1, 7, 7, 30)})) ==
        Flags{v1::OUTSIDE_CONTACT_WINDOW});
}

TEST_CASE("protocol: an e-mail sent at noon or later breaks the e-mail rule") {
  CHECK(Own(Observed(v1::EMAIL, {Oslo(2026, 3, 3, 11, 59)})).empty());
  CHECK(Own(Observed(v1::EMAIL, {Oslo(2026, 3, 3, 12, 0)})) == Flags{v1::EMAIL_SENT_AFTER_NOON});
  // A phone call at 13:00 is fine: the noon rule is for e-mails.
  CHECK(Own(Observed(v1::PHONE, {Oslo(2026, 3, 3, 13, 0)})).empty());
}

TEST_CASE("protocol: a second attempt on the first one's local date is a same-day retry") {
  CHECK(Own(Observed(v1::PHONE, {Oslo(2026, 3, 3, 9, 30), Oslo(2026, 3, 3, 14, 0)})) ==
        Flags{v1::RETRY_SAME_DAY});
  CHECK(Own(Observed(v1::PHONE, {Oslo(2026, 3, 3, 9, 30), Oslo(2026, 3, 4, 9, 30)})).empty());
  v1::FieldworkPlan plan = Plan();
  plan.set_retry_on_another_day(false);
  CHECK(ContactFlags(Observed(v1::PHONE, {Oslo(2026, 3, 3, 9, 30), Oslo(2026, 3, 3, 14, 0)}), plan,
                     Calendar())
            .empty());
}

TEST_CASE("protocol: several rules at once come in flag order") {
  CHECK(Own(Observed(v1::EMAIL, {Oslo(2026, 3, 7, 13, 0)})) ==
        Flags{v1::OUTSIDE_CONTACT_WINDOW, v1::EMAIL_SENT_AFTER_NOON});
}

TEST_CASE("protocol: the fourth contact by one observer at a company repeats the company") {
  const v1::Observation o = Observed(v1::PHONE, {Oslo(2026, 3, 3, 10, 0)});
  CHECK(CountFlags(o, Plan(), {2, 0}).empty());
  CHECK(CountFlags(o, Plan(), {3, 0}) == Flags{v1::OBSERVER_REPEATS_COMPANY});
}

TEST_CASE("protocol: a contact past the company's quota on its channel is over quota") {
  CHECK(CountFlags(Observed(v1::PHONE, {}), Plan(), {0, 9}).empty());
  CHECK(CountFlags(Observed(v1::PHONE, {}), Plan(), {0, 10}) == Flags{v1::OVER_QUOTA});
  CHECK(CountFlags(Observed(v1::EMAIL, {}), Plan(), {0, 7}) == Flags{v1::OVER_QUOTA});
  // The plan has no social contacts: every one is over quota.
  CHECK(CountFlags(Observed(v1::SOCIAL, {}), Plan(), {0, 0}) == Flags{v1::OVER_QUOTA});
  CHECK(PlannedContacts(Plan(), v1::CHAT) == 8);
}

TEST_CASE("protocol: a fieldwork plan with bad hours or counts is refused with field paths") {
  v1::ScoringConfig config = DefaultConfig();
  config.mutable_fieldwork()->set_window_opens("9am");
  config.mutable_fieldwork()->set_window_closes("08:00");
  config.mutable_fieldwork()->mutable_quotas(0)->set_contacts(-1);
  config.mutable_fieldwork()->set_max_contacts_per_observer_company(0);
  Status s = ValidateConfig(config);
  std::vector<std::string> fields;
  for (const auto& f : s.field_errors()) fields.push_back(f.field);
  CHECK(fields == std::vector<std::string>{"fieldwork.quotas[0].contacts", "fieldwork.window_opens",
                                           "fieldwork.max_contacts_per_observer_company"});
  CHECK(ValidateConfig(DefaultConfig()).ok());
}

}  // namespace msc::scoring
