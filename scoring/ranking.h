#ifndef MSC_SCORING_RANKING_H_
#define MSC_SCORING_RANKING_H_

// Section 5's rankings: competition ranking with a tolerance for equal values.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace msc::scoring {

// Values closer than this are equal (so that summation order cannot split a tie).
inline constexpr double kTieTolerance = 1e-9;

struct Candidate {
  double value = 0;
  std::string_view id;  // orders a tie
  uint32_t item = 0;    // the caller's handle
};

struct Ranked {
  uint32_t item = 0;
  int rank = 0;
};

// Descending by value. A tie group is every value within kTieTolerance of the
// group's best value; it shares the best rank (1, 2, 2, 4) and is listed by id
// ascending.
std::vector<Ranked> Rank(std::vector<Candidate> candidates);

// How many entries of a ranking a top list of `length` shows: the first `length`,
// and every later entry tied with the last of them.
size_t TopListSize(std::span<const Ranked> ranking, int length);

// The entries ranked 1, in ranking order.
std::span<const Ranked> RankOne(std::span<const Ranked> ranking);

}  // namespace msc::scoring

#endif  // MSC_SCORING_RANKING_H_
