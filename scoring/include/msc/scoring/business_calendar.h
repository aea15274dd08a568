#ifndef MSC_SCORING_BUSINESS_CALENDAR_H_
#define MSC_SCORING_BUSINESS_CALENDAR_H_

// The business clock of METHODOLOGY.md section 6: business hours of business days
// in one time zone, daylight-saving changes respected.

#include <compare>
#include <cstdint>
#include <string_view>
#include <vector>

#include "msc/proto/status.h"
#include "msc/v1/config.pb.h"

namespace date {
class time_zone;
}  // namespace date

namespace msc::scoring {

// A date on the calendar's local clock (proleptic Gregorian).
struct LocalDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  friend auto operator<=>(const LocalDate&, const LocalDate&) = default;
};

// An instant on the calendar's local clock: its date and minutes after midnight.
struct LocalDateTime {
  LocalDate date;
  int minute = 0;  // 0..1439
};

// Easter Sunday of a Gregorian year, by the anonymous Gregorian computus.
LocalDate EasterSunday(int year);

// Whether a date is one of the Norwegian public holidays of METHODOLOGY.md 6.
bool IsNorwegianPublicHoliday(LocalDate date);

// "HH:MM" as minutes after midnight, or -1 when malformed.
int ParseHourMinute(std::string_view text);

class BusinessCalendar {
 public:
  // A calendar whose business hours are precomputed for the local years
  // [first_year, last_year]; instants outside them add no business time. Errors name
  // the config fields as "calendar.<field>".
  static Result<BusinessCalendar> Create(const v1::BusinessCalendar& config, int first_year,
                                         int last_year);

  // A configured weekday that is neither a public holiday nor an extra closed date.
  bool IsBusinessDay(LocalDate date) const;

  // The local date and time of an instant (Unix time, nanoseconds).
  LocalDateTime Local(int64_t ns) const;

  // The length of the overlap of [from_ns, to_ns] (Unix time, nanoseconds) with the
  // business hours. Zero when to_ns <= from_ns. O(log days).
  int64_t BusinessNanos(int64_t from_ns, int64_t to_ns) const;

 private:
  BusinessCalendar() = default;

  // Business time from the start of the table up to the instant t.
  int64_t BusinessNanosBefore(int64_t t) const;

  const date::time_zone* zone_ = nullptr;  // in the process-wide tz database
  bool weekdays_[8] = {};                  // indexed by ISO weekday 1..7
  bool norwegian_holidays_ = false;
  std::vector<int32_t> closed_days_;  // extra closed dates, days since 1970-01-01, sorted

  // One entry per business day in the covered years, ascending: its opening and
  // closing instants and the business time of all earlier entries.
  std::vector<int64_t> open_ns_;
  std::vector<int64_t> close_ns_;
  std::vector<int64_t> before_ns_;
};

}  // namespace msc::scoring

#endif  // MSC_SCORING_BUSINESS_CALENDAR_H_
