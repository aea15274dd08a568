#ifndef MSC_STORAGE_SNAPSHOT_ROW_H_
#define MSC_STORAGE_SNAPSHOT_ROW_H_

#include <string_view>

#include "msc/storage/store.h"

namespace msc::storage {

// Fills the fields of `row` that come from an observation's stored bytes (all but
// review_state), as views into `raw`. False when the bytes do not parse.
bool DecodeStoredFields(std::string_view raw, SnapshotRow& row);

}  // namespace msc::storage

#endif  // MSC_STORAGE_SNAPSHOT_ROW_H_
