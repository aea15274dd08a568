// The business clock of METHODOLOGY.md section 6. Expected figures are counted by
// hand from a wall calendar; the comments show the count.
#include "msc/scoring/business_calendar.h"

#include <catch2/catch.hpp>

#include "builders.h"
#include "msc/scoring/config.h"

namespace msc::scoring {
namespace {

using testing::kHour;
using testing::kMinute;
using testing::Oslo;
using testing::Utc;

BusinessCalendar Make(const v1::BusinessCalendar& config) {
  Result<BusinessCalendar> calendar = BusinessCalendar::Create(config, 2017, 2026);
  REQUIRE(calendar.ok());
  return std::move(calendar).value();
}

BusinessCalendar Norway() { return Make(DefaultConfig().calendar()); }

// Every day open around the clock: business time equals elapsed local-day length.
BusinessCalendar AroundTheClock() {
  v1::BusinessCalendar config = DefaultConfig().calendar();
  config.set_opens("00:00");
  config.set_closes("24:00");
  config.add_business_days(v1::SATURDAY);
  config.add_business_days(v1::SUNDAY);
  config.set_holidays(v1::NO_PUBLIC_HOLIDAYS);
  return Make(config);
}

TEST_CASE("Easter Sunday follows the Gregorian computus") {
  CHECK(EasterSunday(2018) == LocalDate{2018, 4, 1});
  CHECK(EasterSunday(2019) == LocalDate{2019, 4, 21});
  CHECK(EasterSunday(2024) == LocalDate{2024, 3, 31});
  CHECK(EasterSunday(2025) == LocalDate{2025, 4, 20});
  CHECK(EasterSunday(2000) == LocalDate{2000, 4, 23});
}

TEST_CASE("the Norwegian public holidays of 2018 are not business days") {
  const BusinessCalendar calendar = Norway();
  // Easter 2018 is 1 April: Maundy Thursday 29 March, Good Friday 30 March, Easter
  // Monday 2 April, Ascension 1 April + 39 = 10 May, Whit Monday + 50 = 21 May.
  for (LocalDate holiday : {LocalDate{2018, 1, 1}, LocalDate{2018, 3, 29}, LocalDate{2018, 3, 30},
                            LocalDate{2018, 4, 2}, LocalDate{2018, 5, 1}, LocalDate{2018, 5, 10},
                            LocalDate{2018, 5, 17}, LocalDate{2018, 5, 21}, LocalDate{2018, 12, 25},
                            LocalDate{2018, 12, 26}}) {
    INFO(holiday.year << "-" << holiday.month << "-" << holiday.day);
    CHECK(IsNorwegianPublicHoliday(holiday));
    CHECK_FALSE(calendar.IsBusinessDay(holiday));
  }
  CHECK(IsNorwegianPublicHoliday({2018, 5, 20}));      // Whit Sunday, + 49
  CHECK(calendar.IsBusinessDay({2018, 3, 28}));        // the Wednesday before Easter
  CHECK(calendar.IsBusinessDay({2018, 5, 18}));        // the Friday after 17 May
  CHECK_FALSE(calendar.IsBusinessDay({2018, 3, 24}));  // a Saturday
}

TEST_CASE("the Easter e-mail of the methodology took 26 business hours") {
  // Fri 23 Mar 15-16 (1 h), Mon 26 to Wed 28 (3 x 8 h), Thu 29 to Mon 2 Apr closed,
  // Tue 3 Apr 08-09 (1 h): 26 h.
  CHECK(Norway().BusinessNanos(Oslo(2018, 3, 23, 15), Oslo(2018, 4, 3, 9)) == 26 * kHour);
}

TEST_CASE("a business interval across the spring-forward weekend keeps full days") {
  // Summer time began Sunday 25 March 2018: Fri 23 08-16 (8 h) + Mon 26 08-16 (8 h).
  const BusinessCalendar calendar = Norway();
  CHECK(calendar.BusinessNanos(Oslo(2018, 3, 23, 8), Oslo(2018, 3, 26, 16)) == 16 * kHour);
  // The Monday after the change is still an 8-hour business day.
  CHECK(calendar.BusinessNanos(Oslo(2018, 3, 26, 0), Oslo(2018, 3, 27, 0)) == 8 * kHour);
}

TEST_CASE("a business interval across the fall-back weekend keeps full days") {
  // Winter time began Sunday 28 October 2018: Fri 26 12-16 (4 h) + Mon 29 08-12 (4 h).
  const BusinessCalendar calendar = Norway();
  CHECK(calendar.BusinessNanos(Oslo(2018, 10, 26, 12), Oslo(2018, 10, 29, 12)) == 8 * kHour);
  CHECK(calendar.BusinessNanos(Oslo(2018, 10, 29, 0), Oslo(2018, 10, 30, 0)) == 8 * kHour);
}

TEST_CASE("the daylight-saving days themselves are 23 and 25 hours long") {
  const BusinessCalendar calendar = AroundTheClock();
  CHECK(calendar.BusinessNanos(Oslo(2018, 3, 25, 0), Oslo(2018, 3, 26, 0)) == 23 * kHour);
  CHECK(calendar.BusinessNanos(Oslo(2018, 10, 28, 0), Oslo(2018, 10, 29, 0)) == 25 * kHour);
  CHECK(calendar.BusinessNanos(Oslo(2018, 3, 24, 0), Oslo(2018, 3, 25, 0)) == 24 * kHour);
}

TEST_CASE("business hours on a Sunday of a daylight-saving change are still 8 hours") {
  v1::BusinessCalendar config = DefaultConfig().calendar();
  config.add_business_days(v1::SUNDAY);
  const BusinessCalendar calendar = Make(config);
  CHECK(calendar.BusinessNanos(Oslo(2018, 3, 25, 0), Oslo(2018, 3, 26, 0)) == 8 * kHour);
  CHECK(calendar.BusinessNanos(Oslo(2018, 10, 28, 0), Oslo(2018, 10, 29, 0)) == 8 * kHour);
}

TEST_CASE("UTC instants map to Oslo business hours by the season's offset") {
  const BusinessCalendar calendar = Norway();
  // Winter (UTC+1): 06:00-08:00 UTC is 07:00-09:00 Oslo, of which 08-09 counts.
  CHECK(calendar.BusinessNanos(Utc(2018, 1, 15, 6), Utc(2018, 1, 15, 8)) == kHour);
  // Summer (UTC+2): 05:00-07:00 UTC is 07:00-09:00 Oslo, again 1 h.
  CHECK(calendar.BusinessNanos(Utc(2018, 6, 11, 5), Utc(2018, 6, 11, 7)) == kHour);
  // 13:30-15:00 UTC in summer is 15:30-17:00 Oslo: 30 minutes before closing.
  CHECK(calendar.BusinessNanos(Utc(2018, 6, 11, 13, 30), Utc(2018, 6, 11, 15)) == 30 * kMinute);
}

TEST_CASE("extra closed dates are not business days") {
  v1::BusinessCalendar config = DefaultConfig().calendar();
  config.add_extra_closed_dates("2018-12-27");
  const BusinessCalendar calendar = Make(config);
  CHECK_FALSE(calendar.IsBusinessDay({2018, 12, 27}));
  // Thu 27 closed, Fri 28 08-16: 8 h.
  CHECK(calendar.BusinessNanos(Oslo(2018, 12, 27, 8), Oslo(2018, 12, 28, 16)) == 8 * kHour);
}

TEST_CASE("an empty or reversed interval has no business time") {
  const BusinessCalendar calendar = Norway();
  CHECK(calendar.BusinessNanos(Oslo(2018, 3, 26, 10), Oslo(2018, 3, 26, 10)) == 0);
  CHECK(calendar.BusinessNanos(Oslo(2018, 3, 26, 12), Oslo(2018, 3, 26, 10)) == 0);
}

TEST_CASE("an interval entirely outside business hours has no business time") {
  CHECK(Norway().BusinessNanos(Oslo(2018, 3, 26, 16), Oslo(2018, 3, 27, 8)) == 0);
}

TEST_CASE("a malformed calendar names each field at fault") {
  v1::BusinessCalendar config = DefaultConfig().calendar();
  config.set_time_zone("Europe/Atlantis");
  config.set_opens("8:00");
  config.add_extra_closed_dates("2018-02-30");
  Result<BusinessCalendar> calendar = BusinessCalendar::Create(config, 2018, 2018);
  REQUIRE_FALSE(calendar.ok());
  std::vector<std::string> fields;
  for (const FieldIssue& issue : calendar.status().field_errors()) fields.push_back(issue.field);
  CHECK(fields == std::vector<std::string>{"calendar.time_zone", "calendar.opens",
                                           "calendar.extra_closed_dates[0]"});
}

TEST_CASE("hours must be HH:MM and closing must follow opening") {
  CHECK(ParseHourMinute("08:00") == 480);
  CHECK(ParseHourMinute("24:00") == 1440);
  CHECK(ParseHourMinute("24:01") == -1);
  CHECK(ParseHourMinute("8:00") == -1);
  CHECK(ParseHourMinute("12:60") == -1);
  v1::BusinessCalendar config = DefaultConfig().calendar();
  config.set_closes("08:00");
  CHECK_FALSE(BusinessCalendar::Create(config, 2018, 2018).ok());
}

}  // namespace
}  // namespace msc::scoring
