// libFuzzer target: a CSV file through `msc import`'s parsing: the CSV reader, the
// header binding, each row to an Observation, then the collector's validation. A
// header that does not bind falls back to a full header, so that mutated headers
// still let the rows be explored.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>

#include "msc/client/contact_csv.h"
#include "msc/client/csv.h"
#include "msc/collector/validation.h"
#include "../support/sample.h"

namespace {

const msc::collector::RegisterView& Register() {
  static const auto* view = new msc::collector::RegisterView(
      msc::collector::RegisterView::FromRegister(msc::testing::SampleRegister()));
  return *view;
}

const msc::client::ContactTable& FullTable() {
  static const auto* table = new msc::client::ContactTable(*msc::client::ContactTable::FromHeader(
      {"submission_id", "program_id", "company_id", "observer_id", "channel", "scenario",
       "attempt1_started_at", "attempt1_wait_s", "attempt1_answered", "attempt2_started_at",
       "attempt2_wait_s", "attempt2_answered", "overall", "competent", "rating.x", "upsell",
       "redirected", "comment"}));
  return *table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  msc::client::CsvReader reader(in);
  msc::client::CsvRecord record;
  std::optional<msc::client::ContactTable> table;
  // Each record consumes at least one byte, so this bound is never reached on
  // fuzzer-sized inputs; it only guards against a reader that stops advancing.
  for (size_t records = 0; records <= size + 1 && reader.Next(&record); ++records) {
    for (const std::string& field : record.fields) {
      int64_t ns = 0;
      (void)msc::client::ParseSecondsNs(field, &ns);
      (void)msc::client::ParseTimestampNs(field, &ns);
    }
    if (!table) {
      auto bound = msc::client::ContactTable::FromHeader(record.fields);
      table = bound.ok() ? *bound : FullTable();
      continue;
    }
    auto obs = table->Parse(record.fields);
    if (obs.ok()) (void)msc::collector::Validate(*obs, Register());
  }
  return 0;
}
