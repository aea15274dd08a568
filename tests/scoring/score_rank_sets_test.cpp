// The report's rank sets and winner clarity, from Score (scoring/README.md "Rank sets").
// Contacts rated alike on every criterion give the experience (r - 1) * 20.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "builders.h"
#include "msc/scoring/score.h"
#include "scored.h"

namespace msc::scoring {
namespace {

using namespace testing;

// Adds served phone contacts to a company, one per rating, in the order given.
void AddRated(Input& input, uint32_t company, const std::vector<int>& ratings) {
  for (int rating : ratings) AddContacts(input, company, 1, rating);
}

// 25 ratings 3, 4, 5 in turn (experiences 40, 60, 80; mean 59.2) and the same
// shifted up by one step for a company 20 points ahead.
std::vector<int> Middling() {
  std::vector<int> ratings;
  for (int i = 0; i < 25; ++i) ratings.push_back(3 + i % 3);
  return ratings;
}
std::vector<int> Ahead() {
  std::vector<int> ratings = Middling();
  for (int& r : ratings) ++r;
  return ratings;
}

// bank: b1 is 20 points ahead of b2 and b3; telecom: t1 and t2 differ by one contact;
// retail has one company, too few to be ranked; x1's industry is not registered.
Input Program3() {
  Input input = Program();
  input.config.set_min_contacts_per_company(10);
  input.config.set_min_companies_per_industry(2);
  input.config.mutable_bootstrap()->set_replicates(400);
  AddIndustry(input, "bank");
  AddIndustry(input, "telecom");
  AddIndustry(input, "retail");
  AddRated(input, AddCompany(input, "b1", "bank"), Ahead());
  AddRated(input, AddCompany(input, "b2", "bank"), Middling());
  AddRated(input, AddCompany(input, "b3", "bank"), Middling());
  AddRated(input, AddCompany(input, "t1", "telecom"), Middling());
  std::vector<int> t2 = Middling();
  t2[0] = 2;  // one contact worse than t1's
  AddRated(input, AddCompany(input, "t2", "telecom"), t2);
  AddRated(input, AddCompany(input, "r1", "retail"), Middling());
  AddRated(input, AddCompany(input, "x1", "nowhere"), Middling());
  return input;
}

TEST_CASE("every eligible company's rank sets hold its ranks, overall and in a ranked industry") {
  const v1::AwardReport report = MustScore(Program3());
  int overall = 0;
  for (const v1::CompanyResult& c : report.companies()) {
    INFO(c.company_id());
    REQUIRE(c.has_rank_overall());
    REQUIRE(c.has_rank_set_overall_low());
    REQUIRE(c.has_rank_set_overall_high());
    CHECK(c.rank_set_overall_low() <= c.rank_overall());
    CHECK(c.rank_overall() <= c.rank_set_overall_high());
    CHECK(c.rank_set_overall_high() <= 7);
    ++overall;
    CHECK(c.has_rank_in_industry() == c.has_rank_set_in_industry_low());
    CHECK(c.has_rank_in_industry() == c.has_rank_set_in_industry_high());
    if (c.has_rank_in_industry()) {
      CHECK(c.rank_set_in_industry_low() <= c.rank_in_industry());
      CHECK(c.rank_in_industry() <= c.rank_set_in_industry_high());
    }
  }
  CHECK(overall == 7);
  // retail has one eligible company (not ranked), x1 no registered industry.
  CHECK_FALSE(CompanyOf(report, "r1").has_rank_set_in_industry_low());
  CHECK_FALSE(CompanyOf(report, "x1").has_rank_set_in_industry_low());
}

TEST_CASE("a winner far ahead is clear, a winner by one contact cannot be told apart") {
  const v1::AwardReport report = MustScore(Program3());
  const v1::IndustryResult& bank = IndustryOf(report, "bank");
  REQUIRE(bank.winner_clarity_size() == 1);
  CHECK(bank.winner_clarity(0).company_id() == "b1");
  CHECK(bank.winner_clarity(0).clear());
  CHECK(bank.winner_clarity(0).indistinguishable_from().empty());
  CHECK(CompanyOf(report, "b1").rank_set_in_industry_low() == 1);
  CHECK(CompanyOf(report, "b1").rank_set_in_industry_high() == 1);
  CHECK(CompanyOf(report, "b2").rank_set_in_industry_low() == 2);

  const v1::IndustryResult& telecom = IndustryOf(report, "telecom");
  REQUIRE(telecom.winner_clarity_size() == 1);
  CHECK(telecom.winner_clarity(0).company_id() == "t1");
  CHECK_FALSE(telecom.winner_clarity(0).clear());
  REQUIRE(telecom.winner_clarity(0).indistinguishable_from_size() == 1);
  CHECK(telecom.winner_clarity(0).indistinguishable_from(0) == "t2");
  CHECK(CompanyOf(report, "t1").rank_set_in_industry_high() == 2);

  CHECK(IndustryOf(report, "retail").winner_clarity().empty());  // not ranked
  // Overall b1 leads everyone by 20 points.
  REQUIRE(report.overall_winner_clarity_size() == 1);
  CHECK(report.overall_winner_clarity(0).company_id() == "b1");
  CHECK(report.overall_winner_clarity(0).clear());
}

TEST_CASE("the companies a winner cannot be told apart from are listed in ranking order") {
  // Three telecoms: t1 leads t3 by one contact and t2 by two; none is told apart.
  Input input = Program3();
  std::vector<int> t3 = Middling();
  t3[1] = 2;
  t3[2] = 2;
  AddRated(input, AddCompany(input, "t3", "telecom"), t3);
  const v1::AwardReport report = MustScore(input);
  const v1::IndustryResult& telecom = IndustryOf(report, "telecom");
  REQUIRE(telecom.winner_clarity_size() == 1);
  const auto& alike = telecom.winner_clarity(0).indistinguishable_from();
  REQUIRE(alike.size() == 2);
  CHECK(alike[0] == "t2");  // t2 is one contact behind t1, t3 more
  CHECK(alike[1] == "t3");
}

TEST_CASE("joint winners are neither of them clear and each names the other") {
  Input input = Program3();
  input.contacts.clear();
  AddRated(input, 0, Middling());  // b1 now equals b2
  AddRated(input, 1, Middling());
  std::vector<int> worse = Middling();
  for (int& r : worse) r = 2;
  AddRated(input, 2, worse);
  const v1::AwardReport report = MustScore(input);
  const v1::IndustryResult& bank = IndustryOf(report, "bank");
  REQUIRE(bank.winners_size() == 2);
  REQUIRE(bank.winner_clarity_size() == 2);
  CHECK(bank.winner_clarity(0).company_id() == "b1");
  CHECK(bank.winner_clarity(1).company_id() == "b2");
  for (int w = 0; w < 2; ++w) {
    CHECK_FALSE(bank.winner_clarity(w).clear());
    REQUIRE(bank.winner_clarity(w).indistinguishable_from_size() == 1);
  }
  CHECK(bank.winner_clarity(0).indistinguishable_from(0) == "b2");
  CHECK(bank.winner_clarity(1).indistinguishable_from(0) == "b1");
}

TEST_CASE("without two replicates the report has no rank sets and no clarity") {
  for (int replicates : {0, 1}) {
    Input input = Program3();
    input.config.mutable_bootstrap()->set_replicates(replicates);
    const v1::AwardReport report = MustScore(input);
    INFO(replicates << " replicates");
    CHECK(report.overall_winner_clarity().empty());
    for (const v1::IndustryResult& i : report.industries()) CHECK(i.winner_clarity().empty());
    for (const v1::CompanyResult& c : report.companies()) {
      CHECK_FALSE(c.has_rank_set_overall_low());
      CHECK_FALSE(c.has_rank_set_in_industry_low());
      CHECK(c.has_win_probability_overall() == (replicates == 1));
    }
  }
}

TEST_CASE("rank sets are of the result that decides the winners") {
  // b1 serves best (every served contact 80) but leaves 15 of its 40 contacts
  // unanswered (total 50); b2 serves all at 59.2, b3 one contact worse. By the answered
  // score b1 wins, by the total b2.
  Input input = Program3();
  input.contacts.clear();
  AddContacts(input, 0, 25, 5);
  for (int i = 0; i < 15; ++i) {
    input.contacts.push_back(Unanswered("b1-u-" + std::to_string(i), 0, v1::PHONE));
  }
  AddRated(input, 1, Middling());
  std::vector<int> b3 = Middling();
  b3[0] = 2;
  AddRated(input, 2, b3);
  input.config.set_winner_result(v1::ANSWERED);
  const v1::AwardReport answered = MustScore(input);
  REQUIRE(IndustryOf(answered, "bank").winner_clarity_size() == 1);
  CHECK(IndustryOf(answered, "bank").winner_clarity(0).company_id() == "b1");
  CHECK(CompanyOf(answered, "b1").rank_answered_in_industry() == 1);
  CHECK(CompanyOf(answered, "b1").rank_set_in_industry_high() == 1);  // 20.8 points ahead

  input.config.set_winner_result(v1::TOTAL);
  const v1::AwardReport total = MustScore(input);
  REQUIRE(IndustryOf(total, "bank").winner_clarity_size() == 1);
  CHECK(IndustryOf(total, "bank").winner_clarity(0).company_id() == "b2");
  CHECK(CompanyOf(total, "b1").rank_in_industry() == 3);
  CHECK(CompanyOf(total, "b1").rank_set_in_industry_high() == 3);
  // Unanswered contacts scored 0 make b1's total vary widely: it may still be first.
  CHECK(CompanyOf(total, "b1").rank_set_in_industry_low() == 1);
}

}  // namespace
}  // namespace msc::scoring
