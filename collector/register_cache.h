#ifndef MSC_COLLECTOR_REGISTER_CACHE_H_
#define MSC_COLLECTOR_REGISTER_CACHE_H_

// The register in memory, for validation without a database read per submission.
// Replaced whole after a register PUT, and reloaded when a submission names an id
// the cache does not know (another process may have imported it) at most once a
// second.

#include <chrono>
#include <memory>
#include <mutex>

#include "msc/collector/validation.h"
#include "msc/storage/store.h"

namespace msc::collector {

class RegisterCache {
 public:
  std::shared_ptr<const RegisterView> Get() const;
  void Set(const v1::Register& reg);
  Status Reload(storage::Store& store);
  // Whether the cache is older than `age`, so that a miss is worth a reload.
  bool OlderThan(std::chrono::steady_clock::duration age) const;

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const RegisterView> view_ = std::make_shared<RegisterView>();
  std::chrono::steady_clock::time_point loaded_at_{};
};

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_REGISTER_CACHE_H_
