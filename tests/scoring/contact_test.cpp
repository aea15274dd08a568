// Section 3's per-contact predicates under the default rules (PHONE: expectation 40 s,
// benchmark 60 s, unanswered after 5 min on the wall clock; EMAIL: 4 h / 8 h / 24 h
// business).
#include "contact.h"

#include <catch2/catch.hpp>

#include "builders.h"

namespace msc::scoring {
namespace {

using testing::Answered;
using testing::kHour;
using testing::kSecond;
using testing::Oslo;

const ContactRules& Rules() {
  static const ContactRules rules = ContactRules::From(DefaultConfig());
  return rules;
}

ContactFacts Phone(int64_t wait_ns, bool answered = true) {
  Contact c = Answered("c", 0, v1::PHONE, 5, wait_ns);
  c.attempts[0].answered = answered;
  return DeriveFacts(c, Rules(), nullptr);
}

TEST_CASE("a phone wait exactly at the expectation meets it, one second more does not") {
  CHECK(Phone(40 * kSecond).meets_expectation);
  CHECK_FALSE(Phone(41 * kSecond).meets_expectation);
  CHECK(Phone(41 * kSecond).meets_benchmark);
}

TEST_CASE("a phone wait exactly at the benchmark meets it, one second more does not") {
  CHECK(Phone(60 * kSecond).meets_benchmark);
  CHECK_FALSE(Phone(61 * kSecond).meets_benchmark);
}

TEST_CASE("an answer exactly at unanswered_after serves, one second later does not") {
  const ContactFacts at = Phone(300 * kSecond);
  CHECK(at.served);
  CHECK_FALSE(at.first_missed);
  const ContactFacts over = Phone(301 * kSecond);
  CHECK_FALSE(over.served);
  CHECK(over.first_missed);
  CHECK(over.first_answered);  // its wait still enters the wait statistics
  CHECK(over.score == 0);      // unanswered_contact_score
}

TEST_CASE("an unanswered first attempt misses everything") {
  const ContactFacts facts = Phone(20 * kSecond, false);
  CHECK_FALSE(facts.served);
  CHECK_FALSE(facts.meets_expectation);
  CHECK_FALSE(facts.meets_benchmark);
  CHECK(facts.first_missed);
  CHECK_FALSE(facts.first_answered);
}

TEST_CASE("a contact served on the second attempt is served but missed its first") {
  Contact c = Answered("c", 0, v1::PHONE, 5, 120 * kSecond);
  c.attempts[0].answered = false;
  c.attempt_count = 2;
  c.attempts[1] = {c.attempts[0].started_at_ns + 3600 * kSecond, 30 * kSecond, true};
  const ContactFacts facts = DeriveFacts(c, Rules(), nullptr);
  CHECK(facts.served);
  CHECK(facts.first_missed);
  CHECK_FALSE(facts.meets_expectation);
  CHECK(facts.first_elapsed_ns == 120 * kSecond);
  CHECK(facts.score == Approx(80));  // every rating 5: (5 - 1) * 20
}

TEST_CASE("experience is the weighted mean over rated criteria that apply") {
  v1::ScoringConfig config = DefaultConfig();
  config.mutable_criteria(0)->set_weight(2);  // welcome
  const ContactRules rules = ContactRules::From(config);
  Contact c = Answered("c", 0, v1::PHONE, 0);
  c.ratings[0] = 6;  // welcome, weight 2: 100
  c.ratings[1] = 3;  // understood_need, weight 1: 40
  c.ratings[4] = 1;  // written_language does not apply to PHONE: ignored
  // (2 * 100 + 1 * 40) / 3 = 80
  const ContactFacts facts = DeriveFacts(c, rules, nullptr);
  REQUIRE(facts.has_experience);
  CHECK(facts.experience == Approx(80));
}

TEST_CASE("an unserved contact scores unanswered_contact_score whatever its ratings") {
  v1::ScoringConfig config = DefaultConfig();
  config.set_unanswered_contact_score(10);
  Contact c = Answered("c", 0, v1::CHAT, 6);
  c.attempts[0].answered = false;
  const ContactFacts facts = DeriveFacts(c, ContactRules::From(config), nullptr);
  CHECK(facts.score == 10);
  CHECK_FALSE(facts.has_experience);
  CHECK(facts.scored());
}

TEST_CASE("a served contact without a valid applicable rating has no score") {
  Contact c = Answered("c", 0, v1::PHONE, 0);
  c.ratings[4] = 5;  // written_language only: not for PHONE
  c.ratings[0] = 7;  // out of range
  const ContactFacts facts = DeriveFacts(c, Rules(), nullptr);
  CHECK(facts.served);
  CHECK_FALSE(facts.has_experience);
  CHECK_FALSE(facts.scored());
}

TEST_CASE("e-mail waits are measured on the business clock") {
  Result<BusinessCalendar> calendar =
      BusinessCalendar::Create(DefaultConfig().calendar(), 2018, 2018);
  REQUIRE(calendar.ok());
  // Sent Mon 2018-03-26 12:00, answered Thu 29 12:00 Oslo (Maundy Thursday): Mon 12-16
  // (4 h) + Tue, Wed (16 h) = 20 h of business time, 72 h on the wall.
  Contact c = Answered("c", 0, v1::EMAIL, 5, 72 * kHour);
  c.attempts[0].started_at_ns = Oslo(2018, 3, 26, 12);
  const ContactFacts facts = DeriveFacts(c, Rules(), &*calendar);
  CHECK(facts.first_elapsed_ns == 20 * kHour);
  CHECK(facts.served);
  CHECK_FALSE(facts.meets_benchmark);
}

TEST_CASE("an e-mail answered after exactly 24 business hours is served, a second more is not") {
  Result<BusinessCalendar> calendar =
      BusinessCalendar::Create(DefaultConfig().calendar(), 2018, 2018);
  REQUIRE(calendar.ok());
  // Mon 2018-01-15 08:00 to Wed 17 16:00 Oslo: three business days, 24 h, 56 h wall.
  Contact c = Answered("c", 0, v1::EMAIL, 5, 56 * kHour);
  c.attempts[0].started_at_ns = Oslo(2018, 1, 15, 8);
  CHECK(DeriveFacts(c, Rules(), &*calendar).served);
  // Starting one second before opening does not add business time; ending one
  // second after closing does not either: move the start one second later instead.
  c.attempts[0].started_at_ns = Oslo(2018, 1, 15, 8) - kSecond;
  c.attempts[0].wait_ns = 56 * kHour + kSecond;
  CHECK(DeriveFacts(c, Rules(), &*calendar).served);
  c.attempts[0].started_at_ns = Oslo(2018, 1, 15, 8);
  c.attempts[0].wait_ns = 72 * kHour + kSecond;  // to Thu 18 08:00:01: 24 h + 1 s
  CHECK_FALSE(DeriveFacts(c, Rules(), &*calendar).served);
}

}  // namespace
}  // namespace msc::scoring
