#ifndef MSC_TESTS_SCORING_SCORED_H_
#define MSC_TESTS_SCORING_SCORED_H_

// Scoring an input in a test, and finding things in the report.

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <catch2/catch.hpp>

#include <string>

#include "msc/scoring/score.h"

namespace msc::scoring::testing {

inline v1::AwardReport MustScore(const Input& input) {
  Result<v1::AwardReport> report = Score(input);
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  return std::move(report).value();
}

inline const v1::CompanyResult& CompanyOf(const v1::AwardReport& report, const std::string& id) {
  for (const v1::CompanyResult& c : report.companies()) {
    if (c.company_id() == id) return c;
  }
  FAIL("no company " << id);
  return report.companies(0);
}

inline const v1::IndustryResult& IndustryOf(const v1::AwardReport& report, const std::string& id) {
  for (const v1::IndustryResult& i : report.industries()) {
    if (i.industry_id() == id) return i;
  }
  FAIL("no industry " << id);
  return report.industries(0);
}

// The report's deterministic serialization: equal bytes, equal reports.
inline std::string Bytes(const v1::AwardReport& report) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  report.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

}  // namespace msc::scoring::testing

#endif  // MSC_TESTS_SCORING_SCORED_H_
