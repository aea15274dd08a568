#include "msc/scoring/business_calendar.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

namespace msc::scoring {
namespace {

using std::chrono::minutes;
using std::chrono::nanoseconds;

date::year_month_day ToYmd(LocalDate d) {
  return date::year_month_day{date::year{d.year}, date::month{static_cast<unsigned>(d.month)},
                              date::day{static_cast<unsigned>(d.day)}};
}

LocalDate FromYmd(date::year_month_day ymd) {
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int32_t DayNumber(LocalDate d) {
  return static_cast<int32_t>(date::sys_days{ToYmd(d)}.time_since_epoch().count());
}

// "YYYY-MM-DD" as a valid date, or false.
bool ParseDate(std::string_view text, LocalDate* out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  *out = {parts[0], parts[1], parts[2]};
  return parts[1] >= 1 && parts[1] <= 12 && parts[2] >= 1 && ToYmd(*out).ok();
}

}  // namespace

LocalDate EasterSunday(int year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19, b = year / 100, c = year % 100;
  const int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int n = h + l - 7 * m + 114;
  return {year, n / 31, n % 31 + 1};
}

bool IsNorwegianPublicHoliday(LocalDate date) {
  if (date.month == 1 && date.day == 1) return true;
  if (date.month == 5 && (date.day == 1 || date.day == 17)) return true;
  if (date.month == 12 && (date.day == 25 || date.day == 26)) return true;
  const int from_easter = DayNumber(date) - DayNumber(EasterSunday(date.year));
  for (int offset : {-3, -2, 0, 1, 39, 49, 50}) {
    if (from_easter == offset) return true;
  }
  return false;
}

int ParseHourMinute(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  for (int i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return -1;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int mins = (text[3] - '0') * 10 + (text[4] - '0');
  // 24:00 is allowed so that a calendar can close at midnight.
  if (mins > 59 || hours > 24 || (hours == 24 && mins != 0)) return -1;
  return hours * 60 + mins;
}

Result<BusinessCalendar> BusinessCalendar::Create(const v1::BusinessCalendar& config,
                                                  int first_year, int last_year) {
  assert(first_year <= last_year);
  std::vector<FieldIssue> issues;
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(config.time_zone());
  } catch (const std::runtime_error&) {
    issues.push_back({"calendar.time_zone", "unknown time zone \"" + config.time_zone() + "\""});
  }
  const int opens = ParseHourMinute(config.opens());
  const int closes = ParseHourMinute(config.closes());
  if (opens < 0) issues.push_back({"calendar.opens", "expected local time \"HH:MM\""});
  if (closes < 0) issues.push_back({"calendar.closes", "expected local time \"HH:MM\""});
  if (opens >= 0 && closes >= 0 && closes <= opens) {
    issues.push_back({"calendar.closes", "must be later than calendar.opens"});
  }
  BusinessCalendar calendar;
  calendar.zone_ = zone;
  if (config.business_days().empty()) {
    issues.push_back({"calendar.business_days", "at least one business day is needed"});
  }
  for (int i = 0; i < config.business_days_size(); ++i) {
    const int day = config.business_days(i);
    if (day < v1::MONDAY || day > v1::SUNDAY) {
      issues.push_back({"calendar.business_days[" + std::to_string(i) + "]", "not a weekday"});
    } else if (calendar.weekdays_[day]) {
      issues.push_back({"calendar.business_days[" + std::to_string(i) + "]", "listed twice"});
    } else {
      calendar.weekdays_[day] = true;
    }
  }
  if (config.holidays() != v1::NORWAY && config.holidays() != v1::NO_PUBLIC_HOLIDAYS) {
    issues.push_back({"calendar.holidays", "choose NORWAY or NO_PUBLIC_HOLIDAYS"});
  }
  calendar.norwegian_holidays_ = config.holidays() == v1::NORWAY;
  for (int i = 0; i < config.extra_closed_dates_size(); ++i) {
    LocalDate date;
    if (!ParseDate(config.extra_closed_dates(i), &date)) {
      issues.push_back({"calendar.extra_closed_dates[" + std::to_string(i) + "]",
                        "expected a date \"YYYY-MM-DD\""});
    } else {
      calendar.closed_days_.push_back(DayNumber(date));
    }
  }
  if (!issues.empty()) return Status::Invalid(std::move(issues));
  std::sort(calendar.closed_days_.begin(), calendar.closed_days_.end());

  // Each business day's hours are placed on the UTC line through the zone's rules,
  // so a day of a daylight-saving change still has its full local hours. A local
  // time that is skipped maps to the change itself; a repeated one opens at its
  // first and closes at its second occurrence.
  const date::local_days first{date::year{first_year} / date::January / 1};
  const date::local_days last{date::year{last_year} / date::December / 31};
  int64_t total = 0;
  for (date::local_days day = first; day <= last; day += date::days{1}) {
    if (!calendar.IsBusinessDay(FromYmd(date::year_month_day{day}))) continue;
    const auto open = zone->to_sys(day + minutes{opens}, date::choose::earliest);
    const auto close = zone->to_sys(day + minutes{closes}, date::choose::latest);
    const int64_t open_ns =
        std::chrono::duration_cast<nanoseconds>(open.time_since_epoch()).count();
    const int64_t close_ns =
        std::chrono::duration_cast<nanoseconds>(close.time_since_epoch()).count();
    if (close_ns <= open_ns) continue;
    calendar.open_ns_.push_back(open_ns);
    calendar.close_ns_.push_back(close_ns);
    calendar.before_ns_.push_back(total);
    total += close_ns - open_ns;
  }
  return calendar;
}

bool BusinessCalendar::IsBusinessDay(LocalDate date) const {
  const int32_t number = DayNumber(date);
  const unsigned iso_weekday = date::weekday{date::sys_days{date::days{number}}}.iso_encoding();
  if (!weekdays_[iso_weekday]) return false;
  if (norwegian_holidays_ && IsNorwegianPublicHoliday(date)) return false;
  return !std::binary_search(closed_days_.begin(), closed_days_.end(), number);
}

LocalDateTime BusinessCalendar::Local(int64_t ns) const {
  const date::sys_time<nanoseconds> t{nanoseconds{ns}};
  const auto local = zone_->to_local(t);
  const date::local_days day = date::floor<date::days>(local);
  const auto since_midnight = std::chrono::duration_cast<minutes>(local - day);
  return {FromYmd(date::year_month_day{day}), static_cast<int>(since_midnight.count())};
}

int64_t BusinessCalendar::BusinessNanos(int64_t from_ns, int64_t to_ns) const {
  if (to_ns <= from_ns) return 0;
  return BusinessNanosBefore(to_ns) - BusinessNanosBefore(from_ns);
}

int64_t BusinessCalendar::BusinessNanosBefore(int64_t t) const {
  const auto after = std::upper_bound(open_ns_.begin(), open_ns_.end(), t);
  if (after == open_ns_.begin()) return 0;
  const size_t k = static_cast<size_t>(after - open_ns_.begin()) - 1;
  return before_ns_[k] + std::min(t - open_ns_[k], close_ns_[k] - open_ns_[k]);
}

}  // namespace msc::scoring
