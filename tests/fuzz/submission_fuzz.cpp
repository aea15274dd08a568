// libFuzzer target: a submission body on its way through the collector, as
// Api::Submit and Api::SubmitBatch take it: Decode (JSON and protobuf), Validate
// against the sample register, Encode of the answer. Each input is tried as both
// formats and as both messages; most inputs fail the other format's parser at once.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codec.h"
#include "msc/collector/validation.h"
#include "msc/v1/api.pb.h"
#include "../support/sample.h"

namespace {

using msc::collector::Format;

const msc::collector::RegisterView& Register() {
  // Leaked on purpose: it lives as long as the fuzzing process.
  static const auto* view = new msc::collector::RegisterView(
      msc::collector::RegisterView::FromRegister(msc::testing::SampleRegister()));
  return *view;
}

void Check(const msc::v1::Observation& obs, Format format) {
  auto issues = msc::collector::Validate(obs, Register());
  (void)msc::collector::IsUuid(obs.submission_id());
  // The answer to a submission carries its id back: it must encode whatever it is.
  msc::v1::SubmitResult result;
  result.set_submission_id(obs.submission_id());
  for (const auto& issue : issues) {
    auto* e = result.add_errors();
    e->set_field(issue.field);
    e->set_reason(issue.reason);
  }
  (void)msc::collector::Encode(result, format);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  for (Format format : {Format::kJson, Format::kProtobuf}) {
    msc::v1::Observation obs;
    if (msc::collector::Decode(body, format, &obs).ok()) Check(obs, format);
    msc::v1::BatchSubmitRequest batch;
    if (msc::collector::Decode(body, format, &batch).ok()) {
      for (const auto& item : batch.observations()) Check(item, format);
    }
  }
  return 0;
}
