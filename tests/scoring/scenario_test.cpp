// Contact types (scoring/README.md "Contact types"): results per scenario the program
// lists, over the program, each industry and each channel. Every contact below has
// all its applicable criteria rated alike, so a rating r gives experience and agent
// score (r - 1) * 20; an unanswered contact scores 0 (the default).
#include <catch2/catch.hpp>

#include <string>

#include "builders.h"
#include "msc/scoring/config.h"
#include "msc/scoring/score.h"
#include "scored.h"

namespace msc::scoring {
namespace {

using namespace testing;

// A program listing scenarios "billing" then "switch", with companies a1, a2 in
// industry "a" and b1 in "b".
Input TwoScenarioProgram() {
  Input input = Program();
  for (const char* id : {"billing", "switch"}) {
    v1::Scenario* s = input.program.add_scenarios();
    s->set_id(id);
    s->set_name(std::string("Scenario ") + id);
  }
  AddIndustry(input, "a");
  AddIndustry(input, "b");
  AddCompany(input, "a1", "a");
  AddCompany(input, "a2", "a");
  AddCompany(input, "b1", "b");
  return input;
}

void Add(Input& input, uint32_t company, v1::Channel channel, uint16_t scenario, int rating,
         int n = 1) {
  for (int i = 0; i < n; ++i) {
    const std::string id = "c" + std::to_string(input.contacts.size());
    Contact c =
        rating == 0 ? Unanswered(id, company, channel) : Answered(id, company, channel, rating);
    c.scenario = scenario;
    input.contacts.push_back(c);
  }
}

const v1::ScenarioResult& ScenarioOf(const v1::AwardReport& report, const std::string& id) {
  for (const v1::ScenarioResult& s : report.scenarios()) {
    if (s.scenario_id() == id) return s;
  }
  FAIL("no scenario " << id);
  return report.scenarios(0);
}

TEST_CASE("a scenario's results are its contacts' index, answered and agent results and rates") {
  Input input = TwoScenarioProgram();
  Add(input, 0, v1::PHONE, 1, 5, 3);  // billing: three served at 80
  Add(input, 1, v1::PHONE, 1, 0);     // and one unanswered, 0
  Add(input, 2, v1::PHONE, 2, 3, 2);  // switch: two at 40
  const v1::AwardReport report = MustScore(input);
  REQUIRE(report.scenarios_size() == 2);
  const v1::ScenarioFigures& billing = ScenarioOf(report, "billing").program();
  CHECK(ScenarioOf(report, "billing").name() == "Scenario billing");
  CHECK(billing.contacts() == 4);
  CHECK(billing.index() == Approx((80.0 * 3 + 0) / 4));
  CHECK(billing.answered_index() == Approx(80));
  CHECK(billing.agent_index() == Approx(80));
  CHECK(billing.rates().served() == 3);
  CHECK(billing.rates().unanswered_rate() == Approx(0.25));
  CHECK(billing.rates().median_wait_s() == Approx(10));
  const v1::ScenarioFigures& change = ScenarioOf(report, "switch").program();
  CHECK(change.contacts() == 2);
  CHECK(change.index() == Approx(40));
  CHECK(change.rates().unanswered_rate() == 0);
}

TEST_CASE("a scenario's index balances its channels as a company's index does") {
  Input input = TwoScenarioProgram();
  Add(input, 0, v1::PHONE, 1, 5, 3);  // 80, 80, 80
  Add(input, 0, v1::CHAT, 1, 3);      // 40
  CHECK(ScenarioOf(MustScore(input), "billing").program().index() == Approx((80 + 40) / 2.0));
  input.config.set_company_aggregation(v1::POOLED);
  CHECK(ScenarioOf(MustScore(input), "billing").program().index() == Approx((80 * 3 + 40) / 4.0));
}

TEST_CASE("each industry and each channel sees only its own contacts of the scenario") {
  Input input = TwoScenarioProgram();
  Add(input, 0, v1::PHONE, 1, 5, 2);  // industry a, phone: 80
  Add(input, 1, v1::CHAT, 1, 4, 2);   // industry a, chat: 60
  Add(input, 2, v1::CHAT, 1, 2, 2);   // industry b, chat: 20
  const v1::AwardReport report = MustScore(input);
  const v1::ScenarioResult& billing = ScenarioOf(report, "billing");
  REQUIRE(billing.industries_size() == 2);
  CHECK(billing.industries(0).industry_id() == "a");
  CHECK(billing.industries(0).figures().contacts() == 4);
  CHECK(billing.industries(0).figures().index() == Approx((80 + 60) / 2.0));
  CHECK(billing.industries(1).industry_id() == "b");
  CHECK(billing.industries(1).figures().index() == Approx(20));
  REQUIRE(billing.channels_size() == 2);
  CHECK(billing.channels(0).channel() == v1::PHONE);
  CHECK(billing.channels(0).figures().index() == Approx(80));
  CHECK(billing.channels(1).channel() == v1::CHAT);
  CHECK(billing.channels(1).figures().contacts() == 4);
  CHECK(billing.channels(1).figures().index() == Approx((60 * 2 + 20 * 2) / 4.0));
}

TEST_CASE("scenarios with fewer contacts than the company minimum are left unranked") {
  Input input = TwoScenarioProgram();
  input.config.set_min_contacts_per_company(3);
  Add(input, 0, v1::PHONE, 1, 3, 3);  // billing: 3 contacts at 40
  Add(input, 0, v1::PHONE, 2, 6, 2);  // switch: better, but only 2
  v1::AwardReport report = MustScore(input);
  CHECK(ScenarioOf(report, "billing").program().rank() == 1);
  CHECK_FALSE(ScenarioOf(report, "switch").program().has_rank());
  CHECK(ScenarioOf(report, "switch").program().has_index());

  Add(input, 0, v1::PHONE, 2, 6);  // now 3: ranked, and first
  report = MustScore(input);
  CHECK(ScenarioOf(report, "switch").program().rank() == 1);
  CHECK(ScenarioOf(report, "billing").program().rank() == 2);
  CHECK(ScenarioOf(report, "switch").channels(0).figures().rank() == 1);
}

TEST_CASE("a scenario's criteria count its served contacts only") {
  Input input = TwoScenarioProgram();
  Add(input, 0, v1::PHONE, 1, 5, 2);
  Add(input, 0, v1::PHONE, 1, 0);
  Add(input, 0, v1::PHONE, 2, 2);
  const v1::AwardReport report = MustScore(input);
  const v1::ScenarioResult& billing = ScenarioOf(report, "billing");
  REQUIRE(billing.criteria_size() == input.config.criteria_size());
  CHECK(billing.criteria(0).criterion_id() == input.config.criteria(0).id());
  CHECK(billing.criteria(0).counts(4) == 2);  // answer 5
  CHECK(billing.criteria(0).counts(1) == 0);  // the other scenario's 2
  CHECK(billing.criteria(0).mean_100() == Approx(80));
}

TEST_CASE("a listed scenario nobody made is reported with no contacts") {
  Input input = TwoScenarioProgram();
  Add(input, 0, v1::PHONE, 1, 5);
  const v1::AwardReport report = MustScore(input);
  const v1::ScenarioResult& change = ScenarioOf(report, "switch");
  CHECK(change.program().contacts() == 0);
  CHECK_FALSE(change.program().has_index());
  CHECK_FALSE(change.program().has_rates());
  CHECK(change.industries_size() == 0);
  CHECK(change.criteria_size() == 0);
}

TEST_CASE("contacts naming no listed scenario are counted apart from every scenario") {
  Input input = TwoScenarioProgram();
  Add(input, 0, v1::PHONE, 1, 5);
  Add(input, 0, v1::PHONE, 0, 1, 2);
  const v1::AwardReport report = MustScore(input);
  CHECK(report.contacts_without_scenario() == 2);
  CHECK(ScenarioOf(report, "billing").program().contacts() == 1);
  CHECK(ScenarioOf(report, "billing").program().index() == Approx(80));
}

TEST_CASE("a program that lists no scenarios reports none, whatever its contacts name") {
  Input input = TwoScenarioProgram();
  input.program.clear_scenarios();
  Add(input, 0, v1::PHONE, 0, 5, 2);
  const std::string plain = Bytes(MustScore(input));
  for (Contact& c : input.contacts) c.scenario = 1;
  const v1::AwardReport report = MustScore(input);
  CHECK(report.scenarios_size() == 0);
  CHECK_FALSE(report.has_contacts_without_scenario());
  CHECK(Bytes(report) == plain);
}

}  // namespace
}  // namespace msc::scoring
