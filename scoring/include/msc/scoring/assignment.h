#ifndef MSC_SCORING_ASSIGNMENT_H_
#define MSC_SCORING_ASSIGNMENT_H_

// Dealing the fieldwork plan's missing contacts to the active observers
// (scoring/README.md, "Fieldwork"). Pure: the same contacts, register and seed deal
// the same assignments.

#include <cstdint>
#include <string>
#include <vector>

#include "msc/proto/status.h"
#include "msc/scoring/progress.h"
#include "msc/v1/report.pb.h"

namespace msc::scoring {

// The assignments for `in`'s contacts (its as_of_ns and only_observer are ignored).
// Fills program_id, seed, undealt and assignments; fails only on an invalid config.
Result<v1::AssignmentList> Deal(const ProgressInput& in, uint64_t seed);

// A contact made since the deal, not REJECTED.
struct MadeContact {
  std::string observer_id;
  std::string company_id;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
};

// Marks assignments done: an observer's k assignments at a company on a channel and c
// such contacts made since the deal mark the first min(k, c) of them done, in order.
void MarkDone(v1::AssignmentList& list, const std::vector<MadeContact>& made);

}  // namespace msc::scoring

#endif  // MSC_SCORING_ASSIGNMENT_H_
