#ifndef MSC_STORAGE_TABLES_H_
#define MSC_STORAGE_TABLES_H_

// Row readers shared by the parts of Store; callers hold the transaction.

#include <string_view>

#include "msc/proto/status.h"
#include "msc/storage/sqlite.h"
#include "msc/v1/register.pb.h"

namespace msc::storage {

// Industries, companies and observers (and programs when asked) in id order.
Status ReadRegisterTables(Database& db, v1::Register* reg, bool with_programs);

// One program; kNotFound when there is none by that id.
Result<v1::Program> ReadProgram(Database& db, std::string_view id);

}  // namespace msc::storage

#endif  // MSC_STORAGE_TABLES_H_
