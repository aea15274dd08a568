// The whole engine: counting, indexes, rankings, award, report properties. Every
// contact of the builders has all applicable criteria rated alike, so a rating r
// gives the experience (r - 1) * 20: 6 -> 100, 5 -> 80, 4 -> 60, 2 -> 20.
#include "msc/scoring/score.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "builders.h"
#include "contact.h"
#include "digest.h"
#include "scored.h"

namespace msc::scoring {
namespace {

using namespace testing;

// Two industries of three companies with ratings 6/5/4 and 5/5/2, 10 phone contacts
// each, plus one contact per company on chat for company a1.
Input TwoIndustries() {
  Input input = Program();
  AddIndustry(input, "bank");
  AddIndustry(input, "telecom");
  const int ratings[] = {6, 5, 4, 5, 5, 2};
  const char* ids[] = {"a1", "a2", "a3", "t1", "t2", "t3"};
  for (int i = 0; i < 6; ++i) {
    const uint32_t c = AddCompany(input, ids[i], i < 3 ? "bank" : "telecom");
    AddContacts(input, c, 10, ratings[i]);
  }
  return input;
}

// The same program with every list shuffled and the indexes remapped.
Input Shuffled(Input input, uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::vector<uint32_t> companies(input.companies.size()), observers(input.observers.size());
  std::iota(companies.begin(), companies.end(), 0u);
  std::iota(observers.begin(), observers.end(), 0u);
  std::shuffle(companies.begin(), companies.end(), generator);
  std::shuffle(observers.begin(), observers.end(), generator);
  Input out = input;
  for (size_t i = 0; i < companies.size(); ++i) out.companies[companies[i]] = input.companies[i];
  for (size_t i = 0; i < observers.size(); ++i) out.observers[observers[i]] = input.observers[i];
  for (Contact& c : out.contacts) {
    c.company = companies[c.company];
    c.observer = observers[c.observer];
  }
  std::shuffle(out.contacts.begin(), out.contacts.end(), generator);
  std::shuffle(out.industries.begin(), out.industries.end(), generator);
  return out;
}

TEST_CASE("rejected submissions never count, unapproved ones only with count_received") {
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  AddContacts(input, 0, 4, 5);
  input.contacts[0].review_state = v1::REJECTED;
  input.contacts[1].review_state = v1::RECEIVED;
  input.contacts[2].review_state = v1::HAS_ISSUES;
  v1::AwardReport report = MustScore(input);
  CHECK(report.summary().observations() == 4);
  CHECK(report.summary().counted() == 3);
  CHECK(report.summary().excluded_by_review() == 1);

  input.config.set_count_received(false);
  report = MustScore(input);
  CHECK(report.summary().counted() == 1);
  CHECK(report.summary().excluded_by_review() == 3);
  CHECK(report.companies(0).contacts() == 1);
}

TEST_CASE("a contact counts when its first attempt starts in the period, start included, end not") {
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  AddContacts(input, 0, 4, 5);
  input.contacts[0].attempts[0].started_at_ns = Utc(2018, 1, 1, 0);  // the start: counts
  input.contacts[1].attempts[0].started_at_ns = Utc(2019, 1, 1, 0);  // the end: does not
  input.contacts[2].attempts[0].started_at_ns = Utc(2017, 12, 31, 23);
  const v1::AwardReport report = MustScore(input);
  CHECK(report.summary().counted() == 2);
  CHECK(report.summary().outside_period() == 2);
}

TEST_CASE("channel-balanced and pooled aggregation weigh channels differently") {
  // Three phone contacts at 80, one chat contact at 20.
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  AddContacts(input, 0, 3, 5, v1::PHONE);
  AddContacts(input, 0, 1, 2, v1::CHAT);
  const v1::CompanyResult balanced = MustScore(input).companies(0);
  CHECK(balanced.index() == Approx(50));  // (80 + 20) / 2
  REQUIRE(balanced.channels_size() == 2);
  CHECK(balanced.channels(0).channel() == v1::PHONE);
  CHECK(balanced.channels(0).index() == Approx(80));
  CHECK(balanced.channels(1).index() == Approx(20));
  input.config.set_company_aggregation(v1::POOLED);
  CHECK(MustScore(input).companies(0).index() == Approx(65));  // (3 * 80 + 20) / 4
}

TEST_CASE("unserved contacts pull the index down but not the answered index") {
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  AddContacts(input, 0, 3, 6);
  input.contacts.push_back(Unanswered("u", 0, v1::PHONE));
  const v1::CompanyResult company = MustScore(input).companies(0);
  CHECK(company.index() == Approx(75));  // (3 * 100 + 0) / 4
  CHECK(company.answered_index() == Approx(100));
  CHECK(company.rates().unanswered_rate() == 0.25);
}

TEST_CASE("the 95% interval is computed from the contact scores") {
  // Phone scores 100, 100, 60, 60: mean 80, s^2 = 4 * 400 / 3 = 533.33, SE =
  // sqrt(533.33 / 4) = 11.547, 1.96 * SE = 22.632.
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  AddContacts(input, 0, 2, 6);
  AddContacts(input, 0, 2, 4);
  const v1::CompanyResult company = MustScore(input).companies(0);
  CHECK(company.index() == Approx(80));
  CHECK(company.ci_low() == Approx(80 - 22.632).epsilon(1e-4));
  CHECK(company.ci_high() == Approx(80 + 22.632).epsilon(1e-4));
}

TEST_CASE("the interval is absent when a channel stratum has fewer than 2 contacts") {
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  AddContacts(input, 0, 10, 5, v1::PHONE);
  AddContacts(input, 0, 1, 4, v1::CHAT);
  const v1::CompanyResult company = MustScore(input).companies(0);
  CHECK(company.has_index());
  CHECK_FALSE(company.has_ci_low());
  CHECK_FALSE(company.has_ci_high());
}

TEST_CASE("companies are ranked within their industry and overall") {
  const v1::AwardReport report = MustScore(TwoIndustries());
  // Indexes: a1 100, a2 80, a3 60, t1 80, t2 80, t3 20.
  CHECK(CompanyOf(report, "a1").rank_in_industry() == 1);
  CHECK(CompanyOf(report, "a3").rank_in_industry() == 3);
  CHECK(CompanyOf(report, "t1").rank_in_industry() == 1);
  CHECK(CompanyOf(report, "t2").rank_in_industry() == 1);
  CHECK(CompanyOf(report, "t3").rank_in_industry() == 3);
  // Overall 100; 80, 80, 80; 60; 20 -> 1, 2, 2, 2, 5, 6.
  CHECK(CompanyOf(report, "a1").rank_overall() == 1);
  CHECK(CompanyOf(report, "a2").rank_overall() == 2);
  CHECK(CompanyOf(report, "t2").rank_overall() == 2);
  CHECK(CompanyOf(report, "a3").rank_overall() == 5);
  CHECK(CompanyOf(report, "t3").rank_overall() == 6);
  CHECK(std::vector<std::string>(report.overall_winners().begin(),
                                 report.overall_winners().end()) == std::vector<std::string>{"a1"});
  const v1::IndustryResult& telecom = IndustryOf(report, "telecom");
  CHECK(std::vector<std::string>(telecom.winners().begin(), telecom.winners().end()) ==
        std::vector<std::string>{"t1", "t2"});
  // J(bank) = (100 + 80 + 60) / 3 = 80; J(telecom) = (80 + 80 + 20) / 3 = 60.
  CHECK(IndustryOf(report, "bank").index() == Approx(80));
  CHECK(IndustryOf(report, "bank").rank() == 1);
  CHECK(telecom.index() == Approx(60));
  CHECK(telecom.rank() == 2);
  CHECK(telecom.zone() == v1::YELLOW);
}

TEST_CASE("tied companies share the rank and the next rank skips (1, 2, 2, 4)") {
  Input input = Program();
  AddIndustry(input, "bank");
  const int ratings[] = {6, 5, 5, 4};
  for (int i = 0; i < 4; ++i) {
    AddCompany(input, "c" + std::to_string(i), "bank");
    AddContacts(input, i, 10, ratings[i]);
  }
  const v1::AwardReport report = MustScore(input);
  std::vector<int> ranks;
  for (const v1::CompanyResult& c : report.companies()) ranks.push_back(c.rank_overall());
  CHECK(ranks == std::vector<int>{1, 2, 2, 4});
}

TEST_CASE("a tie for first place gives joint award winners") {
  Input input = Program();
  AddIndustry(input, "bank");
  for (int i = 0; i < 3; ++i) {
    AddCompany(input, "c" + std::to_string(i), "bank");
    AddContacts(input, i, 10, i == 1 ? 4 : 6);
  }
  const v1::AwardReport report = MustScore(input);
  CHECK(
      std::vector<std::string>(report.overall_winners().begin(), report.overall_winners().end()) ==
      std::vector<std::string>{"c0", "c2"});
}

TEST_CASE("a company with fewer than min_contacts_per_company is reported but not ranked") {
  Input input = TwoIndustries();
  input.contacts.erase(input.contacts.begin());  // a1 now has 9 contacts
  const v1::AwardReport report = MustScore(input);
  const v1::CompanyResult& a1 = CompanyOf(report, "a1");
  CHECK(a1.contacts() == 9);
  CHECK_FALSE(a1.eligible());
  CHECK(a1.index() == Approx(100));
  CHECK_FALSE(a1.has_rank_overall());
  CHECK_FALSE(a1.has_rank_in_industry());
  CHECK(report.summary().eligible_companies() == 5);
  // bank now has 2 eligible companies: fewer than min_companies_per_industry 3.
  const v1::IndustryResult& bank = IndustryOf(report, "bank");
  CHECK(bank.eligible_companies() == 2);
  CHECK_FALSE(bank.ranked());
  CHECK_FALSE(bank.has_rank());
  CHECK(bank.index() == Approx(70));  // (80 + 60) / 2, still reported
  CHECK(bank.winners().empty());
  CHECK_FALSE(CompanyOf(report, "a2").has_rank_in_industry());
  CHECK(CompanyOf(report, "a2").rank_overall() == 1);  // overall among the eligible
  CHECK(IndustryOf(report, "telecom").rank() == 1);
}

TEST_CASE("a channel top list includes industries tied at the cut-off") {
  Input input = TwoIndustries();
  AddIndustry(input, "energy");
  for (int i = 0; i < 3; ++i) {  // phone index 60 like telecom's (80 + 80 + 20) / 3
    AddCompany(input, "e" + std::to_string(i), "energy");
    AddContacts(input, static_cast<uint32_t>(input.companies.size() - 1), 10, 4);
  }
  input.config.set_top_industries_per_channel(2);
  const v1::AwardReport report = MustScore(input);
  REQUIRE(report.channel_top_industries_size() == 1);
  const v1::ChannelTopList& phone = report.channel_top_industries(0);
  CHECK(phone.channel() == v1::PHONE);
  REQUIRE(phone.industries_size() == 3);
  CHECK(phone.industries(0).industry_id() == "bank");
  CHECK(phone.industries(0).rank() == 1);
  CHECK(phone.industries(1).industry_id() == "energy");
  CHECK(phone.industries(1).rank() == 2);
  CHECK(phone.industries(2).industry_id() == "telecom");
  CHECK(phone.industries(2).rank() == 2);
  CHECK(phone.industries(2).index() == Approx(60));
}

TEST_CASE("an industry channel needs min_contacts_per_company_channel per company") {
  Input input = TwoIndustries();
  AddContacts(input, 0, 2, 6, v1::CHAT);  // a1 has 2 chat contacts: fewer than 3
  AddContacts(input, 1, 3, 5, v1::CHAT);
  const v1::IndustryResult bank = IndustryOf(MustScore(input), "bank");
  REQUIRE(bank.channels_size() == 2);
  const v1::IndustryChannel& chat = bank.channels(1);
  CHECK(chat.channel() == v1::CHAT);
  CHECK(chat.companies() == 1);
  CHECK_FALSE(chat.ranked());
  CHECK(chat.index() == Approx(80));
  CHECK(chat.rates().contacts() == 5);
}

TEST_CASE("the Easter e-mail is not served: 26 business hours exceed 24") {
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  Contact mail = Answered("m", 0, v1::EMAIL, 5);
  mail.attempts[0].started_at_ns = Oslo(2018, 3, 23, 15);
  mail.attempts[0].wait_ns = Oslo(2018, 4, 3, 9) - Oslo(2018, 3, 23, 15);
  input.contacts.push_back(mail);
  const v1::AwardReport report = MustScore(input);
  const v1::ContactRates& rates = report.summary().rates();
  CHECK(rates.served() == 0);
  CHECK(rates.first_attempt_missed_rate() == 1);
  CHECK(rates.median_wait_s() == 26 * 3600);
  CHECK(report.companies(0).index() == 0);
}

TEST_CASE("data_sha256 hashes the counted raw bytes in submission_id order") {
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  input.contacts.push_back(Answered("b", 0, v1::PHONE, 5));
  input.contacts.push_back(Answered("c", 0, v1::PHONE, 5));
  input.contacts.push_back(Answered("a", 0, v1::PHONE, 5));
  input.contacts[1].review_state = v1::REJECTED;
  CHECK(MustScore(input).data_sha256() == Sha256Hex("raw:araw:b"));
}

TEST_CASE("figures the engine computed are present even when they are zero") {
  Input input = Program();
  AddIndustry(input, "bank");
  AddCompany(input, "a1", "bank");
  input.contacts.push_back(Answered("a", 0, v1::PHONE, 5));
  const v1::AwardReport report = MustScore(input);
  CHECK(report.summary().has_outside_period());
  CHECK(report.summary().outside_period() == 0);
  CHECK(report.summary().rates().has_unanswered_rate());
  CHECK(report.summary().rates().unanswered_rate() == 0);
  CHECK(report.summary().has_eligible_companies());
  CHECK(report.summary().eligible_companies() == 0);
  CHECK_FALSE(report.companies(0).has_rank_overall());  // too few contacts: none
}

TEST_CASE("kept contact bytes stay valid as more are kept and in copies of the input") {
  Input input = Program();
  std::vector<std::string_view> kept;
  for (int i = 0; i < 3000; ++i)  // several blocks' worth
    kept.push_back(input.bytes.Keep(std::string(2000, static_cast<char>('a' + i % 26))));
  const std::string large(5 << 20, 'x');  // larger than a block
  kept.push_back(input.bytes.Keep(large));
  Input copy = input;
  input = Program();  // the original's blocks are released; the copy still holds them
  for (int i = 0; i < 3000; ++i)
    REQUIRE(kept[i] == std::string(2000, static_cast<char>('a' + i % 26)));
  CHECK(kept.back() == large);
  CHECK(copy.bytes.Keep("").empty());
}

TEST_CASE("a copy of contact bytes keeps new bytes apart from the original's") {
  ContactBytes original;
  const std::string_view first = original.Keep("first");
  ContactBytes copy = original;
  const std::string_view mine = original.Keep("original's");
  const std::string_view theirs = copy.Keep("the copy's");
  CHECK(first == "first");
  CHECK(mine == "original's");
  CHECK(theirs == "the copy's");
  ContactBytes assigned;
  assigned = copy;
  const std::string_view again = assigned.Keep("assigned");
  CHECK(theirs == "the copy's");
  CHECK(again == "assigned");
  ContactBytes moved = std::move(assigned);
  CHECK(assigned.Keep("after the move") == "after the move");  // NOLINT(bugprone-use-after-move)
  CHECK(again == "assigned");
}

TEST_CASE("adopted contact bytes stay valid and keeping goes on after them") {
  ContactBytes mine, theirs;
  const std::string_view a = mine.Keep("mine, kept first");
  const std::string_view b = theirs.Keep(std::string(3 << 20, 't'));
  mine.Adopt(std::move(theirs));
  theirs = ContactBytes();  // nothing of theirs is held there any more
  const std::string_view c = mine.Keep("mine, kept after");
  CHECK(a == "mine, kept first");
  CHECK(b == std::string(3 << 20, 't'));
  CHECK(c == "mine, kept after");
}

TEST_CASE("config_sha256 and the echoed config follow the effective config") {
  Input input = TwoIndustries();
  const v1::AwardReport before = MustScore(input);
  CHECK(before.config_sha256().size() == 64);
  CHECK(before.config().min_contacts_per_company() == 10);
  input.config.set_min_contacts_per_company(9);
  const v1::AwardReport after = MustScore(input);
  CHECK(after.config_sha256() != before.config_sha256());
  CHECK(after.config().min_contacts_per_company() == 9);
  CHECK(after.scoring_version() == kScoringVersion);
}

TEST_CASE("an invalid config is an error naming the field") {
  Input input = TwoIndustries();
  input.config.set_top_industries_per_channel(0);
  Result<v1::AwardReport> report = Score(input);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().field_errors()[0].field == "top_industries_per_channel");
}

TEST_CASE("the summary counts companies, industries and observers with counted contacts") {
  Input input = TwoIndustries();
  AddIndustry(input, "empty");
  AddCompany(input, "idle", "bank");
  const v1::AwardReport report = MustScore(input);
  CHECK(report.summary().companies() == 6);
  CHECK(report.summary().industries() == 2);
  CHECK(report.summary().ranked_industries() == 2);
  CHECK(report.summary().observers() == 1);
  CHECK(report.companies_size() == 7);  // every registered company, by id
  CHECK(report.companies(3).company_id() == "idle");
  CHECK_FALSE(report.companies(3).has_index());
  CHECK(report.industries_size() == 3);
  REQUIRE(report.criteria_size() == 8);
  CHECK(report.criteria(0).counts(5) == 10);  // a1's ten sixes on welcome
  CHECK(report.criteria(4).counts(5) == 0);   // written_language: no phone answers
}

TEST_CASE("the same input twice gives a byte-identical report") {
  Input input = TwoIndustries();
  input.config.mutable_bootstrap()->set_replicates(50);
  CHECK(Bytes(MustScore(input)) == Bytes(MustScore(input)));
}

TEST_CASE("shuffled input gives the same report") {
  Input input = TwoIndustries();
  input.config.mutable_bootstrap()->set_replicates(50);
  for (int o = 2; o <= 4; ++o) {
    v1::Observer observer;
    observer.set_id("obs-" + std::to_string(o));
    input.observers.push_back(observer);
  }
  std::mt19937_64 generator(5);
  for (Contact& c : input.contacts) {
    c.observer = static_cast<uint32_t>(generator() % 4);
    c.ratings[0] = static_cast<uint8_t>(1 + generator() % 6);
  }
  const std::string expected = Bytes(MustScore(input));
  for (uint64_t seed : {1, 2, 3}) CHECK(Bytes(MustScore(Shuffled(input, seed))) == expected);
}

TEST_CASE("a program large enough to be scored on two threads gives the same report shuffled") {
  Input input = TwoIndustries();
  for (int o = 2; o <= 40; ++o) {
    v1::Observer observer;
    observer.set_id("obs-" + std::to_string(o));
    input.observers.push_back(observer);
  }
  std::mt19937_64 generator(11);
  for (uint32_t c = 0; c < input.companies.size(); ++c) AddContacts(input, c, 12'000, 4);
  const v1::Channel channels[] = {v1::PHONE, v1::CHAT, v1::EMAIL};
  for (Contact& c : input.contacts) {
    c.channel = channels[generator() % 3];
    c.observer = static_cast<uint32_t>(generator() % input.observers.size());
    c.ratings[0] = static_cast<uint8_t>(1 + generator() % 6);
    c.attempts[0].wait_ns = static_cast<int64_t>(generator() % 600) * 1'000'000'000;
  }
  REQUIRE(input.contacts.size() > 65'536);  // past the engine's threshold for a second thread
  const v1::AwardReport report = MustScore(input);
  CHECK(report.summary().counted() == static_cast<int64_t>(input.contacts.size()));
  CHECK(report.observers_size() == static_cast<int>(input.observers.size()));
  CHECK(Bytes(MustScore(Shuffled(input, 4))) == Bytes(report));
}

TEST_CASE("win probabilities sum to one in each ranked industry and overall") {
  Input input = TwoIndustries();
  std::mt19937_64 generator(9);
  for (Contact& c : input.contacts) c.ratings[0] = static_cast<uint8_t>(1 + generator() % 6);
  input.config.mutable_bootstrap()->set_replicates(200);
  const v1::AwardReport report = MustScore(input);
  double overall = 0;
  std::map<std::string, double> by_industry;
  for (const v1::CompanyResult& c : report.companies()) {
    REQUIRE(c.has_win_probability_overall());
    overall += c.win_probability_overall();
    by_industry[c.industry_id()] += c.win_probability_industry();
  }
  CHECK(overall == Approx(1));
  CHECK(by_industry["bank"] == Approx(1));
  CHECK(by_industry["telecom"] == Approx(1));
  CHECK(CompanyOf(report, "a1").win_probability_overall() > 0.9);
}

TEST_CASE("rank_by ADJUSTED ranks by the observer-adjusted index") {
  // Observer L rates company c 6 (100), observer S rates it 4 (60): with equal
  // counts, L is +20 and S -20. Company a seen by L only at 100 adjusts to 80;
  // company b seen by S only at 80 adjusts to 100.
  Input input = Program();
  v1::Observer strict;
  strict.set_id("obs-2");
  input.observers.push_back(strict);
  AddIndustry(input, "bank");
  AddCompany(input, "a", "bank");
  AddCompany(input, "b", "bank");
  AddCompany(input, "c", "bank");
  for (int i = 0; i < 10; ++i) {
    const std::string n = std::to_string(i);
    input.contacts.push_back(Answered("a" + n, 0, v1::PHONE, 6, kSecond, 0));
    input.contacts.push_back(Answered("b" + n, 1, v1::PHONE, 5, kSecond, 1));
    input.contacts.push_back(Answered("cl" + n, 2, v1::PHONE, 6, kSecond, 0));
    input.contacts.push_back(Answered("cs" + n, 2, v1::PHONE, 4, kSecond, 1));
  }
  v1::AwardReport report = MustScore(input);
  CHECK(report.observers(0).leniency() == Approx(20));
  CHECK(report.observers(1).leniency() == Approx(-20));
  CHECK(report.observers(1).contacts() == 20);
  CHECK(CompanyOf(report, "a").adjusted_index() == Approx(80));
  CHECK(CompanyOf(report, "b").adjusted_index() == Approx(100));
  // c adjusts to 80 from both observers: J = (80 + 100 + 80) / 3.
  CHECK(IndustryOf(report, "bank").adjusted_index() == Approx(86.6667));
  CHECK(report.overall_winners(0) == "a");
  input.config.set_rank_by(v1::ADJUSTED);
  report = MustScore(input);
  CHECK(report.overall_winners(0) == "b");
  CHECK(CompanyOf(report, "a").rank_overall() == 2);
}

TEST_CASE("without observer adjustment no adjusted figures are reported") {
  Input input = TwoIndustries();
  input.config.set_observer_adjustment(false);
  const v1::AwardReport report = MustScore(input);
  CHECK(report.observers().empty());
  CHECK_FALSE(report.companies(0).has_adjusted_index());
}

TEST_CASE("the engine recovers simulated observer offsets from ratings") {
  // 20 observers with offsets -8..+8 points, 40 companies of level 35..65, each
  // observer seeing 20 neighbouring companies (so observer and company effects are
  // confounded), phone and chat, contact noise sd 5 points; each rating adds its own noise (sd half
  // a step), which also dithers the rounding to whole answers.
  Input input = Program();
  input.observers.clear();
  AddIndustry(input, "all");
  for (int c = 0; c < 40; ++c) AddCompany(input, "co" + std::to_string(100 + c), "all");
  std::vector<double> offset(20);
  for (int o = 0; o < 20; ++o) {
    v1::Observer observer;
    observer.set_id("ob" + std::to_string(100 + o));
    input.observers.push_back(observer);
    offset[o] = -8 + 16.0 * o / 19;
  }
  std::mt19937_64 generator(77);
  std::normal_distribution<double> contact_noise(0, 5), answer_noise(0, 0.5);
  const ContactRules rules = ContactRules::From(input.config);
  for (int i = 0; i < 40000; ++i) {
    const uint32_t observer = i % 20;
    const uint32_t company = (observer * 2 + (i / 20) % 20) % 40;  // 20 companies each
    const v1::Channel channel = i % 3 == 0 ? v1::CHAT : v1::PHONE;
    const double latent = 35 + 30.0 * company / 39 + offset[observer] + contact_noise(generator);
    Contact c = Answered("s" + std::to_string(i), company, channel, 1, kSecond, observer);
    for (int k = 0; k < rules.criteria_count; ++k) {
      const double answer = std::round(latent / 20 + answer_noise(generator)) + 1;
      c.ratings[k] = static_cast<uint8_t>(std::clamp(answer, 1.0, 6.0));
    }
    input.contacts.push_back(c);
  }
  const v1::AwardReport report = MustScore(input);
  REQUIRE(report.observers_size() == 20);
  double weighted = 0;
  for (int o = 0; o < 20; ++o) weighted += offset[o] * report.observers(o).contacts();
  weighted /= 40000;
  for (int o = 0; o < 20; ++o) {
    INFO("observer " << o);
    CHECK(std::abs(report.observers(o).leniency() - (offset[o] - weighted)) < 0.5);
  }
}

}  // namespace
}  // namespace msc::scoring
