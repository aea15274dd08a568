#ifndef MSC_SCORING_MEMORY_H_
#define MSC_SCORING_MEMORY_H_

// Large buffers of the engine in huge pages: a million contacts fault in about half a
// gigabyte, and with 4 KiB pages the faults alone cost a quarter of the award run's
// CPU time on the benchmark machine (BENCHMARKS.md, "Scoring").

#include <cstddef>
#include <memory>

namespace msc::scoring {

// Asks the system to back the whole pages inside [data, data + bytes) with huge pages
// where it has transparent ones. A hint: should the system not take it, nothing else
// changes. Buffers below a few megabytes are left alone.
void AdviseHugePages(void* data, size_t bytes);

// `bytes` of uninitialized memory aligned to a huge page, advised as above.
std::shared_ptr<char[]> HugePageBlock(size_t bytes);

}  // namespace msc::scoring

#endif  // MSC_SCORING_MEMORY_H_
