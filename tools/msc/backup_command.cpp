// msc backup OUT: an online copy of the database with SQLite's backup API.
#include <iostream>

#include "command.h"
#include "local_store.h"

namespace msc::cli {

int RunBackup(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (args.size() != 1 || args[0] == "--help" || args[0] == "-h") {
    bool help = args.size() == 1;
    (help ? std::cout : std::cerr)
        << "usage: msc --db FILE backup OUT\n\n"
           "Copies the database to OUT while the collector keeps running. The copy is\n"
           "written beside OUT and moved into place when complete.\n";
    return help ? 0 : 2;
  }
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadWrite);
  if (!store) return 1;
  if (Status s = store->Backup(args[0]); !s.ok()) return Fail("backup", s);
  std::cout << "backed up " << global.db << " to " << args[0] << "\n";
  return 0;
}

}  // namespace msc::cli
