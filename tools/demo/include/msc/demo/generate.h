#ifndef MSC_DEMO_GENERATE_H_
#define MSC_DEMO_GENERATE_H_

// A made-up but realistic program to try the system on: the shape of the Norwegian
// customer-service award (18 industries, 153 companies, 74 observers, 3,921 contacts
// over November to March on phone, chat and e-mail), with invented company names.
// Generation is pure and seeded: the same options give the same program, byte for
// byte, on every platform.

#include <cstdint>
#include <string_view>
#include <vector>

#include "msc/v1/observation.pb.h"
#include "msc/v1/register.pb.h"

namespace msc::demo {

inline constexpr std::string_view kDemoProgramId = "kundeservice-2026";
inline constexpr std::string_view kLiveProgramId = "demo-live";

struct DemoOptions {
  uint64_t seed = 2026;
  int contacts = 3921;  // raise for load tests; spread evenly over the companies
  int observers = 74;
  // Non-zero: the program in the middle of its fieldwork at this instant (Unix
  // seconds) instead: "demo-live", its period 75 days before to 76 after that day,
  // holding only the contacts finished by then (about half).
  int64_t live_at = 0;
};

struct DemoProgram {
  v1::Register register_;  // industries, companies, observers and the one program
  std::vector<v1::Observation> observations;  // valid, in order of first attempt
};

DemoProgram GenerateDemoProgram(const DemoOptions& options = {});

}  // namespace msc::demo

#endif  // MSC_DEMO_GENERATE_H_
