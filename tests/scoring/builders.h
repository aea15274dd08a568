#ifndef MSC_TESTS_SCORING_BUILDERS_H_
#define MSC_TESTS_SCORING_BUILDERS_H_

// Small builders for scoring inputs, so that each test states only what it varies.

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "msc/scoring/config.h"
#include "msc/scoring/score.h"

namespace msc::scoring::testing {

inline constexpr int64_t kSecond = 1'000'000'000;
inline constexpr int64_t kMinute = 60 * kSecond;
inline constexpr int64_t kHour = 60 * kMinute;

// Unix nanoseconds of a local time in Oslo.
inline int64_t Oslo(int year, int month, int day, int hour, int minute = 0) {
  const auto local = date::local_days{date::year{year} / month / day} + std::chrono::hours{hour} +
                     std::chrono::minutes{minute};
  const auto sys = date::locate_zone("Europe/Oslo")->to_sys(local);
  return std::chrono::duration_cast<std::chrono::nanoseconds>(sys.time_since_epoch()).count();
}

// Unix nanoseconds of a UTC time.
inline int64_t Utc(int year, int month, int day, int hour, int minute = 0) {
  const auto sys = date::sys_days{date::year{year} / month / day} + std::chrono::hours{hour} +
                   std::chrono::minutes{minute};
  return std::chrono::duration_cast<std::chrono::nanoseconds>(sys.time_since_epoch()).count();
}

// Bytes for a contact to view, kept for the whole test run.
inline std::string_view Keep(std::string bytes) {
  static std::deque<std::string> kept;
  return kept.emplace_back(std::move(bytes));
}

// A served-on-first-attempt contact on `channel` with every applicable criterion of
// the default catalogue rated `rating` (so its experience is (rating - 1) * 20).
inline Contact Answered(std::string id, uint32_t company, v1::Channel channel, int rating,
                        int64_t wait_ns = 10 * kSecond, uint32_t observer = 0) {
  Contact c;
  c.submission_id = Keep(id);
  c.company = company;
  c.observer = observer;
  c.channel = channel;
  c.review_state = v1::APPROVED;
  c.attempt_count = 1;
  c.attempts[0] = {Utc(2018, 2, 1, 9), wait_ns, true};
  const int criteria = DefaultConfig().criteria_size();
  for (int i = 0; i < criteria; ++i) c.ratings[i] = static_cast<uint8_t>(rating);
  c.raw = Keep("raw:" + id);
  return c;
}

inline Contact Unanswered(std::string id, uint32_t company, v1::Channel channel,
                          uint32_t observer = 0) {
  Contact c = Answered(std::move(id), company, channel, 0, 10 * kMinute, observer);
  c.attempts[0].answered = false;
  return c;
}

// A program over 2018 (UTC) with the default config, no bootstrap unless asked.
inline Input Program() {
  Input input;
  input.program.set_id("award-2018");
  input.program.set_name("Award 2018");
  input.program.mutable_period_start()->set_seconds(Utc(2018, 1, 1, 0) / kSecond);
  input.program.mutable_period_end()->set_seconds(Utc(2019, 1, 1, 0) / kSecond);
  input.config = DefaultConfig();
  input.config.mutable_bootstrap()->set_replicates(0);
  v1::Observer observer;
  observer.set_id("obs-1");
  observer.set_name("Observer 1");
  input.observers.push_back(observer);
  return input;
}

inline void AddIndustry(Input& input, const std::string& id) {
  v1::Industry industry;
  industry.set_id(id);
  industry.set_name("Industry " + id);
  input.industries.push_back(industry);
}

// Adds a company and returns its index.
inline uint32_t AddCompany(Input& input, const std::string& id, const std::string& industry) {
  v1::Company company;
  company.set_id(id);
  company.set_name("Company " + id);
  company.set_industry_id(industry);
  input.companies.push_back(company);
  return static_cast<uint32_t>(input.companies.size() - 1);
}

// Adds `n` served phone contacts of one rating to a company.
inline void AddContacts(Input& input, uint32_t company, int n, int rating,
                        v1::Channel channel = v1::PHONE) {
  for (int i = 0; i < n; ++i) {
    input.contacts.push_back(Answered(input.companies[company].id() + "-" +
                                          v1::Channel_Name(channel) + "-" +
                                          std::to_string(input.contacts.size()),
                                      company, channel, rating));
  }
}

}  // namespace msc::scoring::testing

#endif  // MSC_TESTS_SCORING_BUILDERS_H_
