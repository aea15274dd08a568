#include <catch2/catch.hpp>

#include "../support/sample.h"
#include "../support/temp_dir.h"
#include "msc/storage/store.h"

using msc::storage::Store;

TEST_CASE("an imported register exports the same items") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  auto reg = msc::testing::SampleRegister();
  reg.mutable_programs(0)->mutable_config()->set_min_contacts_per_company(12);
  REQUIRE((*store)->ImportRegister(reg, "test").ok());
  auto exported = (*store)->ExportRegister();
  REQUIRE(exported.ok());
  CHECK(exported->SerializeAsString() == reg.SerializeAsString());
}

TEST_CASE("importing the same register twice changes nothing") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  auto reg = msc::testing::SampleRegister();
  REQUIRE((*store)->ImportRegister(reg, "test").ok());
  REQUIRE((*store)->ImportRegister(reg, "test").ok());
  CHECK((*store)->ExportRegister()->SerializeAsString() == reg.SerializeAsString());
}

TEST_CASE("an import updates items by id") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  REQUIRE((*store)->ImportRegister(msc::testing::SampleRegister(), "test").ok());
  msc::v1::Register rename;
  auto* co = rename.add_companies();
  co->set_id("nordbank");
  co->set_name("Nordbank ASA");
  co->set_industry_id("bank");
  REQUIRE((*store)->ImportRegister(rename, "test").ok());
  auto exported = (*store)->ExportRegister();
  REQUIRE(exported->companies_size() == 1);
  CHECK(exported->companies(0).name() == "Nordbank ASA");
  CHECK(exported->industries_size() == 1);
}

TEST_CASE("a company of an unknown industry fails the import and nothing is imported") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  auto reg = msc::testing::SampleRegister();
  auto* stray = reg.add_companies();
  stray->set_id("stray");
  stray->set_name("Stray AS");
  stray->set_industry_id("no-such-industry");
  auto s = (*store)->ImportRegister(reg, "test");
  REQUIRE(s.code() == msc::StatusCode::kInvalidArgument);
  CHECK(s.field_errors().at(0).field == "companies[1].industry_id");
  auto exported = (*store)->ExportRegister();
  CHECK(exported->industries_size() == 0);
  CHECK(exported->companies_size() == 0);
  CHECK(exported->programs_size() == 0);
}

TEST_CASE("register items need plain ids, names and a period that ends after it starts") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  auto reg = msc::testing::SampleRegister();
  reg.mutable_industries(0)->set_id("bad id/with spaces");
  reg.mutable_observers(0)->clear_name();
  *reg.mutable_programs(0)->mutable_period_end() = reg.programs(0).period_start();
  auto s = (*store)->ImportRegister(reg, "test");
  REQUIRE(s.code() == msc::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& f : s.field_errors()) fields.push_back(f.field);
  CHECK(fields == std::vector<std::string>{"industries[0].id", "observers[0].name",
                                           "programs[0].period_end"});
}

TEST_CASE("an import is written to the audit log") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  REQUIRE((*store)->ImportRegister(msc::testing::SampleRegister(), "cli:kari").ok());
  auto audit = (*store)->ReadAudit(0, 10);
  REQUIRE(audit->size() == 1);
  CHECK(audit->at(0).actor == "cli:kari");
  CHECK(audit->at(0).action == "register.import");
  CHECK(audit->at(0).detail == "industries=1 companies=1 observers=3 programs=1");
}

namespace {

msc::v1::Scenario MakeScenario(const char* id, const char* name) {
  msc::v1::Scenario s;
  s.set_id(id);
  s.set_name(name);
  return s;
}

}  // namespace

TEST_CASE("a program's scenarios are stored in their order and replaced by the next import") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  auto reg = msc::testing::SampleRegister();
  auto* program = reg.mutable_programs(0);
  *program->add_scenarios() = MakeScenario("switch-provider", "Switch provider");
  *program->add_scenarios() = MakeScenario("billing", "Billing question");
  REQUIRE((*store)->ImportRegister(reg, "test").ok());
  auto read = (*store)->GetProgram(program->id());
  REQUIRE(read.ok());
  REQUIRE(read->scenarios_size() == 2);
  CHECK(read->scenarios(0).id() == "switch-provider");
  CHECK(read->scenarios(1).name() == "Billing question");

  program->clear_scenarios();
  *program->add_scenarios() = MakeScenario("billing", "Billing");
  REQUIRE((*store)->ImportRegister(reg, "test").ok());
  auto exported = (*store)->ExportRegister();
  REQUIRE(exported.ok());
  CHECK(exported->SerializeAsString() == reg.SerializeAsString());

  program->clear_scenarios();
  REQUIRE((*store)->ImportRegister(reg, "test").ok());
  CHECK((*store)->GetProgram(program->id())->scenarios_size() == 0);
}

TEST_CASE("scenarios need plain unique ids and names, at most 200 per program") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  auto reg = msc::testing::SampleRegister();
  auto* program = reg.mutable_programs(0);
  *program->add_scenarios() = MakeScenario("billing", "Billing");
  *program->add_scenarios() = MakeScenario("billing", "Billing again");
  *program->add_scenarios() = MakeScenario("no spaces", "");
  auto s = (*store)->ImportRegister(reg, "test");
  REQUIRE(s.code() == msc::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& f : s.field_errors()) fields.push_back(f.field);
  CHECK(fields == std::vector<std::string>{"programs[0].scenarios[1].id",
                                           "programs[0].scenarios[2].id",
                                           "programs[0].scenarios[2].name"});

  program->clear_scenarios();
  for (int i = 0; i < 201; ++i)
    *program->add_scenarios() = MakeScenario(("s" + std::to_string(i)).c_str(), "S");
  s = (*store)->ImportRegister(reg, "test");
  REQUIRE(s.code() == msc::StatusCode::kInvalidArgument);
  CHECK(s.field_errors().at(0).field == "programs[0].scenarios");
  CHECK((*store)->ExportRegister()->programs_size() == 0);
}
