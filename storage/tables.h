#ifndef MSC_STORAGE_TABLES_H_
#define MSC_STORAGE_TABLES_H_

// Row readers shared by the parts of Store; callers hold the transaction.

#include "msc/proto/status.h"
#include "msc/storage/sqlite.h"
#include "msc/v1/register.pb.h"

namespace msc::storage {

// Industries, companies and observers (and programs when asked) in id order.
Status ReadRegisterTables(Database& db, v1::Register* reg, bool with_programs);

}  // namespace msc::storage

#endif  // MSC_STORAGE_TABLES_H_
