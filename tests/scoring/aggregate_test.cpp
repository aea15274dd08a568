// Section 4's rates, nearest-rank waits, criterion distributions and upsell shares.
#include "aggregate.h"

#include <catch2/catch.hpp>

#include "msc/scoring/config.h"

namespace msc::scoring {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

TEST_CASE("nearest-rank quantiles take x_ceil(p*n)") {
  std::vector<int64_t> ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  CHECK(NearestRank(ten, 1, 2) == 5);   // ceil(5) = 5
  CHECK(NearestRank(ten, 9, 10) == 9);  // ceil(9) = 9
  std::vector<int64_t> three = {30, 10, 20};
  CHECK(NearestRank(three, 1, 2) == 20);   // ceil(1.5) = 2
  CHECK(NearestRank(three, 9, 10) == 30);  // ceil(2.7) = 3
  std::vector<int64_t> one = {7};
  CHECK(NearestRank(one, 9, 10) == 7);
}

TEST_CASE("rates are shares of all contacts and waits cover answered first attempts") {
  RateTally tally;
  ContactFacts served_fast;
  served_fast.served = served_fast.first_answered = served_fast.meets_expectation =
      served_fast.meets_benchmark = true;
  ContactFacts missed;
  missed.first_missed = true;
  tally.Add(served_fast, false);
  tally.Add(served_fast, true);
  tally.Add(missed, false);
  tally.Add(missed, false);
  std::vector<int64_t> waits = {20 * kSecond, 30 * kSecond};
  const v1::ContactRates rates = ToRates(tally, waits);
  CHECK(rates.contacts() == 4);
  CHECK(rates.served() == 2);
  CHECK(rates.compliance_expectation() == 0.5);
  CHECK(rates.first_attempt_missed_rate() == 0.5);
  CHECK(rates.unanswered_rate() == 0.5);
  CHECK(rates.redirect_rate() == 0.25);
  CHECK(rates.median_wait_s() == 20);  // ceil(0.5 * 2) = 1st
  CHECK(rates.p90_wait_s() == 30);     // ceil(1.8) = 2nd
}

TEST_CASE("waits are absent when no first attempt was answered") {
  RateTally tally;
  tally.Add(ContactFacts{}, false);
  std::vector<int64_t> none;
  const v1::ContactRates rates = ToRates(tally, none);
  CHECK_FALSE(rates.has_median_wait_s());
  CHECK_FALSE(rates.has_p90_wait_s());
}

TEST_CASE("quantiles keep fractions of a second") {
  RateTally tally;
  std::vector<int64_t> waits = {1'500'000'000};
  CHECK(ToRates(tally, waits).median_wait_s() == 1.5);
}

TEST_CASE("zones start at green_from and yellow_from inclusive") {
  const v1::Zones& zones = DefaultConfig().zones();
  CHECK(ZoneOf(70, zones) == v1::GREEN);
  CHECK(ZoneOf(69.999, zones) == v1::YELLOW);
  CHECK(ZoneOf(60, zones) == v1::YELLOW);
  CHECK(ZoneOf(59.9, zones) == v1::RED);
}

TEST_CASE("a criterion's distribution counts answers and the contacts not rating it") {
  const ContactRules rules = ContactRules::From(DefaultConfig());
  CriteriaTally tally{};
  std::array<uint8_t, kMaxCriteria> ratings{};
  for (int answer : {3, 4, 4, 5}) {
    ratings[0] = static_cast<uint8_t>(answer);
    AddRatings(ratings, v1::PHONE, rules, tally);
  }
  ratings[0] = 0;
  AddRatings(ratings, v1::PHONE, rules, tally);
  const v1::CriterionStats stats =
      ToCriterionStats(tally[0], DefaultConfig().criteria(0), DefaultConfig().zones());
  CHECK(stats.criterion_id() == "welcome");
  CHECK(std::vector<int64_t>(stats.counts().begin(), stats.counts().end()) ==
        std::vector<int64_t>{0, 0, 1, 2, 1, 0});
  CHECK(stats.not_rated() == 1);
  CHECK(stats.mean_1_6() == Approx(4.0));  // (3 + 4 + 4 + 5) / 4
  CHECK(stats.mean_100() == Approx(60.0));
  CHECK(stats.zone() == v1::YELLOW);
  // written_language does not apply to PHONE: no counts at all.
  CHECK(tally[4].not_rated == 0);
}

TEST_CASE("a criterion nobody rated has no mean and no zone") {
  const v1::CriterionStats stats =
      ToCriterionStats(CriterionTally{}, DefaultConfig().criteria(0), DefaultConfig().zones());
  CHECK_FALSE(stats.has_mean_1_6());
  CHECK(stats.zone() == v1::ZONE_UNSPECIFIED);
}

TEST_CASE("upsell shares cover served contacts with upsell recorded") {
  UpsellTally tally;
  tally.Add(true, v1::NONE);
  tally.Add(true, v1::NONE);
  tally.Add(true, v1::PUSHY);
  tally.Add(true, v1::NEEDS_BASED);
  tally.Add(true, v1::UPSELL_UNSPECIFIED);  // not recorded
  tally.Add(false, v1::PUSHY);              // not served
  const v1::UpsellShares shares = ToUpsellShares(tally);
  CHECK(shares.contacts() == 4);
  CHECK(shares.none() == 0.5);
  CHECK(shares.needs_based() == 0.25);
  CHECK(shares.pushy() == 0.25);
}

}  // namespace
}  // namespace msc::scoring
