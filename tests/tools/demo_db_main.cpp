// msc-test-demo-db FILE [CONTACTS]: a database file holding the demo program
// (kundeservice-2026, seed 7), for tests that run the msc binary from a script. Two
// companies get names that try to break a spreadsheet: a formula, and separators
// with quotes.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "msc/demo/generate.h"
#include "msc/storage/store.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: msc-test-demo-db FILE [CONTACTS]\n";
    return 2;
  }
  const int contacts = argc == 3 ? std::atoi(argv[2]) : 1500;
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
  if (auto s = (*store)->ImportRegister(program.register_, "test"); !s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  std::vector<msc::storage::NewObservation> items;
  for (auto& o : program.observations) {
    items.push_back({std::move(o), 1767225600000000000, "token:1", "", {}});
  }
  if (auto inserted = (*store)->InsertObservations(items); !inserted.ok()) {
    std::cerr << inserted.status().ToString() << "\n";
    return 1;
  }
  return 0;
}
