// msc plan: deal the fieldwork plan's missing contacts to the observers, and show
// the deal with what is done.
#include <google/protobuf/util/json_util.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

#include "command.h"
#include "local_store.h"
#include "msc/collector/program_report.h"

namespace msc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "usage: msc --db FILE plan assign --program ID [--seed N] [--format table|json]\n"
    "       msc --db FILE plan show --program ID [--observer ID] [--format table|json]\n\n"
    "assign deals the contacts the program's fieldwork plan still misses to its active\n"
    "observers and stores the deal, replacing the one before: each company's contacts\n"
    "spread over as many observers as the plan's per-observer maximum allows, workloads\n"
    "within one contact of each other, channels mixed. The same seed on the same\n"
    "contacts deals the same; contacts already made (not rejected) stay with whoever\n"
    "made them, so re-running mid-fieldwork deals only what is missing. Over the API:\n"
    "POST /v1/programs/{id}/assignments.\n"
    "show prints the stored deal, with the assignments done since (a contact by the\n"
    "observer at the company on the channel, received after the deal); with --observer,\n"
    "that observer's list. json is msc.v1.AssignmentList in protobuf's JSON mapping.\n";

struct PlanOptions {
  std::string action, program, observer, format = "table";
  uint64_t seed = 1;
};

bool ParseOptions(const std::vector<std::string>& args, PlanOptions& o) {
  po::options_description options("plan");
  options.add_options()("action", po::value(&o.action)->required(), "assign or show")(
      "program", po::value(&o.program)->required(), "program id")(
      "observer", po::value(&o.observer), "one observer's assignments (show)")(
      "seed", po::value(&o.seed), "the deal's seed (assign; default 1)")(
      "format", po::value(&o.format), "table or json");
  po::positional_options_description positional;
  positional.add("action", 1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
    if (o.action != "assign" && o.action != "show")
      throw po::error("the action is assign or show, not '" + o.action + "'");
    if (o.action == "assign" && vm.count("observer"))
      throw po::error("--observer goes with show; assign deals to every active observer");
    if (o.action == "show" && vm.count("seed")) throw po::error("--seed goes with assign");
    if (o.format != "table" && o.format != "json")
      throw po::error("--format must be table or json, not '" + o.format + "'");
  } catch (const po::error& e) {
    std::cerr << "msc plan: " << e.what() << "\n\n" << kUsage;
    return false;
  }
  return true;
}

void PrintJson(const v1::AssignmentList& list) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  google::protobuf::util::MessageToJsonString(list, &json, options);
  std::cout << json;
}

// Per observer: assignments, done, and how many on each channel.
void PrintSummary(const v1::AssignmentList& list) {
  struct Row {
    int total = 0, done = 0;
    std::map<int, int> by_channel;
  };
  std::map<std::string, Row> rows;
  for (const v1::Assignment& a : list.assignments()) {
    Row& r = rows[a.observer_id()];
    ++r.total;
    r.done += a.done();
    ++r.by_channel[a.channel()];
  }
  std::printf("%-24s %8s %8s  %s\n", "observer", "assigned", "done", "channels");
  for (const auto& [observer, r] : rows) {
    std::string channels;
    for (const auto& [ch, n] : r.by_channel) {
      channels += (channels.empty() ? "" : ", ") + v1::Channel_Name(static_cast<v1::Channel>(ch)) +
                  " " + std::to_string(n);
    }
    std::printf("%-24.24s %8d %8d  %s\n", observer.c_str(), r.total, r.done, channels.c_str());
  }
}

void PrintList(const v1::AssignmentList& list) {
  std::printf("%-24s %-32s %-8s %s\n", "observer", "company", "channel", "done");
  for (const v1::Assignment& a : list.assignments()) {
    std::printf("%-24.24s %-32.32s %-8s %s\n", a.observer_id().c_str(),
                (a.company_name().empty() ? a.company_id() : a.company_name()).c_str(),
                v1::Channel_Name(a.channel()).c_str(), a.done() ? "yes" : "");
  }
}

void PrintTable(const v1::AssignmentList& list, bool one_observer) {
  if (!list.has_dealt_at()) {
    std::printf("program %s: no deal yet (msc plan assign)\n", list.program_id().c_str());
    return;
  }
  int done = 0;
  for (const v1::Assignment& a : list.assignments()) done += a.done();
  std::printf("program %s: %d contacts assigned (seed %llu, dealt by %s), %d done",
              list.program_id().c_str(), list.assignments_size(),
              static_cast<unsigned long long>(list.seed()), list.dealt_by().c_str(), done);
  if (list.undealt() > 0)
    std::printf("; %d missing contacts no active observer can take within the plan's maximum",
                list.undealt());
  std::printf("\n\n");
  one_observer ? PrintList(list) : PrintSummary(list);
}

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int RunPlan(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  PlanOptions o;
  if (!ParseOptions(args, o)) return 2;
  const bool assign = o.action == "assign";
  auto store = OpenLocalStore(
      global, assign ? storage::Store::Mode::kReadWrite : storage::Store::Mode::kReadOnly);
  if (!store) return 1;
  auto list = assign ? collector::DealAssignments(*store, o.program, o.seed, NowNs())
                     : collector::ReadAssignments(*store, o.program, o.observer);
  if (!list.ok()) return Fail("plan " + o.action, list.status());
  if (assign) {
    if (Status s = store->SaveAssignments(*list, LocalActor()); !s.ok())
      return Fail("plan assign", s);
    list->set_dealt_by(LocalActor());
  }
  o.format == "json" ? PrintJson(*list) : PrintTable(*list, !o.observer.empty());
  return std::cout.flush() ? 0 : 1;
}

}  // namespace msc::cli
