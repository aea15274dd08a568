#include "msc/proto/status.h"

namespace msc {

Status Status::Invalid(std::string field, std::string reason) {
  return Invalid(std::vector<FieldIssue>{{std::move(field), std::move(reason)}});
}

Status Status::Invalid(std::vector<FieldIssue> fields) {
  assert(!fields.empty());
  std::string message = fields.size() == 1 ? "invalid " + fields[0].field : "invalid input";
  return {StatusCode::kInvalidArgument, std::move(message), std::move(fields)};
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  if (fields_.empty()) return message_;
  std::string out;
  for (const FieldIssue& f : fields_) {
    if (!out.empty()) out += "; ";
    out += f.field.empty() ? f.reason : f.field + ": " + f.reason;
  }
  return out;
}

}  // namespace msc
