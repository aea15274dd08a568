// msc migrate: brings a database made by an older msc to this build's schema.
#include <filesystem>
#include <iostream>

#include "command.h"
#include "local_store.h"

namespace msc::cli {

int RunMigrate(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (!args.empty()) {
    bool help = args[0] == "--help" || args[0] == "-h";
    (help ? std::cout : std::cerr)
        << "usage: msc --db FILE migrate\n\n"
           "Upgrades FILE to the schema this build uses (the collector does the same when\n"
           "it opens a file). Read-only commands such as award and export need it first\n"
           "on a file from an older msc. Safe to repeat; the upgrade is one transaction.\n";
    return help ? 0 : 2;
  }
  // A mistyped name must not become a new, empty database.
  if (!global.db.empty() && !std::filesystem::exists(global.db)) {
    std::cerr << "msc migrate: " << global.db << ": no such file\n";
    return 1;
  }
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadWrite);  // migrates
  if (!store) return 1;
  std::cout << global.db << ": schema version " << store->schema_version() << "\n";
  return 0;
}

}  // namespace msc::cli
