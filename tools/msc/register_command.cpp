// msc register import FILE | export: the register as one JSON document
// (msc.v1.Register in protobuf's JSON mapping).
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "command.h"
#include "local_store.h"
#include "msc/proto/observer.h"
#include "msc/scoring/config.h"

namespace msc::cli {
namespace {

constexpr char kUsage[] =
    "usage: msc --db FILE register import REGISTER.json\n"
    "       msc --db FILE register export [--out FILE]\n\n"
    "import upserts industries, companies, observers and programs by id, all in one\n"
    "transaction: on any error nothing is imported. An observer without \"active\" is\n"
    "active; \"active\": false retires one. The file is an msc.v1.Register in\n"
    "protobuf's JSON mapping (lowerCamelCase or proto field names).\n";

Result<v1::Register> ParseRegisterJson(const std::string& text) {
  v1::Register reg;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(text, &reg, options);
  if (!status.ok()) return Status::Invalid("", std::string(status.message()));
  // A program's config is checked as it will be scored: over the defaults.
  std::vector<FieldIssue> issues;
  for (int i = 0; i < reg.programs_size(); ++i) {
    if (!reg.programs(i).has_config()) continue;
    auto effective = scoring::ApplyOverrides(scoring::DefaultConfig(), reg.programs(i).config());
    Status s = scoring::ValidateConfig(effective);
    for (const FieldIssue& f : s.field_errors())
      issues.push_back({"programs[" + std::to_string(i) + "].config." + f.field, f.reason});
  }
  if (!issues.empty()) return Status::Invalid(std::move(issues));
  return reg;
}

int Import(const GlobalOptions& global, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "msc: cannot read " << path << "\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto reg = ParseRegisterJson(text.str());
  if (!reg.ok()) return Fail(path, reg.status());
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadWrite);
  if (!store) return 1;
  if (Status s = store->ImportRegister(*reg, LocalActor()); !s.ok()) return Fail(path, s);
  std::vector<std::string> inactive;
  for (const v1::Observer& o : reg->observers())
    if (!IsActive(o)) inactive.push_back(o.id());
  std::cout << "imported " << reg->industries_size() << " industries, " << reg->companies_size()
            << " companies, " << reg->observers_size() << " observers (" << inactive.size()
            << " inactive), " << reg->programs_size() << " programs\n";
  if (!inactive.empty()) {
    std::cout << "inactive observers (their submissions are refused):";
    for (const std::string& id : inactive) std::cout << ' ' << id;
    std::cout << "\n";
  }
  return 0;
}

int Export(const GlobalOptions& global, const std::string& out_path) {
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadOnly);
  if (!store) return 1;
  auto reg = store->ExportRegister();
  if (!reg.ok()) return Fail("export", reg.status());
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  auto status = google::protobuf::util::MessageToJsonString(*reg, &json, options);
  if (!status.ok()) return Fail("export", Status::Internal(std::string(status.message())));
  if (out_path.empty()) {
    std::cout << json;
    return 0;
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!(out << json)) {
    std::cerr << "msc: cannot write " << out_path << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int RunRegister(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "import" && args.size() == 2) return Import(global, args[1]);
  if (args[0] == "export") {
    if (args.size() == 1) return Export(global, "");
    if (args.size() == 3 && args[1] == "--out") return Export(global, args[2]);
  }
  std::cerr << kUsage;
  return 2;
}

}  // namespace msc::cli
