#include "ranking.h"

#include <algorithm>

namespace msc::scoring {

std::vector<Ranked> Rank(std::vector<Candidate> candidates) {
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.value != b.value) return a.value > b.value;
    return a.id < b.id;
  });
  std::vector<Ranked> ranking;
  ranking.reserve(candidates.size());
  size_t start = 0;
  while (start < candidates.size()) {
    size_t end = start + 1;
    while (end < candidates.size() &&
           candidates[start].value - candidates[end].value <= kTieTolerance) {
      ++end;
    }
    std::sort(candidates.begin() + start, candidates.begin() + end,
              [](const Candidate& a, const Candidate& b) { return a.id < b.id; });
    for (size_t i = start; i < end; ++i) {
      ranking.push_back({candidates[i].item, static_cast<int>(start) + 1});
    }
    start = end;
  }
  return ranking;
}

size_t TopListSize(std::span<const Ranked> ranking, int length) {
  if (length <= 0 || ranking.empty()) return 0;
  size_t size = std::min(ranking.size(), static_cast<size_t>(length));
  while (size < ranking.size() && ranking[size].rank == ranking[size - 1].rank) ++size;
  return size;
}

std::span<const Ranked> RankOne(std::span<const Ranked> ranking) {
  size_t size = 0;
  while (size < ranking.size() && ranking[size].rank == 1) ++size;
  return ranking.first(size);
}

}  // namespace msc::scoring
