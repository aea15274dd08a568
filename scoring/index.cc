#include "index.h"

#include <cassert>
#include <cmath>

namespace msc::scoring {
namespace {

constexpr double kZ95 = 1.96;

IndexEstimate WithInterval(double value, double standard_error) {
  return {value, value - kZ95 * standard_error, value + kZ95 * standard_error};
}

std::optional<IndexEstimate> Balanced(std::span<const Stratum> strata) {
  int channels = 0;
  double means = 0, variance_terms = 0;
  bool interval = true;
  for (const Stratum& s : strata) {
    if (s.n == 0) continue;
    ++channels;
    means += s.mean();
    if (s.n < 2) {
      interval = false;
    } else {
      variance_terms += s.variance() / static_cast<double>(s.n);
    }
  }
  if (channels == 0) return std::nullopt;
  const double value = means / channels;
  if (!interval) return IndexEstimate{value, std::nullopt, std::nullopt};
  return WithInterval(value, std::sqrt(variance_terms) / channels);
}

std::optional<IndexEstimate> Pooled(std::span<const Stratum> strata) {
  int64_t n = 0;
  double sum = 0;
  for (const Stratum& s : strata) {
    n += s.n;
    sum += s.sum;
  }
  if (n == 0) return std::nullopt;
  const double value = sum / static_cast<double>(n);
  if (n < 2) return IndexEstimate{value, std::nullopt, std::nullopt};
  // Within-stratum deviations plus the strata's offsets from the pooled mean.
  double squared_deviations = 0;
  for (const Stratum& s : strata) {
    if (s.n == 0) continue;
    const double offset = s.mean() - value;
    squared_deviations += s.squared_deviations + static_cast<double>(s.n) * offset * offset;
  }
  const double sd = std::sqrt(squared_deviations / static_cast<double>(n - 1));
  return WithInterval(value, sd / std::sqrt(static_cast<double>(n)));
}

}  // namespace

Stratum Summarize(std::span<const double> scores) {
  Stratum s;
  s.n = static_cast<int64_t>(scores.size());
  for (double x : scores) s.sum += x;
  if (s.n == 0) return s;
  const double mean = s.mean();
  for (double x : scores) s.squared_deviations += (x - mean) * (x - mean);
  return s;
}

std::optional<IndexEstimate> CompanyIndex(std::span<const Stratum> strata,
                                          v1::CompanyAggregation aggregation) {
  assert(aggregation == v1::CHANNEL_BALANCED || aggregation == v1::POOLED);
  return aggregation == v1::POOLED ? Pooled(strata) : Balanced(strata);
}

double IndexFromSums(std::span<const double> sums, std::span<const int64_t> counts,
                     v1::CompanyAggregation aggregation) {
  assert(sums.size() == counts.size());
  if (aggregation == v1::POOLED) {
    double sum = 0;
    int64_t n = 0;
    for (size_t h = 0; h < sums.size(); ++h) {
      sum += sums[h];
      n += counts[h];
    }
    return sum / static_cast<double>(n);
  }
  double means = 0;
  int channels = 0;
  for (size_t h = 0; h < sums.size(); ++h) {
    if (counts[h] == 0) continue;
    means += sums[h] / static_cast<double>(counts[h]);
    ++channels;
  }
  return means / channels;
}

}  // namespace msc::scoring
