#ifndef MSC_COLLECTOR_PROGRAM_REPORT_H_
#define MSC_COLLECTOR_PROGRAM_REPORT_H_

// Scores one program from one consistent snapshot of the store: the I/O around the
// pure scoring engine, shared by `msc award` and GET /v1/programs/{id}/report.

#include <string_view>

#include "msc/proto/status.h"
#include "msc/scoring/assignment.h"
#include "msc/scoring/progress.h"
#include "msc/scoring/score.h"
#include "msc/storage/store.h"
#include "msc/v1/report.pb.h"

namespace msc::collector {

// Reads the program's snapshot (one read transaction) into the engine's input. The
// config is the program's effective config with `overrides` applied on top (when
// given); an invalid result is an error naming the field.
Result<scoring::Input> LoadScoringInput(storage::Store& store, std::string_view program_id,
                                        const v1::ScoringConfig* overrides = nullptr);

// LoadScoringInput, then scoring::Score.
Result<v1::AwardReport> ScoreProgram(storage::Store& store, std::string_view program_id,
                                     const v1::ScoringConfig* overrides = nullptr);

// The program's fieldwork progress from one snapshot (two threads), as of `now_ns`;
// with a non-empty observer_id, that observer's contacts only (kNotFound when the
// register has no such observer).
Result<v1::ProgramProgress> ProgramProgress(storage::Store& store, std::string_view program_id,
                                            std::string_view observer_id, int64_t now_ns);

// The missing contacts dealt (scoring::Deal) from one snapshot, stamped dealt at
// `now_ns`; not stored.
Result<v1::AssignmentList> DealAssignments(storage::Store& store, std::string_view program_id,
                                           uint64_t seed, int64_t now_ns);

// The program's stored deal (that observer's part when observer_id is not empty) with
// company names, and `done` marked from the contacts received since the deal.
// kNotFound for an unknown program.
Result<v1::AssignmentList> ReadAssignments(storage::Store& store, std::string_view program_id,
                                           std::string_view observer_id);

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_PROGRAM_REPORT_H_
