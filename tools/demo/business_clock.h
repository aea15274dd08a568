#ifndef MSC_DEMO_BUSINESS_CLOCK_H_
#define MSC_DEMO_BUSINESS_CLOCK_H_

// The reference award's business clock (METHODOLOGY.md section 6): Oslo time,
// 08:00-16:00, Monday to Friday, Norwegian public holidays. The generator replies to
// e-mails in business time with it, so that e-mail waits mean what the scoring means.

#include <chrono>

#include <date/date.h>
#include <date/tz.h>

namespace msc::demo {

using Instant = std::chrono::sys_seconds;

class BusinessClock {
 public:
  BusinessClock();

  bool IsHoliday(date::local_days day) const;
  bool IsBusinessDay(date::local_days day) const;
  // The instant when `business` of business time has passed since `from`.
  Instant Advance(Instant from, std::chrono::seconds business) const;
  // A local wall-clock time in Oslo as an instant.
  Instant At(date::local_days day, std::chrono::seconds time_of_day) const;
  date::local_days LocalDay(Instant t) const;

 private:
  const date::time_zone* zone_;
};

// Easter Sunday by the anonymous Gregorian computus.
date::year_month_day EasterSunday(date::year y);

}  // namespace msc::demo

#endif  // MSC_DEMO_BUSINESS_CLOCK_H_
