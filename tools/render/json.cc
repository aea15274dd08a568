#include <google/protobuf/util/json_util.h>

#include <cassert>

#include "msc/render/render.h"

namespace msc::render {

std::string RenderJson(const v1::AwardReport& report) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  // Zeros still show: every figure of the report has explicit presence (report.proto),
  // which is also far cheaper than always_print_primitive_fields on a large report.
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(report, &out, options);
  // Printing fails only for Any fields without a type resolver; the report has none.
  assert(status.ok());
  (void)status;
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

}  // namespace msc::render
