// msc-test-demo-db FILE [CONTACTS] [--previous]: a database file holding the demo
// program (kundeservice-2026, seed 7), for tests that run the msc binary from a script.
// Two companies get names that try to break a spreadsheet: a formula, and separators
// with quotes. --previous adds last year's program to compare with, "kundeservice-2025":
// the same companies drawn again (seed 8), 52 weeks earlier, green from 75.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "msc/demo/generate.h"
#include "msc/storage/store.h"

namespace {

constexpr int64_t kYear = 364 * 86400;  // 52 weeks: the same weekdays

// The demo program with another seed, moved back a year under another id.
msc::demo::DemoProgram PreviousYear(int contacts) {
  auto program = msc::demo::GenerateDemoProgram({.seed = 8, .contacts = contacts});
  msc::v1::Program& p = *program.register_.mutable_programs(0);
  p.set_id("kundeservice-2025");
  p.set_name("Kundeservice 2025");
  p.mutable_period_start()->set_seconds(p.period_start().seconds() - kYear);
  p.mutable_period_end()->set_seconds(p.period_end().seconds() - kYear);
  p.mutable_config()->mutable_zones()->set_green_from(75);
  for (auto& o : program.observations) {
    o.set_program_id(p.id());
    for (auto& a : *o.mutable_attempts()) {
      a.mutable_started_at()->set_seconds(a.started_at().seconds() - kYear);
    }
  }
  return program;
}

int Store(msc::storage::Store& store, msc::demo::DemoProgram program) {
  if (auto s = store.ImportRegister(program.register_, "test"); !s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  std::vector<msc::storage::NewObservation> items;
  for (auto& o : program.observations) {
    items.push_back({std::move(o), 1767225600000000000, "token:1", "", {}});
  }
  if (auto inserted = store.InsertObservations(items); !inserted.ok()) {
    std::cerr << inserted.status().ToString() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool previous = argc >= 3 && std::strcmp(argv[argc - 1], "--previous") == 0;
  const int positional = argc - (previous ? 1 : 0);
  if (positional < 2 || positional > 3) {
    std::cerr << "usage: msc-test-demo-db FILE [CONTACTS] [--previous]\n";
    return 2;
  }
  const int contacts = positional == 3 ? std::atoi(argv[2]) : 1500;
  auto program = msc::demo::GenerateDemoProgram({.seed = 7, .contacts = contacts});
  auto& companies = *program.register_.mutable_companies();
  if (companies.size() >= 2) {
    companies[0].set_name("=HYPERLINK(\"http://example.invalid\";\"click\")");
    companies[1].set_name("Komma, \"Sitat\"; Semikolon AS");
  }
  auto store = msc::storage::Store::Open(argv[1]);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 1;
  }
  if (previous) {
    // Stored first: the current program's register (with the odd names) comes last.
    if (int failed = Store(**store, PreviousYear(contacts))) return failed;
  }
  return Store(**store, std::move(program));
}
