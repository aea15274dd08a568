#include "business_clock.h"

#include <algorithm>

namespace msc::demo {

using std::chrono::hours;
using std::chrono::seconds;

date::year_month_day EasterSunday(date::year y) {
  const int year = static_cast<int>(y);
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return {y, date::month(month), date::day(day)};
}

BusinessClock::BusinessClock() : zone_(date::locate_zone("Europe/Oslo")) {}

bool BusinessClock::IsHoliday(date::local_days day) const {
  const date::year_month_day ymd{day};
  const auto md = ymd.month() / ymd.day();
  using date::days;
  for (auto fixed : {date::January / 1, date::May / 1, date::May / 17, date::December / 25,
                     date::December / 26}) {
    if (md == fixed) return true;
  }
  const date::local_days easter{EasterSunday(ymd.year())};
  for (int offset : {-3, -2, 0, 1, 39, 49, 50}) {
    if (day == easter + days(offset)) return true;
  }
  return false;
}

bool BusinessClock::IsBusinessDay(date::local_days day) const {
  const date::weekday wd{day};
  return wd != date::Saturday && wd != date::Sunday && !IsHoliday(day);
}

Instant BusinessClock::At(date::local_days day, seconds time_of_day) const {
  return zone_->to_sys(date::local_seconds{day} + time_of_day, date::choose::earliest);
}

date::local_days BusinessClock::LocalDay(Instant t) const {
  return date::floor<date::days>(zone_->to_local(t));
}

Instant BusinessClock::Advance(Instant from, seconds business) const {
  for (date::local_days day = LocalDay(from);; day += date::days(1)) {
    if (!IsBusinessDay(day)) continue;
    const Instant open = At(day, hours(8)), close = At(day, hours(16));
    const Instant start = std::max(from, open);
    if (start >= close) continue;
    if (business <= close - start) return start + business;
    business -= close - start;
  }
}

}  // namespace msc::demo
