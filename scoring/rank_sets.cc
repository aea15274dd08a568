#include "rank_sets.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

#include "parallel.h"
#include "ranking.h"

namespace msc::scoring {
namespace {

// Each member's replicates less its point value, replicate-major (row r holds every
// member's deviation in replicate r), so that the inner loop reads one row in order.
std::vector<double> Deviations(const ReplicateValues& replicates, std::span<const uint32_t> members,
                               std::span<const double> estimates) {
  const size_t m = members.size();
  std::vector<double> deviations(static_cast<size_t>(replicates.replicates) * m);
  for (int r = 0; r < replicates.replicates; ++r) {
    const double* row = replicates.values.data() + static_cast<size_t>(r) * replicates.companies;
    double* out = deviations.data() + static_cast<size_t>(r) * m;
    for (size_t i = 0; i < m; ++i) out[i] = row[members[i]] - estimates[i];
  }
  return deviations;
}

// The sample standard deviation (denominator B - 1) of each member's replicates. It is
// taken around the member's first replicate, so that replicates that are all equal
// (a company whose every contact scored alike) give exactly 0, not a rounding residue.
std::vector<double> StandardErrors(std::span<const double> deviations, size_t m, int replicates) {
  std::vector<double> sum(m, 0.0), squares(m, 0.0);
  const double* first = deviations.data();
  for (int r = 0; r < replicates; ++r) {
    const double* row = deviations.data() + static_cast<size_t>(r) * m;
    for (size_t i = 0; i < m; ++i) sum[i] += row[i] - first[i];
  }
  for (size_t i = 0; i < m; ++i) sum[i] /= replicates;  // now the mean shift
  for (int r = 0; r < replicates; ++r) {
    const double* row = deviations.data() + static_cast<size_t>(r) * m;
    for (size_t i = 0; i < m; ++i) {
      const double centred = row[i] - first[i] - sum[i];
      squares[i] += centred * centred;
    }
  }
  std::vector<double> errors(m);
  for (size_t i = 0; i < m; ++i) errors[i] = std::sqrt(squares[i] / (replicates - 1));
  return errors;
}

// The standard error of a difference of two independent companies' values. Not
// std::hypot: the values are far from overflow, and this runs n^2 times.
double PairError(double a, double b) { return std::sqrt(a * a + b * b); }

// Two doubles in one SSE2 register (x86-64's baseline): GCC does not vectorize a
// floating-point max reduction by itself without -ffast-math.
using DoublePair = double __attribute__((vector_size(16)));

DoublePair Load(const double* p) {
  DoublePair v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

DoublePair Larger(DoublePair a, DoublePair b) { return a > b ? a : b; }

// max over k of |a - row[k]| * weights[k]: the O(B n^2) part of the rank sets. Two
// pairs of running maxima, so the loop is not one chain of dependent comparisons.
double LargestWeightedGap(const double* row, double a, const double* weights, size_t m) {
  const DoublePair at = {a, a};
  DoublePair t0 = {0, 0}, t1 = {0, 0};
  size_t k = 0;
  for (; k + 4 <= m; k += 4) {
    const DoublePair d0 = at - Load(row + k), d1 = at - Load(row + k + 2);
    t0 = Larger(t0, Larger(d0, -d0) * Load(weights + k));
    t1 = Larger(t1, Larger(d1, -d1) * Load(weights + k + 2));
  }
  const DoublePair t = Larger(t0, t1);
  double largest = std::max(t[0], t[1]);
  for (; k < m; ++k) largest = std::max(largest, std::abs(a - row[k]) * weights[k]);
  return largest;
}

// The 95% quantile (nearest rank, ceil(0.95 B) computed in integers) over the
// replicates of j's studentized maximum, max over k of
// |(d*_j - d*_k)| / sqrt(se_j^2 + se_k^2) with d* the deviations. Pairs whose
// standard error is 0 vary in no replicate and are left out (weight 0), as is j itself.
double StudentizedMaxQuantile(std::span<const double> deviations, std::span<const double> errors,
                              int replicates, size_t j, std::vector<double>& weights,
                              std::vector<double>& maxima) {
  const size_t m = errors.size();
  for (size_t k = 0; k < m; ++k) {
    const double pair_error = PairError(errors[j], errors[k]);
    weights[k] = k == j || pair_error == 0 ? 0.0 : 1.0 / pair_error;
  }
  for (int r = 0; r < replicates; ++r) {
    const double* row = deviations.data() + static_cast<size_t>(r) * m;
    maxima[r] = LargestWeightedGap(row, row[j], weights.data(), m);
  }
  const size_t rank = (static_cast<size_t>(replicates) * kRankSetPercent + 99) / 100;  // 1-based
  std::nth_element(maxima.begin(), maxima.begin() + static_cast<ptrdiff_t>(rank - 1), maxima.end());
  return maxima[rank - 1];
}

}  // namespace

RankComparison::RankComparison(const ReplicateValues& replicates, std::span<const uint32_t> members,
                               std::span<const double> estimates, bool parallel)
    : estimates_(estimates.begin(), estimates.end()) {
  assert(replicates.replicates >= 2 && members.size() == estimates.size());
  const size_t m = members.size();
  const int b = replicates.replicates;
  const std::vector<double> deviations = Deviations(replicates, members, estimates);
  standard_errors_ = StandardErrors(deviations, m, b);
  critical_values_.assign(m, 0.0);
  InTwoHalves(m, parallel, [&](size_t from, size_t to) {
    std::vector<double> weights(m), maxima(static_cast<size_t>(b));
    for (size_t j = from; j < to; ++j) {
      critical_values_[j] =
          StudentizedMaxQuantile(deviations, standard_errors_, b, j, weights, maxima);
    }
  });
}

// Ahead or behind only beyond the simultaneous interval and beyond the tie tolerance
// of section 5, so that a set always holds the company's own competition rank.
Standing RankComparison::StandingTo(size_t j, size_t k) const {
  const double gap = estimates_[k] - estimates_[j];
  const double margin = critical_values_[j] * PairError(standard_errors_[j], standard_errors_[k]);
  if (gap > kTieTolerance && gap > margin) return Standing::kSurelyAhead;
  if (-gap > kTieTolerance && -gap > margin) return Standing::kSurelyBehind;
  return Standing::kUndecided;
}

RankSet RankComparison::SetOf(size_t j) const {
  int ahead = 0, behind = 0;
  for (size_t k = 0; k < size(); ++k) {
    if (k == j) continue;
    const Standing standing = StandingTo(j, k);
    ahead += standing == Standing::kSurelyAhead;
    behind += standing == Standing::kSurelyBehind;
  }
  return {1 + ahead, static_cast<int>(size()) - behind};
}

}  // namespace msc::scoring
