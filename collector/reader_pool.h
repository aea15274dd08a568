#ifndef MSC_COLLECTOR_READER_POOL_H_
#define MSC_COLLECTOR_READER_POOL_H_

// Read-only Store connections for the io threads, opened on demand and reused.
// In WAL mode a reader never waits for the writer, so reads stay fast while the
// writer commits.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "msc/storage/store.h"

namespace msc::collector {

class ReaderPool {
 public:
  explicit ReaderPool(std::string path) : path_(std::move(path)) {}

  // A connection on loan; it goes back to the pool when the lease ends.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<storage::Store> store)
        : pool_(pool), store_(std::move(store)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (store_) pool_->Return(std::move(store_));
    }
    storage::Store* operator->() { return store_.get(); }
    storage::Store& operator*() { return *store_; }

   private:
    ReaderPool* pool_;
    std::unique_ptr<storage::Store> store_;
  };

  Result<Lease> Acquire();

 private:
  void Return(std::unique_ptr<storage::Store> store);

  const std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<storage::Store>> idle_;
};

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_READER_POOL_H_
