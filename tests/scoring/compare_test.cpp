// Year over year: the comparison of a report with an earlier program's report.
#include "msc/scoring/compare.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "msc/scoring/config.h"

namespace msc::scoring {
namespace {

using Catch::Detail::Approx;

struct CompanySpec {
  std::string id, industry;
  double index = 0;
  double half_width = -1;                      // of the 95% interval; negative: no interval
  int rank_overall = 0, rank_in_industry = 0;  // 0: none
  bool eligible = true;
};

v1::CompanyResult& AddCompany(v1::AwardReport& report, const CompanySpec& s) {
  v1::CompanyResult& co = *report.add_companies();
  co.set_company_id(s.id);
  co.set_name("Company " + s.id);
  co.set_industry_id(s.industry);
  co.set_eligible(s.eligible);
  co.set_index(s.index);
  if (s.half_width >= 0) {
    co.set_ci_low(s.index - s.half_width);
    co.set_ci_high(s.index + s.half_width);
  }
  if (s.rank_overall) co.set_rank_overall(s.rank_overall);
  if (s.rank_in_industry) co.set_rank_in_industry(s.rank_in_industry);
  return co;
}

void AddIndustry(v1::AwardReport& report, const std::string& id, double index, int eligible,
                 int rank) {
  v1::IndustryResult& ind = *report.add_industries();
  ind.set_industry_id(id);
  ind.set_index(index);
  ind.set_eligible_companies(eligible);
  ind.set_ranked(rank > 0);
  if (rank) ind.set_rank(rank);
}

// This year: a 70 +- 4 (rank 1), b 60 +- 3 (rank 2), c 50 without an interval, d new.
v1::AwardReport ThisYear() {
  v1::AwardReport r;
  r.set_program_id("y2025");
  r.set_program_name("Award 2025");
  r.set_scoring_version("msc-scoring-1");
  AddCompany(r, {"a", "bank", 70, 4, 1, 1});
  AddCompany(r, {"b", "bank", 60, 3, 2, 2});
  AddCompany(r, {"c", "tele", 50, -1, 3, 1});
  AddCompany(r, {"d", "tele", 55, 2, 0, 0, false});
  AddIndustry(r, "bank", 65, 2, 1);
  AddIndustry(r, "tele", 50, 1, 0);
  return r;
}

// Last year: a 62 +- 3 (rank 2), b 64 +- 4 (rank 1), c 49 +- 2, e gone since.
v1::AwardReport LastYear() {
  v1::AwardReport r;
  r.set_program_id("y2024");
  r.set_program_name("Award 2024");
  r.set_scoring_version("msc-scoring-1");
  AddCompany(r, {"a", "bank", 62, 3, 2, 2});
  AddCompany(r, {"b", "bank", 64, 4, 1, 1});
  AddCompany(r, {"c", "tele", 49, 2, 3, 1});
  AddCompany(r, {"e", "tele", 80, 2, 4, 2});
  AddIndustry(r, "bank", 63, 2, 1);
  AddIndustry(r, "tele", 64.5, 2, 2);
  return r;
}

v1::AwardReport Compared(v1::AwardReport current, const v1::AwardReport& previous) {
  v1::Program now, before;
  now.set_id(current.program_id());
  before.set_id(previous.program_id());
  REQUIRE(Compare(current, previous, {now, before}).ok());
  return current;
}

const v1::CompanyResult& CompanyOf(const v1::AwardReport& r, const std::string& id) {
  for (const auto& co : r.companies())
    if (co.company_id() == id) return co;
  FAIL("no company " << id);
  throw;
}

TEST_CASE(
    "a company's change is its index minus last year's, with the independent-means interval") {
  const v1::AwardReport r = Compared(ThisYear(), LastYear());
  // Half widths 4 and 3 are 1.96 standard errors each, so the change's half width is
  // 1.96 * sqrt(se1^2 + se2^2) = sqrt(4^2 + 3^2) = 5.
  const v1::YearChange& a = CompanyOf(r, "a").change();
  CHECK(a.previous_index() == 62);
  CHECK(a.change() == Approx(8));
  CHECK(a.change_low() == Approx(3));
  CHECK(a.change_high() == Approx(13));
  CHECK(a.significant());
  const v1::YearChange& b = CompanyOf(r, "b").change();
  CHECK(b.change() == Approx(-4));
  CHECK(b.change_low() == Approx(-9));
  CHECK(b.change_high() == Approx(1));
  CHECK_FALSE(b.significant());
}

TEST_CASE("a change has no interval when either year's index has none") {
  const v1::AwardReport r = Compared(ThisYear(), LastYear());
  const v1::YearChange& c = CompanyOf(r, "c").change();
  CHECK(c.change() == Approx(1));
  CHECK_FALSE(c.has_change_low());
  CHECK_FALSE(c.has_change_high());
  CHECK_FALSE(c.has_significant());
}

TEST_CASE("previous ranks and rank changes count a climb as positive") {
  const v1::AwardReport r = Compared(ThisYear(), LastYear());
  const v1::YearChange& a = CompanyOf(r, "a").change();
  CHECK(a.previous_rank() == 2);
  CHECK(a.rank_change() == 1);
  CHECK(a.previous_rank_in_industry() == 2);
  CHECK(a.rank_in_industry_change() == 1);
  const v1::YearChange& b = CompanyOf(r, "b").change();
  CHECK(b.previous_rank() == 1);
  CHECK(b.rank_change() == -1);
  CHECK(b.rank_in_industry_change() == -1);
}

TEST_CASE("only companies and industries with an index in both programs are compared") {
  const v1::AwardReport r = Compared(ThisYear(), LastYear());
  CHECK_FALSE(CompanyOf(r, "d").has_change());
  CHECK(r.comparison().companies_compared() == 3);
  CHECK(r.comparison().industries_compared() == 2);
  for (const auto& co : r.companies()) CHECK(co.company_id() != "e");
}

TEST_CASE("an industry's change interval comes from its companies' standard errors") {
  const v1::AwardReport r = Compared(ThisYear(), LastYear());
  // bank: J = mean of two companies with half widths 4 and 3 (then 3 and 4): the mean's
  // half width is sqrt(16 + 9) / 2 = 2.5 in each year, the change's sqrt(2 * 2.5^2).
  const v1::YearChange& bank = r.industries(0).change();
  CHECK(bank.change() == Approx(2));
  CHECK(bank.change_low() == Approx(2 - std::sqrt(12.5)));
  CHECK(bank.change_high() == Approx(2 + std::sqrt(12.5)));
  CHECK(bank.previous_rank() == 1);
  CHECK(bank.rank_change() == 0);
  // tele: c has no interval this year, so neither has the industry's change; the
  // industry is unranked now, so it has a previous rank but no rank change.
  const v1::YearChange& tele = r.industries(1).change();
  CHECK(tele.change() == Approx(-14.5));
  CHECK_FALSE(tele.has_change_low());
  CHECK(tele.previous_rank() == 2);
  CHECK_FALSE(tele.has_rank_change());
  CHECK_FALSE(tele.has_previous_rank_in_industry());
}

TEST_CASE("movers are the largest gains and falls of companies eligible in both years") {
  const v1::AwardReport r = Compared(ThisYear(), LastYear());
  const v1::Comparison& cmp = r.comparison();
  REQUIRE(cmp.gains_size() == 2);
  CHECK(cmp.gains(0).company_id() == "a");
  CHECK(cmp.gains(0).change() == Approx(8));
  CHECK(cmp.gains(0).previous_index() == 62);
  CHECK(cmp.gains(0).index() == 70);
  CHECK(cmp.gains(0).significant());
  CHECK(cmp.gains(1).company_id() == "c");
  REQUIRE(cmp.falls_size() == 1);
  CHECK(cmp.falls(0).company_id() == "b");
  CHECK(cmp.falls(0).change() == Approx(-4));
  CHECK(cmp.falls(0).change_low() == Approx(-9));
}

TEST_CASE("a mover list holds five and everything tied with the fifth, a tie by id") {
  v1::AwardReport now, before;
  now.set_program_id("new");
  before.set_program_id("old");
  const std::vector<std::pair<std::string, double>> gains = {
      {"g", 10}, {"f", 9}, {"e", 8}, {"d", 7}, {"c", 6}, {"b", 6}, {"a", 5}, {"z", 0}};
  for (const auto& [id, gain] : gains) {
    AddCompany(now, {id, "x", 50 + gain, 1});
    AddCompany(before, {id, "x", 50, 1});
  }
  AddCompany(now, {"y", "x", 90, 1});
  AddCompany(before, {"y", "x", 50, 1, 0, 0, false});  // not eligible last year
  const v1::AwardReport r = Compared(now, before);
  std::vector<std::string> ids;
  for (const auto& m : r.comparison().gains()) ids.push_back(m.company_id());
  CHECK(ids == std::vector<std::string>{"g", "f", "e", "d", "b", "c"});
  CHECK(r.comparison().falls().empty());  // no change is no fall
}

TEST_CASE("the comparison names the previous program and both periods") {
  v1::AwardReport now = ThisYear();
  v1::Program current, previous;
  current.set_id("y2025");
  current.mutable_period_start()->set_seconds(1735689600);  // 2025-01-01
  previous.set_id("y2024");
  previous.mutable_period_start()->set_seconds(1704067200);  // 2024-01-01
  previous.mutable_period_end()->set_seconds(1735689600);
  REQUIRE(Compare(now, LastYear(), {current, previous}).ok());
  const v1::Comparison& cmp = now.comparison();
  CHECK(cmp.previous_program_id() == "y2024");
  CHECK(cmp.previous_program_name() == "Award 2024");
  CHECK(cmp.period_start().seconds() == 1735689600);
  CHECK_FALSE(cmp.has_period_end());
  CHECK(cmp.previous_period_start().seconds() == 1704067200);
  CHECK(cmp.previous_period_end().seconds() == 1735689600);
  CHECK(cmp.config_differences().empty());
}

TEST_CASE("a program compared with itself is refused and the report left alone") {
  v1::AwardReport now = ThisYear();
  const v1::AwardReport same = ThisYear();
  v1::Program p;
  p.set_id("y2025");
  const Status s = Compare(now, same, {p, p});
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK_FALSE(now.has_comparison());
  CHECK_FALSE(now.companies(0).has_change());
}

TEST_CASE("a different scoring version is listed first among the differences") {
  v1::AwardReport now = ThisYear();
  v1::AwardReport before = LastYear();
  before.set_scoring_version("msc-scoring-0");
  *now.mutable_config() = DefaultConfig();
  *before.mutable_config() = DefaultConfig();
  before.mutable_config()->set_min_contacts_per_company(8);
  const v1::AwardReport r = Compared(now, before);
  REQUIRE(r.comparison().config_differences_size() == 2);
  const v1::ConfigDifference& version = r.comparison().config_differences(0);
  CHECK(version.field() == "scoring_version");
  CHECK(version.current() == "msc-scoring-1");
  CHECK(version.previous() == "msc-scoring-0");
  const v1::ConfigDifference& minimum = r.comparison().config_differences(1);
  CHECK(minimum.field() == "min_contacts_per_company");
  CHECK(minimum.current() == "10");
  CHECK(minimum.previous() == "8");
}

TEST_CASE("config differences are listed by field path with both values") {
  const v1::ScoringConfig current = DefaultConfig();
  v1::ScoringConfig previous = DefaultConfig();
  previous.mutable_channel_rules(0)->mutable_expectation()->set_seconds(30);
  previous.mutable_criteria(1)->set_weight(2);
  previous.mutable_zones()->set_green_from(75);
  previous.mutable_agent_criteria()->RemoveLast();
  previous.set_rank_by(v1::ADJUSTED);
  const auto diffs = ConfigDifferences(current, previous);
  std::vector<std::vector<std::string>> got;
  for (const auto& d : diffs) got.push_back({d.field(), d.current(), d.previous()});
  CHECK(got == std::vector<std::vector<std::string>>{
                   {"channel_rules[0].expectation", "{seconds: 40}", "{seconds: 30}"},
                   {"criteria[1].weight", "1", "2"},
                   {"zones.green_from", "70", "75"},
                   {"rank_by", "RAW", "ADJUSTED"},
                   {"agent_criteria",
                    "[\"welcome\", \"understood_need\", \"engaged\", \"competent\", "
                    "\"written_language\", \"solution\"]",
                    "[\"welcome\", \"understood_need\", \"engaged\", \"competent\", "
                    "\"written_language\"]"},
               });
}

TEST_CASE("a field set in one config only shows as empty in the other") {
  v1::ScoringConfig current, previous;
  current.set_min_contacts_per_company(10);
  const auto diffs = ConfigDifferences(current, previous);
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].field() == "min_contacts_per_company");
  CHECK(diffs[0].current() == "10");
  CHECK(diffs[0].previous().empty());
}

}  // namespace
}  // namespace msc::scoring
