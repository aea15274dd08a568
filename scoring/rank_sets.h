#ifndef MSC_SCORING_RANK_SETS_H_
#define MSC_SCORING_RANK_SETS_H_

// Marginal confidence sets for ranks (Mogstad, Romano, Shaikh and Wilhelm, the
// method of R's csranks): for each company j, simultaneous 95% intervals for the
// differences of its value with every other company's, from one bootstrap of the
// studentized maximum; its rank set runs from 1 + the companies surely ahead to
// n - the companies surely behind. scoring/README.md "Rank sets" defines it.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace msc::scoring {

// The level of every rank set, in percent.
inline constexpr int kRankSetPercent = 95;

// The bootstrap's values: replicate r's value of design company c at
// values[r * companies + c].
struct ReplicateValues {
  size_t companies = 0;
  int replicates = 0;
  std::vector<double> values;
};

struct RankSet {
  int low = 0;
  int high = 0;
};

// How company k stands to company j by j's simultaneous intervals.
enum class Standing { kSurelyAhead, kSurelyBehind, kUndecided };

// The companies compared with each other (all of them, or one industry's), each with
// its point value, its bootstrap standard error and its critical value.
class RankComparison {
 public:
  // `members`: the compared design companies (columns of `replicates`), `estimates`
  // their point values. Needs at least 2 replicates. With `parallel` the critical
  // values are computed in two fixed halves of the members on two threads (the same
  // figures either way).
  RankComparison(const ReplicateValues& replicates, std::span<const uint32_t> members,
                 std::span<const double> estimates, bool parallel);

  size_t size() const { return estimates_.size(); }
  // How member k stands to member j (k != j).
  Standing StandingTo(size_t j, size_t k) const;
  RankSet SetOf(size_t j) const;
  double StandardError(size_t j) const { return standard_errors_[j]; }
  double CriticalValue(size_t j) const { return critical_values_[j]; }

 private:
  std::vector<double> estimates_;
  std::vector<double> standard_errors_;
  std::vector<double> critical_values_;
};

}  // namespace msc::scoring

#endif  // MSC_SCORING_RANK_SETS_H_
