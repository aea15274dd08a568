#ifndef MSC_SCORING_BOOTSTRAP_H_
#define MSC_SCORING_BOOTSTRAP_H_

// Section 7: rank confidence. Each replicate resamples every eligible company's
// contact scores with replacement inside each channel stratum, recomputes the
// company indexes and records the rank-1 companies per industry and overall.

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "msc/v1/config.pb.h"
#include "rank_sets.h"

namespace msc::scoring {

// A uniform integer in [0, n), n >= 1, by Lemire's multiply-and-reject method; fully
// specified (unlike std::uniform_int_distribution), so every platform draws alike.
uint64_t UniformIndex(std::mt19937_64& generator, uint64_t n);

struct BootstrapStratum {
  uint32_t begin = 0;  // into BootstrapDesign::scores
  uint32_t size = 0;   // >= 1
};

struct BootstrapCompany {
  int32_t industry = -1;  // whose winner it can be; -1: no industry competition
  uint32_t first_stratum = 0;
  uint32_t strata = 0;  // 1..4 channel strata
};

struct BootstrapDesign {
  std::span<const double> scores;  // each stratum's scores contiguous
  std::vector<BootstrapStratum> strata;
  std::vector<BootstrapCompany> companies;  // the eligible companies, in id order
  uint32_t industries = 0;
  v1::CompanyAggregation aggregation = v1::CHANNEL_BALANCED;
};

struct WinProbabilities {
  std::vector<double> industry;  // per design company
  std::vector<double> overall;
};

// Replicates draw in a fixed order (replicate, company, stratum, draw) from
// std::mt19937_64 seeded with `seed`. A tie of k winners gives each 1/k. With
// `recorded`, every replicate's company values are kept there too (for the rank
// sets): the same draws, so the same win probabilities.
WinProbabilities BootstrapWins(const BootstrapDesign& design, int replicates, uint64_t seed,
                               ReplicateValues* recorded = nullptr);

}  // namespace msc::scoring

#endif  // MSC_SCORING_BOOTSTRAP_H_
