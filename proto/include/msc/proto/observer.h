#ifndef MSC_PROTO_OBSERVER_H_
#define MSC_PROTO_OBSERVER_H_

#include "msc/v1/register.pb.h"

namespace msc {

// Whether an observer may submit: "active" absent counts as active, so a register
// file that leaves the field out locks nobody out.
inline bool IsActive(const v1::Observer& o) { return !o.has_active() || o.active(); }

}  // namespace msc

#endif  // MSC_PROTO_OBSERVER_H_
