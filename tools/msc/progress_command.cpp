// msc progress: fieldwork progress against the program's plan, from one snapshot.
#include <google/protobuf/util/json_util.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "command.h"
#include "local_store.h"
#include "msc/collector/program_report.h"

namespace msc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "usage: msc --db FILE progress --program ID [--observer ID] [--format table|json]\n\n"
    "Planned, counted and missing contacts per company and channel against the\n"
    "program's fieldwork plan (its config's `fieldwork`), per observer the contacts done\n"
    "and flagged by the protocol, the share done, the pace over the last 10 business\n"
    "days and the date the plan completes at that pace. Counted: what the award counts.\n"
    "--observer counts that observer's contacts only. json is msc.v1.ProgramProgress in\n"
    "protobuf's JSON mapping (as GET /v1/programs/{id}/progress answers).\n";

struct ProgressOptions {
  std::string program, observer, format = "table";
};

bool ParseOptions(const std::vector<std::string>& args, ProgressOptions& o) {
  po::options_description options("progress");
  options.add_options()("program", po::value(&o.program)->required(), "program id")(
      "observer", po::value(&o.observer), "one observer's contacts only")(
      "format", po::value(&o.format), "table or json");
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc progress: " << e.what() << "\n\n" << kUsage;
    return false;
  }
  if (o.format != "table" && o.format != "json") {
    std::cerr << "msc progress: --format must be table or json, not '" << o.format << "'\n";
    return false;
  }
  return true;
}

std::string Cell(const v1::ChannelProgress& c) {
  char text[32];
  std::snprintf(text, sizeof text, "%d/%d", c.counted(), c.planned());
  return text;
}

void PrintTable(const v1::ProgramProgress& p) {
  std::printf(
      "program %s%s%s: %lld of %lld planned contacts counted, %.1f%% of the plan done, "
      "%lld missing\n",
      p.program_id().c_str(), p.observer_id().empty() ? "" : ", observer ", p.observer_id().c_str(),
      static_cast<long long>(p.counted()), static_cast<long long>(p.planned()),
      100 * p.share_done(), static_cast<long long>(p.missing()));
  std::printf("pace %.1f contacts per business day over the 10 up to %s; %s\n\n", p.daily_pace(),
              p.as_of_date().c_str(),
              p.completion_date().empty()
                  ? (p.missing() == 0 ? "the plan is complete" : "no completion date at this pace")
                  : ("the plan completes on " + p.completion_date()).c_str());
  std::printf("%-32s %-12s", "company", "industry");
  if (p.companies_size() > 0)
    for (const auto& c : p.companies(0).channels())
      std::printf(" %8s", v1::Channel_Name(c.channel()).c_str());
  std::printf(" %8s\n", "missing");
  for (const v1::CompanyProgress& c : p.companies()) {
    std::printf("%-32.32s %-12.12s", c.company_name().c_str(), c.industry_id().c_str());
    for (const auto& cell : c.channels()) std::printf(" %8s", Cell(cell).c_str());
    std::printf(" %8d\n", c.missing());
  }
  std::printf("\n%-32s %8s %8s\n", "observer", "done", "flagged");
  for (const v1::ObserverProgress& o : p.observers())
    std::printf("%-32.32s %8d %8d\n", (o.observer_id() + " " + o.name()).c_str(), o.done(),
                o.flagged());
}

}  // namespace

int RunProgress(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  ProgressOptions o;
  if (!ParseOptions(args, o)) return 2;
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadOnly);
  if (!store) return 1;
  const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto progress = collector::ProgramProgress(*store, o.program, o.observer, now);
  if (!progress.ok()) return Fail("progress", progress.status());
  if (o.format == "json") {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    google::protobuf::util::MessageToJsonString(*progress, &json, options);
    std::cout << json;
  } else {
    PrintTable(*progress);
  }
  return std::cout.flush() ? 0 : 1;
}

}  // namespace msc::cli
