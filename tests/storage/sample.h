#ifndef MSC_TESTS_STORAGE_SAMPLE_H_
#define MSC_TESTS_STORAGE_SAMPLE_H_

// The shared sample observation as the store takes it, and a store with the sample
// register.

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "../support/sample.h"
#include "../support/temp_dir.h"
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

// A store in dir/msc.db holding the sample register.
inline std::unique_ptr<storage::Store> OpenWithRegister(const TempDir& dir) {
  auto store = storage::Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  REQUIRE((*store)->ImportRegister(SampleRegister(), "test").ok());
  return std::move(*store);
}

}  // namespace msc::testing

#endif  // MSC_TESTS_STORAGE_SAMPLE_H_
