#include "msc/client/contact_import.h"

#include <optional>
#include <vector>

#include "msc/client/contact_csv.h"
#include "msc/client/csv.h"

namespace msc::client {
namespace {

void Report(std::ostream& out, int line, const std::string& id, const std::string& field,
            const std::string& reason) {
  out << "line " << line;
  if (!id.empty()) out << " (" << id << ")";
  out << ": " << (field.empty() ? "" : field + ": ") << reason << "\n";
}

// The rows of one batch and the lines they came from.
struct Pending {
  v1::BatchSubmitRequest batch;
  std::vector<int> lines;
};

Status SendBatch(Pending& pending, ApiClient* client, ImportTotals& totals,
                 std::ostream& problems) {
  int n = pending.batch.observations_size();
  auto response = client->SubmitBatch(pending.batch);
  if (!response.ok()) return response.status();
  if (response->results_size() != n) {
    return Status::Internal("the collector answered " + std::to_string(response->results_size()) +
                            " results for " + std::to_string(n) + " rows");
  }
  totals.sent += n;
  for (int i = 0; i < n; ++i) {
    const v1::SubmitResult& r = response->results(i);
    switch (r.status()) {
      case v1::ACCEPTED:
        ++totals.accepted;
        break;
      case v1::DUPLICATE:
        ++totals.duplicate;
        break;
      default: {
        ++totals.rejected;
        std::string what = r.status() == v1::CONFLICT ? "conflict: stored before with other content"
                                                      : v1::SubmitStatus_Name(r.status());
        if (r.errors_size() == 0) Report(problems, pending.lines[i], r.submission_id(), "", what);
        for (const v1::FieldError& e : r.errors()) {
          Report(problems, pending.lines[i], r.submission_id(), e.field(), e.reason());
        }
      }
    }
  }
  pending.batch.clear_observations();
  pending.lines.clear();
  return Status::Ok();
}

}  // namespace

ImportOutcome ImportContacts(std::istream& csv, ApiClient* client, const ImportOptions& options,
                             std::ostream& problems,
                             const std::function<void(const ImportTotals&)>& progress) {
  ImportOutcome out;
  CsvReader reader(csv);
  CsvRecord record;
  if (!reader.Next(&record)) {
    out.status = Status::Invalid("", "the file is empty: a header row is required");
    return out;
  }
  if (!record.error.empty()) {
    out.status = Status::Invalid("header", "line 1: " + record.error);
    return out;
  }
  auto table = ContactTable::FromHeader(record.fields);
  if (!table.ok()) {
    out.status = table.status();
    return out;
  }

  Pending pending;
  const int batch_size = options.batch_size < 1 ? 1 : options.batch_size;
  while (reader.Next(&record)) {
    ++out.totals.rows;
    if (!record.error.empty()) {
      ++out.totals.unparsable;
      Report(problems, record.line, "", "", record.error);
      continue;
    }
    if (table->IsEarlierVersion(record.fields)) {
      ++out.totals.earlier_versions;
      continue;
    }
    auto obs = table->Parse(record.fields);
    if (!obs.ok()) {
      ++out.totals.unparsable;
      const Status& s = obs.status();
      for (const FieldIssue& f : s.field_errors())
        Report(problems, record.line, "", f.field, f.reason);
      if (s.field_errors().empty()) Report(problems, record.line, "", "", s.message());
      continue;
    }
    if (options.dry_run) continue;
    *pending.batch.add_observations() = std::move(*obs);
    pending.lines.push_back(record.line);
    if (pending.batch.observations_size() >= batch_size) {
      out.status = SendBatch(pending, client, out.totals, problems);
      if (!out.status.ok()) return out;
      if (progress) progress(out.totals);
    }
  }
  if (!options.dry_run && pending.batch.observations_size() > 0) {
    out.status = SendBatch(pending, client, out.totals, problems);
    if (progress) progress(out.totals);
  }
  return out;
}

}  // namespace msc::client
