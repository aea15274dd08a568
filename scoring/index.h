#ifndef MSC_SCORING_INDEX_H_
#define MSC_SCORING_INDEX_H_

// Section 4's company index I(co) and its 95% interval, from the company's channel
// strata. The same arithmetic gives answered_index and adjusted_index, fed with
// other per-contact values.

#include <cstdint>
#include <optional>
#include <span>

#include "msc/v1/config.pb.h"

namespace msc::scoring {

// The scores of one company's contacts on one channel.
struct Stratum {
  int64_t n = 0;
  double sum = 0;
  double squared_deviations = 0;  // sum of (x - mean)^2

  double mean() const { return sum / static_cast<double>(n); }
  // Sample variance (n - 1); needs n >= 2.
  double variance() const { return squared_deviations / static_cast<double>(n - 1); }
};

// Two passes (mean, then deviations) so that large, tight scores keep their precision.
Stratum Summarize(std::span<const double> scores);

struct IndexEstimate {
  double value = 0;
  std::optional<double> low;  // 95% interval, absent when a stratum has n < 2
  std::optional<double> high;
};

// I(co) over the strata with at least one contact (empty strata are skipped); absent
// when there is none. CHANNEL_BALANCED: the mean of the stratum means, SE =
// sqrt(sum s_h^2 / n_h) / H. POOLED: the mean of all scores, SE = s / sqrt(n).
std::optional<IndexEstimate> CompanyIndex(std::span<const Stratum> strata,
                                          v1::CompanyAggregation aggregation);

// I(co) from per-stratum sums and counts only (no interval): the bootstrap's inner loop.
double IndexFromSums(std::span<const double> sums, std::span<const int64_t> counts,
                     v1::CompanyAggregation aggregation);

}  // namespace msc::scoring

#endif  // MSC_SCORING_INDEX_H_
