#include "aggregate.h"

#include <algorithm>
#include <cassert>

namespace msc::scoring {
namespace {

double Share(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

double Seconds(int64_t nanos) { return static_cast<double>(nanos) / 1e9; }

}  // namespace

void RateTally::Add(const ContactFacts& facts, bool redirected_contact) {
  ++contacts;
  served += facts.served;
  meets_expectation += facts.meets_expectation;
  meets_benchmark += facts.meets_benchmark;
  first_missed += facts.first_missed;
  redirected += redirected_contact;
}

void RateTally::Add(const RateTally& other) {
  contacts += other.contacts;
  served += other.served;
  meets_expectation += other.meets_expectation;
  meets_benchmark += other.meets_benchmark;
  first_missed += other.first_missed;
  redirected += other.redirected;
}

int64_t NearestRank(std::vector<int64_t>& values, int numerator, int denominator) {
  assert(!values.empty() && numerator > 0 && numerator <= denominator);
  const int64_t n = static_cast<int64_t>(values.size());
  const int64_t rank = (numerator * n + denominator - 1) / denominator;  // ceil(p * n), >= 1
  const auto nth = values.begin() + (rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

v1::ContactRates ToRates(const RateTally& tally, std::vector<int64_t>& first_waits) {
  v1::ContactRates rates;
  rates.set_contacts(tally.contacts);
  rates.set_served(tally.served);
  rates.set_compliance_expectation(Share(tally.meets_expectation, tally.contacts));
  rates.set_compliance_benchmark(Share(tally.meets_benchmark, tally.contacts));
  rates.set_first_attempt_missed_rate(Share(tally.first_missed, tally.contacts));
  rates.set_unanswered_rate(Share(tally.contacts - tally.served, tally.contacts));
  rates.set_redirect_rate(Share(tally.redirected, tally.contacts));
  if (!first_waits.empty()) {
    rates.set_median_wait_s(Seconds(NearestRank(first_waits, 1, 2)));
    rates.set_p90_wait_s(Seconds(NearestRank(first_waits, 9, 10)));
  }
  return rates;
}

v1::Zone ZoneOf(double value, const v1::Zones& zones) {
  if (value >= zones.green_from()) return v1::GREEN;
  if (value >= zones.yellow_from()) return v1::YELLOW;
  return v1::RED;
}

void AddRatings(const std::array<uint8_t, kMaxCriteria>& ratings, int channel,
                const ContactRules& rules, CriteriaTally& tally) {
  for (int i = 0; i < rules.criteria_count; ++i) {
    if (!rules.Applies(i, channel)) continue;
    const int rating = ratings[i];
    if (rating >= 1 && rating <= 6) {
      ++tally[i].counts[rating - 1];
    } else {
      ++tally[i].not_rated;
    }
  }
}

void AddCriteria(const CriteriaTally& part, CriteriaTally& total) {
  for (size_t i = 0; i < part.size(); ++i) {
    for (int r = 0; r < 6; ++r) total[i].counts[r] += part[i].counts[r];
    total[i].not_rated += part[i].not_rated;
  }
}

v1::CriterionStats ToCriterionStats(const CriterionTally& tally, const v1::Criterion& criterion,
                                    const v1::Zones& zones) {
  v1::CriterionStats stats;
  stats.set_criterion_id(criterion.id());
  stats.set_question(criterion.question());
  int64_t rated = 0, sum = 0;
  for (int r = 0; r < 6; ++r) {
    stats.add_counts(tally.counts[r]);
    rated += tally.counts[r];
    sum += tally.counts[r] * (r + 1);
  }
  stats.set_not_rated(tally.not_rated);
  if (rated > 0) {
    const double mean = static_cast<double>(sum) / static_cast<double>(rated);
    stats.set_mean_1_6(mean);
    stats.set_mean_100((mean - 1) * 20);
    stats.set_zone(ZoneOf(stats.mean_100(), zones));
  }
  return stats;
}

void UpsellTally::Add(bool served, v1::Upsell upsell) {
  if (served && upsell >= v1::NONE && upsell <= v1::PUSHY) ++by_value[upsell];
}

void UpsellTally::Add(const UpsellTally& other) {
  for (size_t i = 0; i < by_value.size(); ++i) by_value[i] += other.by_value[i];
}

v1::UpsellShares ToUpsellShares(const UpsellTally& tally) {
  v1::UpsellShares shares;
  const int64_t total =
      tally.by_value[v1::NONE] + tally.by_value[v1::NEEDS_BASED] + tally.by_value[v1::PUSHY];
  shares.set_contacts(total);
  shares.set_none(Share(tally.by_value[v1::NONE], total));
  shares.set_needs_based(Share(tally.by_value[v1::NEEDS_BASED], total));
  shares.set_pushy(Share(tally.by_value[v1::PUSHY], total));
  return shares;
}

}  // namespace msc::scoring
