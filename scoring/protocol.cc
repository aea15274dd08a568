#include "msc/scoring/protocol.h"

#include <google/protobuf/util/time_util.h>

namespace msc::scoring {
namespace {

using google::protobuf::util::TimeUtil;

LocalDateTime Start(const v1::Attempt& a, const BusinessCalendar& calendar) {
  return calendar.Local(TimeUtil::TimestampToNanoseconds(a.started_at()));
}

bool InsideWindow(const LocalDateTime& t, const v1::FieldworkPlan& plan,
                  const BusinessCalendar& calendar) {
  return calendar.IsBusinessDay(t.date) && t.minute >= ParseHourMinute(plan.window_opens()) &&
         t.minute < ParseHourMinute(plan.window_closes());
}

}  // namespace

bool IsCountFlag(v1::ProtocolFlag flag) {
  return flag == v1::OBSERVER_REPEATS_COMPANY || flag == v1::OVER_QUOTA;
}

int PlannedContacts(const v1::FieldworkPlan& plan, v1::Channel channel) {
  for (const v1::ChannelQuota& q : plan.quotas()) {
    if (q.channel() == channel) return q.contacts();
  }
  return 0;
}

std::vector<v1::ProtocolFlag> ContactFlags(const v1::Observation& contact,
                                           const v1::FieldworkPlan& plan,
                                           const BusinessCalendar& calendar) {
  std::vector<v1::ProtocolFlag> flags;
  std::vector<LocalDateTime> starts;
  for (const v1::Attempt& a : contact.attempts()) starts.push_back(Start(a, calendar));
  bool outside = false;
  for (const LocalDateTime& t : starts) outside = outside || !InsideWindow(t, plan, calendar);
  if (outside) flags.push_back(v1::OUTSIDE_CONTACT_WINDOW);
  if (contact.channel() == v1::EMAIL && !starts.empty() &&
      starts[0].minute >= ParseHourMinute(plan.email_sent_before())) {
    flags.push_back(v1::EMAIL_SENT_AFTER_NOON);
  }
  if (plan.retry_on_another_day() && starts.size() >= 2 && starts[1].date == starts[0].date) {
    flags.push_back(v1::RETRY_SAME_DAY);
  }
  return flags;
}

std::vector<v1::ProtocolFlag> CountFlags(const v1::Observation& contact,
                                         const v1::FieldworkPlan& plan,
                                         const PriorContacts& prior) {
  std::vector<v1::ProtocolFlag> flags;
  if (prior.by_observer_at_company >= plan.max_contacts_per_observer_company()) {
    flags.push_back(v1::OBSERVER_REPEATS_COMPANY);
  }
  if (prior.at_company_on_channel >= PlannedContacts(plan, contact.channel())) {
    flags.push_back(v1::OVER_QUOTA);
  }
  return flags;
}

}  // namespace msc::scoring
