#ifndef MSC_SCORING_AGGREGATE_H_
#define MSC_SCORING_AGGREGATE_H_

// Section 4's figures over a group of contacts that do not need an index: rates,
// wait quantiles, criterion distributions and upsell shares. Tallies are counts, so
// a group's tally is the sum of its parts' tallies.

#include <array>
#include <cstdint>
#include <vector>

#include "contact.h"
#include "msc/v1/report.pb.h"

namespace msc::scoring {

struct RateTally {
  int64_t contacts = 0;
  int64_t served = 0;
  int64_t meets_expectation = 0;
  int64_t meets_benchmark = 0;
  int64_t first_missed = 0;
  int64_t redirected = 0;

  void Add(const ContactFacts& facts, bool redirected_contact);
  void Add(const RateTally& other);
};

// The nearest-rank quantile x_ceil(p*n) for p = numerator / denominator, computed
// in integers so that no rounding moves the rank. Reorders `values`, which must not
// be empty.
int64_t NearestRank(std::vector<int64_t>& values, int numerator, int denominator);

// The rates of a group; `first_waits` holds elapsed(first) in nanoseconds of the
// group's contacts whose first attempt was answered (reordered here).
v1::ContactRates ToRates(const RateTally& tally, std::vector<int64_t>& first_waits);

v1::Zone ZoneOf(double value, const v1::Zones& zones);

struct CriterionTally {
  std::array<int64_t, 6> counts{};  // answers 1..6
  int64_t not_rated = 0;
};
using CriteriaTally = std::array<CriterionTally, kMaxCriteria>;

// Adds a served contact's answers to the criteria that apply to its channel; an
// answer outside 1..6 counts as not rated.
void AddRatings(const std::array<uint8_t, kMaxCriteria>& ratings, int channel,
                const ContactRules& rules, CriteriaTally& tally);
void AddCriteria(const CriteriaTally& part, CriteriaTally& total);

v1::CriterionStats ToCriterionStats(const CriterionTally& tally, const v1::Criterion& criterion,
                                    const v1::Zones& zones);

struct UpsellTally {
  std::array<int64_t, 4> by_value{};  // indexed by v1::Upsell

  // Counts a served contact with upsell recorded; ignores the rest.
  void Add(bool served, v1::Upsell upsell);
  void Add(const UpsellTally& other);
};

v1::UpsellShares ToUpsellShares(const UpsellTally& tally);

}  // namespace msc::scoring

#endif  // MSC_SCORING_AGGREGATE_H_
