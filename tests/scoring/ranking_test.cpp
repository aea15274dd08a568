// Section 5's competition ranking and top lists.
#include "ranking.h"

#include <catch2/catch.hpp>

namespace msc::scoring {
namespace {

std::vector<std::pair<std::string_view, int>> Named(const std::vector<Ranked>& ranking,
                                                    const std::vector<Candidate>& candidates) {
  std::vector<std::pair<std::string_view, int>> out;
  for (const Ranked& r : ranking) out.emplace_back(candidates[r.item].id, r.rank);
  return out;
}

TEST_CASE("equal values share the best rank and the next rank skips") {
  const std::vector<Candidate> candidates = {
      {80, "d", 0}, {90, "a", 1}, {70, "b", 2}, {80, "c", 3}};
  const auto ranking = Rank(candidates);
  CHECK(Named(ranking, candidates) ==
        std::vector<std::pair<std::string_view, int>>{{"a", 1}, {"c", 2}, {"d", 2}, {"b", 4}});
}

TEST_CASE("values within 1e-9 are equal and listed by id") {
  const std::vector<Candidate> candidates = {{80 + 5e-10, "z", 0}, {80, "y", 1}, {79.99, "x", 2}};
  const auto ranking = Rank(candidates);
  CHECK(Named(ranking, candidates) ==
        std::vector<std::pair<std::string_view, int>>{{"y", 1}, {"z", 1}, {"x", 3}});
}

TEST_CASE("a top list includes everything tied with its last place") {
  const std::vector<Ranked> ranking = {{0, 1}, {1, 2}, {2, 2}, {3, 4}};
  CHECK(TopListSize(ranking, 2) == 3);
  CHECK(TopListSize(ranking, 3) == 3);
  CHECK(TopListSize(ranking, 1) == 1);
  CHECK(TopListSize(ranking, 10) == 4);
}

TEST_CASE("rank one holds every joint winner") {
  const std::vector<Ranked> tied = {{0, 1}, {1, 1}, {2, 3}};
  CHECK(RankOne(tied).size() == 2);
  CHECK(RankOne(std::vector<Ranked>{}).empty());
}

}  // namespace
}  // namespace msc::scoring
