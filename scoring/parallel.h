#ifndef MSC_SCORING_PARALLEL_H_
#define MSC_SCORING_PARALLEL_H_

// The engine's one form of parallelism: a pass split in two fixed halves, so that
// results never depend on timing.

#include <cstddef>
#include <future>

namespace msc::scoring {

// Below this many items a second thread costs more than it saves.
inline constexpr size_t kParallelFrom = size_t{1} << 16;

// Runs work(from, to) over [0, n) in the two halves [0, n/2) and [n/2, n), the first
// on a second thread when `parallel`, else both in turn on this one.
template <class Work>
void InTwoHalves(size_t n, bool parallel, Work work) {
  if (!parallel) {
    work(size_t{0}, n / 2);
    work(n / 2, n);
    return;
  }
  std::future<void> first = std::async(std::launch::async, work, size_t{0}, n / 2);
  work(n / 2, n);
  first.get();
}

}  // namespace msc::scoring

#endif  // MSC_SCORING_PARALLEL_H_
