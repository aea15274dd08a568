#ifndef MSC_COLLECTOR_VALIDATION_H_
#define MSC_COLLECTOR_VALIDATION_H_

// Validation of a submitted observation (METHODOLOGY.md section 2). Pure: the
// result depends on the observation, the register and the program's config only.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "msc/proto/status.h"
#include "msc/scoring/business_calendar.h"
#include "msc/v1/config.pb.h"
#include "msc/v1/observation.pb.h"
#include "msc/v1/register.pb.h"

namespace msc::collector {

// The register as validation sees it: lookups by id. Built once per register
// version and then shared read-only between threads.
struct RegisterView {
  struct ProgramEntry {
    v1::Program program;
    v1::ScoringConfig config;   // effective: the defaults with the program's overrides
    std::string config_sha256;  // scoring::ConfigDigest(config), stamped on what is stored
    // The config's calendar, for the protocol flags; null when it does not build.
    std::shared_ptr<const scoring::BusinessCalendar> calendar;
  };

  std::unordered_map<std::string, v1::Company> companies;
  std::unordered_map<std::string, v1::Observer> observers;
  std::unordered_map<std::string, ProgramEntry> programs;

  static RegisterView FromRegister(const v1::Register& reg);

  // The effective config of a program; the defaults when the program is unknown.
  const v1::ScoringConfig& ConfigFor(const std::string& program_id) const;
  // Its digest; empty when the program is unknown.
  std::string ConfigDigestFor(const std::string& program_id) const;
};

// Every rule broken, each as a field error with a path such as "attempts[1].wait"
// and a plain reason. Empty when the observation is valid. `config` is the effective
// config of the observation's program (its criterion catalogue decides the ratings).
std::vector<FieldIssue> Validate(const v1::Observation& obs, const RegisterView& reg,
                                 const v1::ScoringConfig& config);

// The same with the config taken from the register view.
std::vector<FieldIssue> Validate(const v1::Observation& obs, const RegisterView& reg);

// Whether `id` is a UUID in its 8-4-4-4-12 hexadecimal form (either case).
bool IsUuid(std::string_view id);

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_VALIDATION_H_
