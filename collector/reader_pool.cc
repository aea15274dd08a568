#include "reader_pool.h"

namespace msc::collector {

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<storage::Store> store = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(store));
    }
  }
  auto opened = storage::Store::Open(path_, storage::Store::Mode::kReadOnly);
  if (!opened.ok()) return opened.status();
  return Lease(this, std::move(opened).value());
}

void ReaderPool::Return(std::unique_ptr<storage::Store> store) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(store));
}

}  // namespace msc::collector
