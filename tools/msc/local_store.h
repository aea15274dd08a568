#ifndef MSC_TOOLS_MSC_LOCAL_STORE_H_
#define MSC_TOOLS_MSC_LOCAL_STORE_H_

// What the subcommands that work directly on a database file share.

#include <memory>
#include <string>

#include "command.h"
#include "msc/storage/store.h"

namespace msc::cli {

// Opens --db, printing a clear error (and returning null) when it is missing or
// cannot be opened.
std::unique_ptr<storage::Store> OpenLocalStore(const GlobalOptions& global,
                                               storage::Store::Mode mode);

// Who is acting, for the audit log: "cli:<user>".
std::string LocalActor();

// Prints "msc: <what>: <status>" to stderr; returns 1.
int Fail(const std::string& what, const Status& status);

}  // namespace msc::cli

#endif  // MSC_TOOLS_MSC_LOCAL_STORE_H_
