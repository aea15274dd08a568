#ifndef MSC_STORAGE_SCHEMA_H_
#define MSC_STORAGE_SCHEMA_H_

#include "msc/proto/status.h"
#include "msc/storage/sqlite.h"

namespace msc::storage {

// The schema version this build writes; PRAGMA user_version holds a database's.
int LatestSchemaVersion();

// Brings the database up to LatestSchemaVersion(), one transaction per step, so an
// interrupted migration leaves the last complete version behind.
Status Migrate(Database& db);

}  // namespace msc::storage

#endif  // MSC_STORAGE_SCHEMA_H_
