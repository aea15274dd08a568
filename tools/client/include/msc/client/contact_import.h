#ifndef MSC_CLIENT_CONTACT_IMPORT_H_
#define MSC_CLIENT_CONTACT_IMPORT_H_

// msc import: contacts from a CSV file (see contact_csv.h) to the collector in
// batches. Rows that do not parse and rows the server rejects are reported by line
// number; the rest are stored. Because every row has a stable id, an import that
// stopped half-way (or ran twice) is finished by running it again: what was stored
// comes back DUPLICATE.

#include <cstdint>
#include <functional>
#include <istream>
#include <ostream>

#include "msc/client/api_client.h"
#include "msc/proto/status.h"

namespace msc::client {

struct ImportOptions {
  int batch_size = 100;  // rows per POST /v1/observations:batch
  bool dry_run = false;  // parse and report only; nothing is sent
};

struct ImportTotals {
  int64_t rows = 0;              // data rows read
  int64_t unparsable = 0;        // rows that did not parse, never sent
  int64_t earlier_versions = 0;  // rows with latest=false (export --history), skipped
  int64_t sent = 0;
  int64_t accepted = 0;
  int64_t duplicate = 0;
  int64_t rejected = 0;  // INVALID or CONFLICT from the server
};

struct ImportOutcome {
  ImportTotals totals;
  Status status;  // what stopped the import early (bad header, network, auth); ok otherwise
};

// `client` may be null for a dry run. Problems go to `problems`, one line each:
// "line 12: attempt1_wait_s: 'x' is not a number of seconds". `progress` is called
// after every batch.
ImportOutcome ImportContacts(std::istream& csv, ApiClient* client, const ImportOptions& options,
                             std::ostream& problems,
                             const std::function<void(const ImportTotals&)>& progress = {});

}  // namespace msc::client

#endif  // MSC_CLIENT_CONTACT_IMPORT_H_
