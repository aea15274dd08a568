#ifndef MSC_SCORING_PROTOCOL_H_
#define MSC_SCORING_PROTOCOL_H_

// The contact protocol of a program's fieldwork plan (scoring/README.md,
// "Fieldwork"): which of its rules a contact breaks. Pure: the contact, the plan and
// the business calendar in, the flags out. Flags never reject a contact.

#include <vector>

#include "msc/scoring/business_calendar.h"
#include "msc/v1/config.pb.h"
#include "msc/v1/observation.pb.h"

namespace msc::scoring {

// What the program held before this contact came: the contacts by the same observer
// at the same company, and the contacts at the same company on the same channel.
struct PriorContacts {
  int by_observer_at_company = 0;
  int at_company_on_channel = 0;
};

// The rules a contact breaks on its own, in flag order: OUTSIDE_CONTACT_WINDOW,
// EMAIL_SENT_AFTER_NOON, RETRY_SAME_DAY. The calendar gives the time zone and the
// business days, the plan the hours.
std::vector<v1::ProtocolFlag> ContactFlags(const v1::Observation& contact,
                                           const v1::FieldworkPlan& plan,
                                           const BusinessCalendar& calendar);

// The rules it breaks given what the program held before it, in flag order:
// OBSERVER_REPEATS_COMPANY, OVER_QUOTA.
std::vector<v1::ProtocolFlag> CountFlags(const v1::Observation& contact,
                                         const v1::FieldworkPlan& plan, const PriorContacts& prior);

// Whether a flag is one of CountFlags' (it depends on what was stored before).
bool IsCountFlag(v1::ProtocolFlag flag);

// The plan's contacts per company on a channel; 0 when it plans none.
int PlannedContacts(const v1::FieldworkPlan& plan, v1::Channel channel);

}  // namespace msc::scoring

#endif  // MSC_SCORING_PROTOCOL_H_
