// The business calendar against an implementation we did not write: QuantLib's
// Norway calendar (Debian's libquantlib0-dev), every day from 2000 to 2100. A program
// of its own: QuantLib's headers are heavy and only this test needs them.
//
// The two differ on one rule by design. QuantLib's is a settlement calendar: from
// 2002 on it closes 24 December (Christmas Eve), as Norges Bank's settlement system
// does (added to QuantLib in 2021; Debian 12 has 1.29). The law does not: the public
// holidays are those of the helligdagsloven (1 January, Maundy Thursday, Good Friday,
// Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday, 25 and 26
// December) and of the law of 1947 on 1 and 17 May, which is the list of
// METHODOLOGY.md 6. Christmas Eve is an ordinary weekday there; a program whose
// companies close it says so with calendar.extra_closed_dates.
#include <ql/time/calendars/norway.hpp>
#include <ql/time/date.hpp>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "msc/scoring/business_calendar.h"
#include "msc/scoring/config.h"

namespace msc::scoring {
namespace {

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;

struct Difference {
  LocalDate date;
  bool ours = false;      // a business day in msc's calendar
  bool quantlib = false;  // a business day in QuantLib's
};

std::string Show(const Difference& d) {
  return std::to_string(d.date.year) + "-" + std::to_string(d.date.month) + "-" +
         std::to_string(d.date.day) + (d.ours ? " ours: business day" : " ours: closed") +
         (d.quantlib ? ", QuantLib: business day" : ", QuantLib: closed");
}

// Every day of [kFirstYear, kLastYear] where the two calendars disagree.
std::vector<Difference> Differences() {
  Result<BusinessCalendar> calendar =
      BusinessCalendar::Create(DefaultConfig().calendar(), kFirstYear, kLastYear);
  REQUIRE(calendar.ok());
  const QuantLib::Norway norway;
  std::vector<Difference> out;
  for (QuantLib::Date d(1, QuantLib::January, kFirstYear);
       d <= QuantLib::Date(31, QuantLib::December, kLastYear); ++d) {
    const LocalDate date{d.year(), static_cast<int>(d.month()), d.dayOfMonth()};
    const bool ours = calendar->IsBusinessDay(date);
    const bool theirs = norway.isBusinessDay(d);
    if (ours != theirs) out.push_back({date, ours, theirs});
  }
  return out;
}

TEST_CASE("business days 2000-2100 agree with QuantLib's Norway but on Christmas Eve") {
  const std::vector<Difference> differences = Differences();
  int christmas_eves = 0;
  for (const Difference& d : differences) {
    INFO(Show(d));
    // Any other difference is a bug on one side, to be settled against the law.
    REQUIRE(d.date.month == 12);
    REQUIRE(d.date.day == 24);
    CHECK(d.date.year >= 2002);
    CHECK(d.ours);
    CHECK_FALSE(d.quantlib);
    ++christmas_eves;
  }
  // 24 December falls on a weekday in 72 of the years 2002-2100 (counted with
  // Python's datetime: on a Saturday or Sunday in 2005, 2006, 2011, 2016, 2017, 2022,
  // 2023, 2028, 2033, 2034, 2039, 2044, 2045, 2050, 2051, 2056, 2061, 2062, 2067,
  // 2072, 2073, 2078, 2079, 2084, 2089, 2090 and 2095). Each is a difference.
  CHECK(christmas_eves == 72);
}

TEST_CASE("QuantLib and msc agree on the holidays of the law in 2018") {
  // A check of the comparison itself: the holidays of METHODOLOGY.md 6 that fall on
  // a weekday close both calendars (Easter 2018 is 1 April).
  const QuantLib::Norway norway;
  for (QuantLib::Date d :
       {QuantLib::Date(1, QuantLib::January, 2018), QuantLib::Date(29, QuantLib::March, 2018),
        QuantLib::Date(30, QuantLib::March, 2018), QuantLib::Date(2, QuantLib::April, 2018),
        QuantLib::Date(1, QuantLib::May, 2018), QuantLib::Date(10, QuantLib::May, 2018),
        QuantLib::Date(17, QuantLib::May, 2018), QuantLib::Date(21, QuantLib::May, 2018),
        QuantLib::Date(25, QuantLib::December, 2018),
        QuantLib::Date(26, QuantLib::December, 2018)}) {
    INFO(d.dayOfMonth() << "/" << static_cast<int>(d.month()));
    CHECK(norway.isHoliday(d));
    CHECK(IsNorwegianPublicHoliday({d.year(), static_cast<int>(d.month()), d.dayOfMonth()}));
  }
}

}  // namespace
}  // namespace msc::scoring
