#include "bootstrap.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <limits>

#include "index.h"
#include "ranking.h"

namespace msc::scoring {
namespace {

double ResampledMeanSum(const BootstrapDesign& design, const BootstrapStratum& stratum,
                        std::mt19937_64& generator) {
  const double* scores = design.scores.data() + stratum.begin;
  double sum = 0;
  for (uint32_t i = 0; i < stratum.size; ++i) sum += scores[UniformIndex(generator, stratum.size)];
  return sum;
}

// Adds 1/k to each of the k companies whose value is within the tie tolerance of
// `best`, among those that `member` selects.
template <class Member>
void ShareWin(std::span<const double> values, double best, Member member,
              std::vector<double>& wins) {
  int winners = 0;
  for (size_t c = 0; c < values.size(); ++c) {
    winners += member(c) && best - values[c] <= kTieTolerance;
  }
  const double share = 1.0 / winners;
  for (size_t c = 0; c < values.size(); ++c) {
    if (member(c) && best - values[c] <= kTieTolerance) wins[c] += share;
  }
}

}  // namespace

uint64_t UniformIndex(std::mt19937_64& generator, uint64_t n) {
  assert(n >= 1);
  unsigned __int128 product = static_cast<unsigned __int128>(generator()) * n;
  uint64_t low = static_cast<uint64_t>(product);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      product = static_cast<unsigned __int128>(generator()) * n;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

WinProbabilities BootstrapWins(const BootstrapDesign& design, int replicates, uint64_t seed,
                               ReplicateValues* recorded) {
  const size_t companies = design.companies.size();
  WinProbabilities wins{std::vector<double>(companies, 0.0), std::vector<double>(companies, 0.0)};
  if (replicates <= 0 || companies == 0) return wins;
  if (recorded) {
    recorded->companies = companies;
    recorded->replicates = replicates;
    recorded->values.resize(static_cast<size_t>(replicates) * companies);
  }
  std::mt19937_64 generator(seed);
  std::vector<double> values(companies);
  std::vector<double> industry_best(design.industries);
  std::vector<int> winners(design.industries);
  constexpr double kLowest = std::numeric_limits<double>::lowest();
  for (int r = 0; r < replicates; ++r) {
    for (size_t c = 0; c < companies; ++c) {
      const BootstrapCompany& company = design.companies[c];
      assert(company.strata >= 1 && company.strata <= 4);
      std::array<double, 4> sums{};
      std::array<int64_t, 4> counts{};
      for (uint32_t h = 0; h < company.strata; ++h) {
        const BootstrapStratum& stratum = design.strata[company.first_stratum + h];
        sums[h] = ResampledMeanSum(design, stratum, generator);
        counts[h] = stratum.size;
      }
      values[c] = IndexFromSums(std::span(sums).first(company.strata),
                                std::span(counts).first(company.strata), design.aggregation);
    }
    if (recorded) {
      std::copy(values.begin(), values.end(),
                recorded->values.begin() + static_cast<ptrdiff_t>(r * companies));
    }
    const double best = *std::max_element(values.begin(), values.end());
    ShareWin(
        values, best, [](size_t) { return true; }, wins.overall);
    std::fill(industry_best.begin(), industry_best.end(), kLowest);
    for (size_t c = 0; c < companies; ++c) {
      const int32_t industry = design.companies[c].industry;
      if (industry >= 0) industry_best[industry] = std::max(industry_best[industry], values[c]);
    }
    // One pass per industry would be quadratic; instead count winners per industry.
    std::fill(winners.begin(), winners.end(), 0);
    for (size_t c = 0; c < companies; ++c) {
      const int32_t industry = design.companies[c].industry;
      if (industry >= 0 && industry_best[industry] - values[c] <= kTieTolerance) {
        ++winners[industry];
      }
    }
    for (size_t c = 0; c < companies; ++c) {
      const int32_t industry = design.companies[c].industry;
      if (industry >= 0 && industry_best[industry] - values[c] <= kTieTolerance) {
        wins.industry[c] += 1.0 / winners[industry];
      }
    }
  }
  for (size_t c = 0; c < companies; ++c) {
    wins.industry[c] /= replicates;
    wins.overall[c] /= replicates;
  }
  return wins;
}

}  // namespace msc::scoring
