// The agent result (scoring/README.md, "Agent result"): agent_index of companies,
// channels and industries, the ranks by each of the three results, winner_result,
// and that the default config's other figures do not move. The default catalogue's
// criteria by position: 0 welcome, 1 understood_need, 2 engaged, 3 competent,
// 4 written_language (not PHONE), 5 solution, 6 efficiency, 7 overall; the agent
// criteria are 0..5. A rating r scores (r - 1) * 20.
#include <catch2/catch.hpp>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "builders.h"
#include "msc/scoring/config.h"
#include "msc/scoring/score.h"
#include "scored.h"

namespace msc::scoring {
namespace {

using namespace testing;

// A served contact with the given ratings by criterion position (0: not rated).
Contact Rated(Input& input, uint32_t company, v1::Channel channel,
              const std::array<int, 8>& ratings) {
  Contact c = Answered("c" + std::to_string(input.contacts.size()), company, channel, 0);
  for (int i = 0; i < 8; ++i) c.ratings[i] = static_cast<uint8_t>(ratings[i]);
  return c;
}

void AddRated(Input& input, uint32_t company, v1::Channel channel,
              const std::array<int, 8>& ratings, int n = 1) {
  for (int k = 0; k < n; ++k) input.contacts.push_back(Rated(input, company, channel, ratings));
}

std::vector<std::string> Ids(const google::protobuf::RepeatedPtrField<std::string>& ids) {
  return {ids.begin(), ids.end()};
}

TEST_CASE("agent_index is the weighted agent mean of served contacts, balanced or pooled") {
  Input input = Program();
  input.config.mutable_criteria(0)->set_weight(2);  // welcome counts twice
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  // PHONE: (2 * 100 + 60 + 80 + 80 + 40) / 6 = 460 / 6 = 230 / 3 (written_language
  // does not apply to PHONE, efficiency and overall are not agent criteria).
  AddRated(input, 0, v1::PHONE, {6, 4, 5, 5, 1, 3, 2, 2});
  // Served, but no agent criterion rated: not in agent_index.
  AddRated(input, 0, v1::PHONE, {0, 0, 0, 0, 0, 0, 6, 6});
  // Not served: not in agent_index.
  input.contacts.push_back(Unanswered("u", 0, v1::PHONE));
  // CHAT: (2 * 20 + 20 + 20 + 20 + 100 + 20) / 7 = 220 / 7; and written_language
  // alone: 60. The CHAT channel's agent index is (220 / 7 + 60) / 2 = 320 / 7.
  AddRated(input, 0, v1::CHAT, {2, 2, 2, 2, 6, 2, 6, 6});
  AddRated(input, 0, v1::CHAT, {0, 0, 0, 0, 4, 0, 5, 0});

  const v1::CompanyResult balanced = MustScore(input).companies(0);
  // (230 / 3 + 320 / 7) / 2 = 2570 / 42.
  CHECK(balanced.agent_index() == Approx(2570.0 / 42));
  REQUIRE(balanced.channels_size() == 2);
  CHECK(balanced.channels(0).agent_index() == Approx(230.0 / 3));
  CHECK(balanced.channels(1).agent_index() == Approx(320.0 / 7));

  input.config.set_company_aggregation(v1::POOLED);
  // (230 / 3 + 220 / 7 + 60) / 3 = (1610 + 660 + 1260) / 63 = 3530 / 63.
  CHECK(MustScore(input).companies(0).agent_index() == Approx(3530.0 / 63));
}

TEST_CASE("a company whose served contacts rate no agent criterion has no agent_index") {
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  AddRated(input, 0, v1::PHONE, {0, 0, 0, 0, 0, 0, 5, 5}, 3);
  input.contacts.push_back(Unanswered("u", 0, v1::PHONE));
  const v1::CompanyResult company = MustScore(input).companies(0);
  CHECK(company.answered_index() == Approx(80));
  CHECK_FALSE(company.has_agent_index());
  CHECK_FALSE(company.channels(0).has_agent_index());
  CHECK_FALSE(company.has_rank_agent_overall());
}

TEST_CASE("an industry's agent_index is the mean over its eligible companies that have one") {
  Input input = Program();
  input.config.set_min_contacts_per_company(2);
  input.config.set_min_contacts_per_company_channel(2);
  AddIndustry(input, "bank");
  AddCompany(input, "b1", "bank");
  AddCompany(input, "b2", "bank");
  AddCompany(input, "b3", "bank");
  AddCompany(input, "b4", "bank");
  AddContacts(input, 0, 2, 5, v1::PHONE);                      // b1: PHONE 80,
  AddContacts(input, 0, 1, 2, v1::CHAT);                       // CHAT 20: agent (80 + 20) / 2 = 50
  AddContacts(input, 1, 2, 3, v1::PHONE);                      // b2: 40
  AddRated(input, 2, v1::PHONE, {0, 0, 0, 0, 0, 0, 5, 5}, 2);  // b3: eligible, no agent
  AddContacts(input, 3, 1, 6, v1::PHONE);                      // b4: 100, not eligible
  const v1::IndustryResult bank = MustScore(input).industries(0);
  CHECK(bank.eligible_companies() == 3);
  CHECK(bank.agent_index() == Approx(45));  // (50 + 40) / 2
  // PHONE: b1 80, b2 40 (b3 has none, b4 has 1 < 2 contacts); CHAT: nobody has 2.
  REQUIRE(bank.channels_size() == 2);
  CHECK(bank.channels(0).channel() == v1::PHONE);
  CHECK(bank.channels(0).agent_index() == Approx(60));
  CHECK(bank.channels(1).channel() == v1::CHAT);
  CHECK_FALSE(bank.channels(1).has_agent_index());
}

// Two industries whose three results order their companies differently. Per company
// (2 PHONE contacts each, so every one is eligible): index / answered / agent.
//   bank:    x  one {6 x 8} and one unanswered          50     / 100    / 100
//            y  two {5 x 8}                              80     / 80     / 80
//            w  two {5 x 8}                              80     / 80     / 80
//            z  two {6,6,6,6,-,6,1,1}: 500 / 7           71.43  / 71.43  / 100
//   telecom: t1..t3 two {6,6,6,6,-,4,1,1}: 460 / 7       65.71  / 65.71  / 92
// bank: index (50 + 80 + 80 + 500/7) / 4 = 70.36, answered (100 + 80 + 80 + 500/7) / 4
// = 82.86, agent (100 + 80 + 80 + 100) / 4 = 90; telecom 65.71 / 65.71 / 92.
Input ThreeResults() {
  Input input = Program();
  input.config.set_min_contacts_per_company(2);
  AddIndustry(input, "bank");
  AddIndustry(input, "telecom");
  for (const char* id : {"w", "x", "y", "z"}) AddCompany(input, id, "bank");
  for (const char* id : {"t1", "t2", "t3"}) AddCompany(input, id, "telecom");
  AddContacts(input, 0, 2, 5);                                 // w
  AddContacts(input, 1, 1, 6);                                 // x
  input.contacts.push_back(Unanswered("x-u", 1, v1::PHONE));   // x
  AddContacts(input, 2, 2, 5);                                 // y
  AddRated(input, 3, v1::PHONE, {6, 6, 6, 6, 0, 6, 1, 1}, 2);  // z
  for (uint32_t t = 4; t < 7; ++t) AddRated(input, t, v1::PHONE, {6, 6, 6, 6, 0, 4, 1, 1}, 2);
  return input;
}

TEST_CASE("companies and industries are ranked by each result, ties sharing the best rank") {
  const v1::AwardReport report = MustScore(ThreeResults());
  CHECK(CompanyOf(report, "z").agent_index() == Approx(100));
  CHECK(CompanyOf(report, "z").answered_index() == Approx(500.0 / 7));
  CHECK(CompanyOf(report, "t1").agent_index() == Approx(92));
  // Overall by index: w, y 80 (1); z (3); t1..t3 (4); x 50 (7).
  CHECK(CompanyOf(report, "w").rank_overall() == 1);
  CHECK(CompanyOf(report, "y").rank_overall() == 1);
  CHECK(CompanyOf(report, "z").rank_overall() == 3);
  CHECK(CompanyOf(report, "t2").rank_overall() == 4);
  CHECK(CompanyOf(report, "x").rank_overall() == 7);
  // By answered: x 100 (1); w, y 80 (2); z (4); t1..t3 (5).
  CHECK(CompanyOf(report, "x").rank_answered_overall() == 1);
  CHECK(CompanyOf(report, "w").rank_answered_overall() == 2);
  CHECK(CompanyOf(report, "y").rank_answered_overall() == 2);
  CHECK(CompanyOf(report, "z").rank_answered_overall() == 4);
  CHECK(CompanyOf(report, "t3").rank_answered_overall() == 5);
  // By agent: x, z 100 (1); t1..t3 92 (3); w, y 80 (6).
  CHECK(CompanyOf(report, "x").rank_agent_overall() == 1);
  CHECK(CompanyOf(report, "z").rank_agent_overall() == 1);
  CHECK(CompanyOf(report, "t1").rank_agent_overall() == 3);
  CHECK(CompanyOf(report, "t3").rank_agent_overall() == 3);
  CHECK(CompanyOf(report, "w").rank_agent_overall() == 6);
  CHECK(CompanyOf(report, "y").rank_agent_overall() == 6);
  // In bank: index w, y 1, z 3, x 4; answered x 1, w, y 2, z 4; agent x, z 1, w, y 3.
  CHECK(CompanyOf(report, "x").rank_in_industry() == 4);
  CHECK(CompanyOf(report, "z").rank_in_industry() == 3);
  CHECK(CompanyOf(report, "y").rank_answered_in_industry() == 2);
  CHECK(CompanyOf(report, "z").rank_answered_in_industry() == 4);
  CHECK(CompanyOf(report, "w").rank_agent_in_industry() == 3);
  CHECK(CompanyOf(report, "z").rank_agent_in_industry() == 1);
  CHECK(CompanyOf(report, "t2").rank_agent_in_industry() == 1);
  // Industries: bank leads by index and answered, telecom by agent (92 > 90).
  const v1::IndustryResult& bank = IndustryOf(report, "bank");
  const v1::IndustryResult& telecom = IndustryOf(report, "telecom");
  CHECK(bank.index() == Approx((50 + 80 + 80 + 500.0 / 7) / 4));
  CHECK(bank.answered_index() == Approx((100 + 80 + 80 + 500.0 / 7) / 4));
  CHECK(bank.agent_index() == Approx(90));
  CHECK(telecom.agent_index() == Approx(92));
  CHECK(bank.rank() == 1);
  CHECK(telecom.rank() == 2);
  CHECK(bank.rank_answered() == 1);
  CHECK(telecom.rank_answered() == 2);
  CHECK(bank.rank_agent() == 2);
  CHECK(telecom.rank_agent() == 1);
}

TEST_CASE("winner_result chooses the result that decides the winners and the award") {
  Input input = ThreeResults();
  input.config.mutable_bootstrap()->set_replicates(200);
  SECTION("TOTAL, the default: the index") {
    const v1::AwardReport report = MustScore(input);
    CHECK(Ids(report.overall_winners()) == std::vector<std::string>{"w", "y"});
    CHECK(Ids(IndustryOf(report, "bank").winners()) == std::vector<std::string>{"w", "y"});
    CHECK(Ids(IndustryOf(report, "telecom").winners()) ==
          std::vector<std::string>{"t1", "t2", "t3"});
    // w and y score 80 on every contact, so they tie in every replicate, and win it
    // unless x draws its 100 twice; nobody else can reach 80.
    CHECK(CompanyOf(report, "w").win_probability_overall() ==
          CompanyOf(report, "y").win_probability_overall());
    CHECK(CompanyOf(report, "z").win_probability_overall() == 0);
  }
  SECTION("ANSWERED") {
    input.config.set_winner_result(v1::ANSWERED);
    const v1::AwardReport report = MustScore(input);
    CHECK(Ids(report.overall_winners()) == std::vector<std::string>{"x"});
    CHECK(Ids(IndustryOf(report, "bank").winners()) == std::vector<std::string>{"x"});
    CHECK(CompanyOf(report, "x").win_probability_overall() == Approx(1));
    // The ranks by each result do not depend on which decides.
    CHECK(CompanyOf(report, "w").rank_overall() == 1);
    CHECK(CompanyOf(report, "x").rank_answered_overall() == 1);
  }
  SECTION("AGENT") {
    input.config.set_winner_result(v1::AGENT);
    const v1::AwardReport report = MustScore(input);
    CHECK(Ids(report.overall_winners()) == std::vector<std::string>{"x", "z"});
    CHECK(Ids(IndustryOf(report, "bank").winners()) == std::vector<std::string>{"x", "z"});
    // x's one agent score and z's two are all 100: every replicate ties them.
    CHECK(CompanyOf(report, "x").win_probability_overall() == Approx(0.5));
    CHECK(CompanyOf(report, "z").win_probability_industry() == Approx(0.5));
    CHECK(CompanyOf(report, "w").win_probability_overall() == 0);
  }
}

TEST_CASE("agent_criteria must name criteria of the catalogue, once each") {
  v1::ScoringConfig config = DefaultConfig();
  REQUIRE(ValidateConfig(config).ok());
  CHECK(config.agent_criteria_size() == 6);
  CHECK(config.winner_result() == v1::TOTAL);
  config.add_agent_criteria("friendliness");
  config.add_agent_criteria("welcome");
  const Status status = ValidateConfig(config);
  REQUIRE_FALSE(status.ok());
  REQUIRE(status.field_errors().size() == 2);
  CHECK(status.field_errors()[0].field == "agent_criteria[6]");
  CHECK(status.field_errors()[1].field == "agent_criteria[7]");
}

TEST_CASE("winner_result AGENT needs agent criteria, and ADJUSTED ranking needs TOTAL") {
  v1::ScoringConfig config = DefaultConfig();
  config.clear_agent_criteria();
  CHECK(ValidateConfig(config).ok());
  config.set_winner_result(v1::AGENT);
  REQUIRE_FALSE(ValidateConfig(config).ok());
  CHECK(ValidateConfig(config).field_errors()[0].field == "winner_result");
  config = DefaultConfig();
  config.set_rank_by(v1::ADJUSTED);
  config.set_winner_result(v1::ANSWERED);
  REQUIRE_FALSE(ValidateConfig(config).ok());
  CHECK(ValidateConfig(config).field_errors()[0].field == "winner_result");
}

TEST_CASE("a catalogue given without agent criteria keeps the default ones it has") {
  Result<v1::ScoringConfig> overrides = ParseConfigText(R"(
    criteria { id: "solution" question: "Solved?" }
    criteria { id: "welcome" question: "Welcome?" }
    criteria { id: "overall" question: "Overall" }
  )");
  REQUIRE(overrides.ok());
  const v1::ScoringConfig merged = ApplyOverrides(DefaultConfig(), *overrides);
  CHECK(std::vector<std::string>(merged.agent_criteria().begin(), merged.agent_criteria().end()) ==
        std::vector<std::string>{"welcome", "solution"});
  CHECK(ValidateConfig(merged).ok());
  overrides->add_agent_criteria("overall");
  const v1::ScoringConfig given = ApplyOverrides(DefaultConfig(), *overrides);
  CHECK(std::vector<std::string>(given.agent_criteria().begin(), given.agent_criteria().end()) ==
        std::vector<std::string>{"overall"});
}

// A seeded program of every kind of contact: 4 industries of 5 companies, all four
// channels, some contacts unanswered, ratings left out at random.
Input Generated() {
  Input input = Program();
  input.config.mutable_bootstrap()->set_replicates(100);
  std::mt19937_64 random(12);
  for (int o = 2; o <= 6; ++o) {
    v1::Observer observer;
    observer.set_id("obs-" + std::to_string(o));
    input.observers.push_back(observer);
  }
  for (int i = 0; i < 4; ++i) {
    const std::string industry = "ind-" + std::to_string(i);
    AddIndustry(input, industry);
    for (int k = 0; k < 5; ++k) AddCompany(input, industry + "-co-" + std::to_string(k), industry);
  }
  const v1::Channel channels[] = {v1::PHONE, v1::CHAT, v1::EMAIL, v1::SOCIAL};
  for (int n = 0; n < 600; ++n) {
    const auto company = static_cast<uint32_t>(random() % input.companies.size());
    const v1::Channel channel = channels[random() % 4];
    Contact c = random() % 6 == 0 ? Unanswered("g" + std::to_string(n), company, channel)
                                  : Answered("g" + std::to_string(n), company, channel, 1,
                                             random() % 600 * kSecond);
    c.observer = static_cast<uint32_t>(random() % input.observers.size());
    if (c.attempts[0].answered) {
      for (int i = 0; i < 8; ++i) {
        c.ratings[i] = static_cast<uint8_t>(random() % 4 == 0 ? 0 : 1 + random() % 6);
      }
    }
    input.contacts.push_back(c);
  }
  return input;
}

void ClearAgentFigures(v1::AwardReport& report) {
  for (v1::CompanyResult& c : *report.mutable_companies()) {
    c.clear_agent_index();
    c.clear_rank_agent_in_industry();
    c.clear_rank_agent_overall();
    for (v1::CompanyChannel& channel : *c.mutable_channels()) channel.clear_agent_index();
  }
  for (v1::IndustryResult& i : *report.mutable_industries()) {
    i.clear_agent_index();
    i.clear_rank_agent();
    for (v1::IndustryChannel& channel : *i.mutable_channels()) channel.clear_agent_index();
  }
}

TEST_CASE("the agent result leaves every other figure as it is, and no list computes none") {
  Input input = Generated();
  v1::AwardReport with_agent = MustScore(input);
  input.config.clear_agent_criteria();
  v1::AwardReport without = MustScore(input);
  // Without agent criteria there is not one agent figure.
  v1::AwardReport cleared = without;
  ClearAgentFigures(cleared);
  CHECK(Bytes(cleared) == Bytes(without));
  // The generated program has agent figures to clear.
  CHECK(with_agent.companies(0).has_agent_index());
  CHECK(with_agent.industries(0).has_agent_index());
  CHECK(with_agent.companies(0).has_rank_agent_overall());
  // Everything else is the same, up to the echoed config.
  ClearAgentFigures(with_agent);
  for (v1::AwardReport* report : {&with_agent, &without}) {
    report->clear_config();
    report->clear_config_sha256();
  }
  CHECK(Bytes(with_agent) == Bytes(without));
}

}  // namespace
}  // namespace msc::scoring
