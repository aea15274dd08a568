#include "msc/scoring/progress.h"

#include <date/date.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "fieldwork.h"
#include "msc/scoring/business_calendar.h"
#include "msc/scoring/config.h"
#include "msc/scoring/protocol.h"

namespace msc::scoring {
namespace {

constexpr int kPaceDays = 10;

date::sys_days Days(LocalDate d) { return date::sys_days{date::year{d.year} / d.month / d.day}; }

LocalDate FromDays(date::sys_days day) {
  const date::year_month_day ymd{day};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string Text(LocalDate d) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", d.year, d.month, d.day);
  return out;
}

// Whether the award counts the contact (METHODOLOGY.md section 2).
bool Counts(const ProgressContact& c, const ProgressInput& in) {
  if (c.review_state == v1::REJECTED) return false;
  if (c.review_state != v1::APPROVED && !in.config.count_received()) return false;
  return StartsInPeriod(in.program, c.started_at_ns);
}

// The planned channels in plan order, then every other channel some company counted.
std::vector<v1::Channel> Channels(const v1::FieldworkPlan& plan,
                                  const std::vector<std::vector<int>>& counted) {
  std::vector<v1::Channel> out;
  for (const v1::ChannelQuota& q : plan.quotas()) out.push_back(q.channel());
  for (int ch = v1::PHONE; ch <= v1::SOCIAL; ++ch) {
    const auto channel = static_cast<v1::Channel>(ch);
    if (std::find(out.begin(), out.end(), channel) != out.end()) continue;
    for (const auto& company : counted)
      if (company[ch] > 0) {
        out.push_back(channel);
        break;
      }
  }
  return out;
}

// The pace and the completion date, from the counted contacts' local dates.
void Pace(const std::map<date::sys_days, int>& per_day, const BusinessCalendar& calendar,
          LocalDate today, v1::ProgramProgress& out) {
  // The 10 business days ending with the last one on or before today.
  date::sys_days day = Days(today);
  int seen = 0, counted = 0;
  for (int guard = 0; seen < kPaceDays && guard < 400; ++guard, day -= date::days{1}) {
    if (!calendar.IsBusinessDay(FromDays(day))) continue;
    ++seen;
    if (auto it = per_day.find(day); it != per_day.end()) counted += it->second;
  }
  out.set_daily_pace(static_cast<double>(counted) / kPaceDays);
  if (out.missing() == 0 || counted == 0) return;
  int64_t days_needed =
      static_cast<int64_t>(std::ceil(static_cast<double>(out.missing()) / out.daily_pace()));
  date::sys_days finish = Days(today);
  for (int guard = 0; days_needed > 0 && guard < 100000; ++guard) {
    finish += date::days{1};
    if (calendar.IsBusinessDay(FromDays(finish))) --days_needed;
  }
  out.set_completion_date(Text(FromDays(finish)));
}

}  // namespace

Result<v1::ProgramProgress> Progress(const ProgressInput& in) {
  if (Status s = ValidateConfig(in.config); !s.ok()) return s;
  auto calendar = BusinessCalendar::Create(in.config.calendar(), 2000, 2000);
  if (!calendar.ok()) return calendar.status();
  const v1::FieldworkPlan& plan = in.config.fieldwork();

  std::vector<std::vector<int>> counted(in.companies.size(), std::vector<int>(v1::SOCIAL + 1, 0));
  std::vector<int> done(in.observers.size(), 0), flagged(in.observers.size(), 0);
  std::map<date::sys_days, int> per_day;
  const int64_t recent = in.as_of_ns - int64_t{60} * 24 * 3600 * 1'000'000'000;
  for (const ProgressContact& c : in.contacts) {
    if (in.only_observer && c.observer != *in.only_observer) continue;
    if (!Counts(c, in) || c.channel < v1::PHONE || c.channel > v1::SOCIAL) continue;
    ++counted[c.company][c.channel];
    ++done[c.observer];
    if (c.flagged) ++flagged[c.observer];
    // Only recent contacts can fall in the pace's 10 business days: the others skip
    // the time-zone lookup.
    if (c.started_at_ns >= recent && c.started_at_ns <= in.as_of_ns)
      ++per_day[Days(calendar->Local(c.started_at_ns).date)];
  }

  v1::ProgramProgress out;
  out.set_program_id(in.program.id());
  if (in.only_observer) out.set_observer_id(in.observers[*in.only_observer].id());
  const LocalDate today = calendar->Local(in.as_of_ns).date;
  out.set_as_of_date(Text(today));
  const std::vector<v1::Channel> channels = Channels(plan, counted);
  int64_t planned_done = 0;
  for (size_t k = 0; k < in.companies.size(); ++k) {
    v1::CompanyProgress* company = out.add_companies();
    company->set_company_id(in.companies[k].id());
    company->set_company_name(in.companies[k].name());
    company->set_industry_id(in.companies[k].industry_id());
    for (v1::Channel ch : channels) {
      v1::ChannelProgress* cell = company->add_channels();
      cell->set_channel(ch);
      cell->set_planned(PlannedContacts(plan, ch));
      cell->set_counted(counted[k][ch]);
      cell->set_missing(std::max(0, cell->planned() - cell->counted()));
      company->set_planned(company->planned() + cell->planned());
      company->set_counted(company->counted() + cell->counted());
      company->set_missing(company->missing() + cell->missing());
      planned_done += std::min(cell->counted(), cell->planned());
    }
    out.set_planned(out.planned() + company->planned());
    out.set_counted(out.counted() + company->counted());
    out.set_missing(out.missing() + company->missing());
  }
  out.set_share_done(out.planned() > 0 ? static_cast<double>(planned_done) / out.planned() : 0);
  for (size_t k = 0; k < in.observers.size(); ++k) {
    if (in.only_observer && k != *in.only_observer) continue;
    v1::ObserverProgress* o = out.add_observers();
    o->set_observer_id(in.observers[k].id());
    o->set_name(in.observers[k].name());
    o->set_done(done[k]);
    o->set_flagged(flagged[k]);
  }
  Pace(per_day, *calendar, today, out);
  return out;
}

}  // namespace msc::scoring
