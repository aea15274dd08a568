#include <google/protobuf/util/json_util.h>

#include <cassert>
#include <future>
#include <string_view>
#include <vector>

#include "msc/render/render.h"

namespace msc::render {
namespace {

// From this many companies on, the two halves print on two threads.
constexpr int kSplitFrom = 256;

std::string Print(const v1::AwardReport& report) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  // Zeros still show: every figure of the report has explicit presence (report.proto),
  // which is also far cheaper than always_print_primitive_fields on a large report.
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(report, &out, options);
  // Printing fails only for Any fields without a type resolver; the report has none.
  assert(status.ok());
  (void)status;
  return out;
}

// The pretty printer puts a top-level array's closing bracket alone on a line at an
// indent of one space; a newline inside a string is always escaped.
constexpr std::string_view kCompaniesOpen = "\n \"companies\": [\n";
constexpr std::string_view kTopLevelClose = "\n ]";

}  // namespace

// The companies are nearly all of a large report's text. The second half of them
// prints, as a report of its own, beside the rest; its array elements then go in
// where the first half's array closes. The result is byte for byte one Print of the
// whole report (tested).
std::string RenderJson(v1::AwardReport report) {
  std::string out;
  const int n = report.companies_size();
  if (n < kSplitFrom) {
    out = Print(report);
  } else {
    v1::AwardReport second;
    std::vector<v1::CompanyResult*> moved(static_cast<size_t>(n - n / 2));
    report.mutable_companies()->ExtractSubrange(n / 2, n - n / 2, moved.data());
    for (v1::CompanyResult* company : moved) second.mutable_companies()->AddAllocated(company);
    std::future<std::string> second_text = std::async(std::launch::async, Print, std::cref(second));
    out = Print(report);
    const std::string tail = second_text.get();
    const size_t open = out.find(kCompaniesOpen);
    const size_t close = out.find(kTopLevelClose, open + kCompaniesOpen.size());
    const size_t from = tail.find(kCompaniesOpen) + kCompaniesOpen.size();
    const size_t to = tail.find(kTopLevelClose, from);
    assert(open != std::string::npos && close != std::string::npos && to != std::string::npos);
    out.insert(close, ",\n" + tail.substr(from, to - from));
  }
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

}  // namespace msc::render
