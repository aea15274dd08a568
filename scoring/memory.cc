#include "memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace msc::scoring {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

void AdviseHugePages(void* data, size_t bytes) {
  if (bytes < 2 * kHugePage) return;
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) / page * page;
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) / page * page;
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

std::shared_ptr<char[]> HugePageBlock(size_t bytes) {
  const size_t size = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  auto* data = static_cast<char*>(std::aligned_alloc(kHugePage, size));
  if (data == nullptr) throw std::bad_alloc();
  AdviseHugePages(data, size);
  return std::shared_ptr<char[]>(data, std::free);
}

}  // namespace msc::scoring
