#ifndef MSC_TESTS_STORAGE_SAMPLE_H_
#define MSC_TESTS_STORAGE_SAMPLE_H_

// The shared sample observation as the store takes it.

#include <string>

#include "../support/sample.h"
#include "msc/storage/store.h"

namespace msc::testing {

// SampleObservation(n) in `program`, received at a fixed time from token 1.
inline storage::NewObservation SampleItem(int n, const std::string& program = "p1") {
  storage::NewObservation item;
  item.observation = SampleObservation(n);
  item.observation.set_program_id(program);
  item.received_at_ns = 1762000000000000000 + n;
  item.submitted_by = "token:1";
  return item;
}

}  // namespace msc::testing

#endif  // MSC_TESTS_STORAGE_SAMPLE_H_
