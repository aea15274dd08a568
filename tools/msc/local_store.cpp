#include "local_store.h"

#include <cstdlib>
#include <iostream>

namespace msc::cli {

std::unique_ptr<storage::Store> OpenLocalStore(const GlobalOptions& global,
                                               storage::Store::Mode mode) {
  if (global.db.empty()) {
    std::cerr << "msc: this command works on a database file: give --db FILE\n";
    return nullptr;
  }
  auto store = storage::Store::Open(global.db, mode);
  if (!store.ok()) {
    Fail("cannot open " + global.db, store.status());
    return nullptr;
  }
  return std::move(*store);
}

std::string LocalActor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "unknown");
}

int Fail(const std::string& what, const Status& status) {
  std::cerr << "msc: " << what << ": " << status.ToString() << "\n";
  return 1;
}

}  // namespace msc::cli
