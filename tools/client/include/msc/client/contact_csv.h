#ifndef MSC_CLIENT_CONTACT_CSV_H_
#define MSC_CLIENT_CONTACT_CSV_H_

// One contact per CSV row (msc import). The header row names the columns, in any
// order; kContactColumns documents them for `msc import --help` and the README.

#include <string>
#include <vector>

#include "msc/proto/status.h"
#include "msc/v1/observation.pb.h"

namespace msc::client {

extern const char kContactColumns[];

class ContactTable {
 public:
  // Maps the header to the columns. Names are matched without regard to case and
  // surrounding spaces. A missing required column or an unknown one (a typo would
  // otherwise drop data silently) is an error naming it.
  static Result<ContactTable> FromHeader(const std::vector<std::string>& header);

  // One row as an Observation. The error's field is the column at fault. Without a
  // submission_id column (or with the cell empty) the id is derived from the
  // row's content, so importing the same file again sends the same ids.
  Result<v1::Observation> Parse(const std::vector<std::string>& row) const;

  // Whether the row is an earlier version of a contact (latest=false, as msc export
  // --history writes them): not a contact to send.
  bool IsEarlierVersion(const std::vector<std::string>& row) const;

  enum class Column;  // what a header field means; defined in contact_csv.cc

 private:
  struct Binding {
    Column column;
    std::string name;       // as the header spells it, normalised
    std::string criterion;  // for rating columns
  };
  std::vector<Binding> bindings_;  // one per header field, in header order
};

// The column a rating for `criterion` goes in: its id for the shipped default
// criteria, "rating.ID" for others (msc export names its columns so).
std::string RatingColumn(std::string_view criterion);

// Numbers as spreadsheets write them: "12", "12.5" or "12,5" (decimal comma).
// Returns nanoseconds for a count of seconds; false when it is not such a number.
bool ParseSecondsNs(std::string_view text, int64_t* ns);

// RFC 3339 with an offset ("2025-11-12T09:30:00+01:00", "...Z"; a space may replace
// the 'T'; fractions of a second allowed) to Unix nanoseconds.
bool ParseTimestampNs(std::string_view text, int64_t* ns);

}  // namespace msc::client

#endif  // MSC_CLIENT_CONTACT_CSV_H_
