#ifndef MSC_SCORING_PROGRESS_H_
#define MSC_SCORING_PROGRESS_H_

// Fieldwork progress against the program's plan (scoring/README.md, "Fieldwork"):
// planned, counted and missing contacts per company and channel, per observer done
// and flagged, the pace over the last 10 business days and when the plan completes.
// Pure: "now" comes in with the input.

#include <cstdint>
#include <optional>
#include <vector>

#include "msc/proto/status.h"
#include "msc/v1/config.pb.h"
#include "msc/v1/register.pb.h"
#include "msc/v1/report.pb.h"

namespace msc::scoring {

struct ProgressContact {
  uint32_t company = 0;   // index into ProgressInput::companies
  uint32_t observer = 0;  // index into ProgressInput::observers
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  v1::ReviewState review_state = v1::RECEIVED;
  bool flagged = false;       // any protocol flag
  int64_t started_at_ns = 0;  // of the first attempt
};

struct ProgressInput {
  v1::Program program;       // id and period
  v1::ScoringConfig config;  // effective: its plan, calendar and count_received
  std::vector<v1::Company> companies;
  std::vector<v1::Observer> observers;
  std::vector<ProgressContact> contacts;  // every stored contact of the program
  int64_t as_of_ns = 0;                   // now: the pace runs up to its local date
  std::optional<uint32_t> only_observer;  // count this observer's contacts only
};

// Fails only on an invalid config.
Result<v1::ProgramProgress> Progress(const ProgressInput& input);

}  // namespace msc::scoring

#endif  // MSC_SCORING_PROGRESS_H_
