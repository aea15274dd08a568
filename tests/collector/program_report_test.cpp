// The scoring input read from a store: every stored observation once, with its
// bytes, its register positions and its ratings, however many batches it takes.
#include "msc/collector/program_report.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "../support/sample.h"
#include "../support/temp_dir.h"
#include "fixture.h"
#include "msc/proto/serialize.h"
#include "msc/render/render.h"
#include "msc/storage/store.h"

namespace {

// The n-th stored observation: obs-1 and obs-2 take turns.
msc::v1::Observation Stored(int n, const std::string& company) {
  msc::v1::Observation o = msc::testing::SampleObservation(n);
  o.set_company_id(company);
  if (n % 2 == 0) o.set_observer_id("obs-2");
  return o;
}

std::unique_ptr<msc::storage::Store> StoreWith(const msc::testing::TempDir& dir, int count,
                                               const std::string& company = "nordbank") {
  auto store = msc::storage::Store::Open(dir.File("m.db"));
  REQUIRE(store.ok());
  REQUIRE((*store)->ImportRegister(msc::testing::SampleRegister(), "test").ok());
  std::vector<msc::storage::NewObservation> items;
  for (int n = 1; n <= count; ++n) {
    msc::storage::NewObservation& item = items.emplace_back();
    item.observation = Stored(n, company);
    item.received_at_ns = n;
    item.submitted_by = "test";
  }
  REQUIRE((*store)->InsertObservations(items).ok());
  return std::move(store).value();
}

TEST_CASE("the scoring input holds every stored observation once, across many batches") {
  msc::testing::TempDir dir;
  const int kCount = 10'000;  // more than two of the loader's batches
  auto store = StoreWith(dir, kCount);
  auto input = msc::collector::LoadScoringInput(*store, "p1");
  INFO(input.status().ToString());
  REQUIRE(input.ok());
  REQUIRE(input->contacts.size() == kCount);
  const int overall = [&] {
    for (int k = 0; k < input->config.criteria_size(); ++k)
      if (input->config.criteria(k).id() == "overall") return k;
    FAIL("no overall criterion");
    return -1;
  }();
  std::map<std::string_view, const msc::scoring::Contact*> by_id;
  for (const msc::scoring::Contact& c : input->contacts) by_id[c.submission_id] = &c;
  REQUIRE(by_id.size() == kCount);
  for (int n = 1; n <= kCount; ++n) {
    const auto it = by_id.find(msc::testing::SampleId(n));
    REQUIRE(it != by_id.end());
    const msc::scoring::Contact& c = *it->second;
    REQUIRE(c.raw == msc::SerializeDeterministic(Stored(n, "nordbank")));
    REQUIRE(input->observers[c.observer].id() == (n % 2 == 0 ? "obs-2" : "obs-1"));
    REQUIRE(input->companies[c.company].id() == "nordbank");
    REQUIRE(c.ratings[overall] == 1 + n % 6);
    REQUIRE(c.attempts[0].wait_ns == int64_t{30} * 1'000'000'000);
  }
}

TEST_CASE("every company is found by its id, short, long or one digit from another") {
  msc::testing::TempDir dir;
  auto store = msc::storage::Store::Open(dir.File("m.db"));
  REQUIRE(store.ok());
  msc::v1::Register reg = msc::testing::SampleRegister();
  std::vector<std::string> ids = {"a-company-id-well-beyond-nineteen-bytes", "x"};
  for (int k = 0; k < 300; ++k) ids.push_back("co-" + std::to_string(1000 + k));
  for (const std::string& id : ids) {
    msc::v1::Company* company = reg.add_companies();
    company->set_id(id);
    company->set_name("Company " + id);
    company->set_industry_id("bank");
  }
  REQUIRE((*store)->ImportRegister(reg, "test").ok());
  std::vector<msc::storage::NewObservation> items;
  for (int n = 1; n <= 2000; ++n) {
    msc::storage::NewObservation& item = items.emplace_back();
    item.observation = Stored(n, ids[static_cast<size_t>(n * 7) % ids.size()]);
    (*item.observation.mutable_ratings())["no-longer-a-criterion"] = 5;  // not scored
    item.submitted_by = "test";
  }
  REQUIRE((*store)->InsertObservations(items).ok());
  auto input = msc::collector::LoadScoringInput(**store, "p1");
  INFO(input.status().ToString());
  REQUIRE(input.ok());
  REQUIRE(input->contacts.size() == items.size());
  std::map<std::string, std::string> company_of;
  for (const auto& item : items)
    company_of[item.observation.submission_id()] = item.observation.company_id();
  for (const msc::scoring::Contact& c : input->contacts) {
    const std::string id(c.submission_id);
    REQUIRE(company_of.count(id) == 1);
    CHECK(input->companies[c.company].id() == company_of[id]);
    int rated = 0;
    for (uint8_t r : c.ratings) rated += r != 0;
    CHECK(rated == 2);  // overall and competent; the retired criterion is left out
  }
}

TEST_CASE("an observation of a company missing from the register is an error naming it") {
  msc::testing::TempDir dir;
  auto store = StoreWith(dir, 5000, "gone-bank");
  auto input = msc::collector::LoadScoringInput(*store, "p1");
  REQUIRE_FALSE(input.ok());
  CHECK_THAT(input.status().message(), Catch::Contains("missing from the register"));
}

TEST_CASE("a program without observations loads with its register and config") {
  msc::testing::TempDir dir;
  auto store = StoreWith(dir, 0);
  auto input = msc::collector::LoadScoringInput(*store, "p1");
  REQUIRE(input.ok());
  CHECK(input->contacts.empty());
  CHECK(input->companies.size() == 1);
  CHECK(input->config.criteria_size() > 0);
}

}  // namespace

TEST_CASE("the live report downloads as the award's HTML page and CSV tables") {
  msc::collector::ServerOptions options;
  options.renderers.html = [](const msc::v1::AwardReport& r) { return msc::render::RenderHtml(r); };
  options.renderers.csv = [](const msc::v1::AwardReport& r) {
    std::vector<std::pair<std::string, std::string>> tables;
    for (auto& f : msc::render::RenderCsvTables(r)) tables.emplace_back(f.name, std::move(f.text));
    return tables;
  };
  msc::testing::Collector c(options);
  REQUIRE(c.Client(c.tokens().observer)
              .PostJson("/v1/observations", msc::testing::SampleObservation(1))
              .result_int() == 200);
  auto manager = c.Client(c.tokens().manager);
  auto html = manager.Get("/v1/programs/p1/report?format=html");
  REQUIRE(html.result_int() == 200);
  CHECK(html[boost::beast::http::field::content_type] == "text/html; charset=utf-8");
  CHECK_THAT(std::string(html[boost::beast::http::field::content_disposition]),
             Catch::Contains("p1.html"));
  CHECK_THAT(html.body(),
             Catch::StartsWith("<!DOCTYPE html>") && Catch::Contains("Kundeservice 2026"));
  auto csv = manager.Get("/v1/programs/p1/report?format=csv&table=companies");
  REQUIRE(csv.result_int() == 200);
  CHECK(csv[boost::beast::http::field::content_type] == "text/csv; charset=utf-8");
  CHECK_THAT(csv.body(), Catch::StartsWith("\xEF\xBB\xBF"
                                           "company_id,"));
  CHECK_THAT(csv.body(), Catch::Contains("nordbank"));
  CHECK(manager.Get("/v1/programs/p1/report?format=csv&table=nope").result_int() == 404);
  CHECK(manager.Get("/v1/programs/p1/report?format=pdf").result_int() == 400);
  // A collector started without renderers says it cannot.
  msc::testing::Collector plain;
  CHECK(
      plain.Client(plain.tokens().manager).Get("/v1/programs/p1/report?format=html").result_int() ==
      406);
}

TEST_CASE("each contact is read with its scenario's place in the program's list, else none") {
  msc::testing::TempDir dir;
  auto store = msc::storage::Store::Open(dir.File("m.db"));
  REQUIRE(store.ok());
  msc::v1::Register reg = msc::testing::SampleRegister();
  for (const char* id : {"switch-provider", "billing"}) {
    msc::v1::Scenario* s = reg.mutable_programs(0)->add_scenarios();
    s->set_id(id);
    s->set_name(id);
  }
  REQUIRE((*store)->ImportRegister(reg, "test").ok());
  // Stored as a program that listed no scenarios would have taken them.
  const std::map<int, std::string> named = {
      {1, "billing"}, {2, "switch-provider"}, {3, "retired-type"}, {4, ""}};
  std::vector<msc::storage::NewObservation> items;
  for (const auto& [n, scenario] : named) {
    msc::storage::NewObservation& item = items.emplace_back();
    item.observation = Stored(n, "nordbank");
    item.observation.set_scenario(scenario);
    item.received_at_ns = n;
    item.submitted_by = "test";
  }
  REQUIRE((*store)->InsertObservations(items).ok());
  auto input = msc::collector::LoadScoringInput(**store, "p1");
  INFO(input.status().ToString());
  REQUIRE(input.ok());
  REQUIRE(input->program.scenarios_size() == 2);
  std::map<std::string, uint16_t> scenario_of;
  for (const msc::scoring::Contact& c : input->contacts)
    scenario_of[std::string(c.submission_id)] = c.scenario;
  for (const auto& [n, scenario] : named) {
    const uint16_t expected = scenario == "switch-provider" ? 1 : scenario == "billing" ? 2 : 0;
    CHECK(scenario_of.at(msc::testing::SampleObservation(n).submission_id()) == expected);
  }
  auto report = msc::scoring::Score(*input);
  REQUIRE(report.ok());
  REQUIRE(report->scenarios_size() == 2);
  CHECK(report->scenarios(1).scenario_id() == "billing");
  CHECK(report->scenarios(1).program().contacts() == 1);
  CHECK(report->contacts_without_scenario() == 2);
}
