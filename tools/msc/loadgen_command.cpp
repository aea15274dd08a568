// msc loadgen: drives the collector with valid observations to measure it.
#include <google/protobuf/util/time_util.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "command.h"
#include "msc/client/api_client.h"
#include "msc/client/loadgen.h"
#include "msc/proto/observer.h"

namespace msc::cli {
namespace {

namespace po = boost::program_options;
using google::protobuf::util::TimeUtil;

constexpr char kUsage[] =
    "usage: msc [--url URL] [--token ADMIN_TOKEN] loadgen [--connections N] [--duration S]\n"
    "           [--batch N] [--rate R] [--threads T] [--program ID ...] [--format text|tsv]\n\n"
    "Sends valid observations with random ids (protobuf bodies) over keep-alive\n"
    "connections and reports throughput and latency. Every observation is stored: use\n"
    "a scratch database. Needs an admin token (it reads the register to build valid\n"
    "observations, and submits for its observers).\n\n"
    "Options:\n"
    "  --connections N  concurrent connections (default 32)\n"
    "  --duration S     seconds to run (default 10)\n"
    "  --batch N        observations per request: 1 posts /v1/observations, more post\n"
    "                   /v1/observations:batch (default 1)\n"
    "  --rate R         requests per second over all connections, for latency at a\n"
    "                   fixed load (open loop; latency counts from when a request was\n"
    "                   due). 0 = each connection sends as soon as it has its ack\n"
    "                   (closed loop, for throughput). Default 0\n"
    "  --threads T      client io threads (default 1)\n"
    "  --program ID     programs to submit to (repeatable; default all)\n"
    "  --format F       text (default) or tsv: a header line and one line of figures\n";

// Observations over every chosen program, company, channel and active observer,
// each started inside its program's period and answered, with ratings that apply.
Result<std::vector<v1::Observation>> Templates(const v1::Register& reg,
                                               const std::vector<std::string>& programs) {
  std::vector<const v1::Program*> chosen;
  for (const v1::Program& p : reg.programs()) {
    if (programs.empty() || std::find(programs.begin(), programs.end(), p.id()) != programs.end()) {
      chosen.push_back(&p);
    }
  }
  std::vector<const v1::Observer*> observers;
  for (const v1::Observer& o : reg.observers()) {
    if (IsActive(o)) observers.push_back(&o);
  }
  if (chosen.empty()) return Status::Invalid("--program", "no such program in the register");
  if (reg.companies_size() == 0 || observers.empty()) {
    return Status::Invalid("register", "needs at least one company and one active observer");
  }
  const v1::Channel channels[] = {v1::PHONE, v1::CHAT, v1::EMAIL};
  std::vector<v1::Observation> out;
  for (int i = 0; i < 256; ++i) {
    const v1::Program& p = *chosen[i % chosen.size()];
    int64_t start = TimeUtil::TimestampToSeconds(p.period_start());
    int64_t span = TimeUtil::TimestampToSeconds(p.period_end()) - start;
    if (span <= 0) return Status::Invalid("program " + p.id(), "its period is empty");
    v1::Observation o;
    o.set_program_id(p.id());
    o.set_company_id(reg.companies(i % reg.companies_size()).id());
    o.set_observer_id(observers[i % observers.size()]->id());
    o.set_channel(channels[i % 3]);
    o.set_scenario("new-customer-mobile");
    v1::Attempt* a = o.add_attempts();
    *a->mutable_started_at() = TimeUtil::SecondsToTimestamp(start + (i * 7919LL) % span);
    *a->mutable_wait() = TimeUtil::SecondsToDuration(o.channel() == v1::EMAIL ? 7200 : 30 + i);
    a->set_answered(true);
    auto& ratings = *o.mutable_ratings();
    for (const char* c : {"welcome", "understood_need", "engaged", "competent", "solution",
                          "efficiency", "overall"}) {
      ratings[c] = 1 + (i + static_cast<int>(std::string_view(c).size())) % 6;
    }
    if (o.channel() != v1::PHONE) ratings["written_language"] = 5;
    o.set_upsell(v1::NEEDS_BASED);
    o.set_comment("Hyggelig og kunnskapsrik, fant en løsning på første forsøk.");
    out.push_back(std::move(o));
  }
  return out;
}

void PrintReport(const client::LoadOptions& o, const client::LoadReport& r, bool tsv) {
  double secs = r.seconds > 0 ? r.seconds : 1;
  if (tsv) {
    std::printf(
        "connections\tbatch\trate\tseconds\trequests_per_s\tobservations_per_s\tp50_ms\tp90_ms"
        "\tp99_ms\tmax_ms\trejected\thttp_errors\tnetwork_errors\n");
    std::printf("%d\t%d\t%.0f\t%.2f\t%.0f\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%llu\t%llu\t%llu\n",
                o.connections, o.batch, o.rate, r.seconds, r.requests / secs, r.observations / secs,
                r.p50_us / 1000, r.p90_us / 1000, r.p99_us / 1000, r.max_us / 1000,
                static_cast<unsigned long long>(r.rejected),
                static_cast<unsigned long long>(r.http_errors),
                static_cast<unsigned long long>(r.network_errors));
    return;
  }
  std::printf("%d connections, batch %d, %s, %.1f s\n", o.connections, o.batch,
              o.rate > 0
                  ? ("open loop at " + std::to_string(static_cast<long>(o.rate)) + "/s").c_str()
                  : "closed loop",
              r.seconds);
  std::printf("  submissions/s   %10.0f\n", r.requests / secs);
  std::printf("  observations/s  %10.0f\n", r.observations / secs);
  std::printf("  latency ms      p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", r.p50_us / 1000,
              r.p90_us / 1000, r.p99_us / 1000, r.max_us / 1000);
  std::printf("  errors          %llu rejected observations, %llu HTTP errors, %llu network\n",
              static_cast<unsigned long long>(r.rejected),
              static_cast<unsigned long long>(r.http_errors),
              static_cast<unsigned long long>(r.network_errors));
  for (auto [status, n] : r.statuses) {
    if (status != 200)
      std::printf("  HTTP %u         %llu\n", status, static_cast<unsigned long long>(n));
  }
}

}  // namespace

int RunLoadgen(const GlobalOptions& global, const std::vector<std::string>& args) {
  client::LoadOptions o;
  double duration_s = 10;
  std::vector<std::string> programs;
  std::string format = "text";
  po::options_description flags;
  flags.add_options()("help,h", "")("connections", po::value(&o.connections))(
      "duration", po::value(&duration_s))("batch", po::value(&o.batch))("rate", po::value(&o.rate))(
      "threads", po::value(&o.threads))("program", po::value(&programs)->composing())(
      "format", po::value(&format));
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(flags).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc loadgen: " << e.what() << "\n\n" << kUsage;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (o.connections < 1 || o.batch < 1 || o.batch > 1000 || o.rate < 0 || duration_s <= 0 ||
      o.threads < 1 || (format != "text" && format != "tsv")) {
    std::cerr << "msc loadgen: --connections and --threads must be >= 1, --batch 1..1000,\n"
                 "--rate >= 0, --duration > 0, --format text or tsv\n";
    return 2;
  }
  o.duration = std::chrono::milliseconds(static_cast<int64_t>(duration_s * 1000));
  auto url = client::ParseUrl(global.url);
  if (!url.ok()) {
    std::cerr << "msc loadgen: " << url.status().ToString() << "\n";
    return 2;
  }
  o.url = *url;
  o.token = global.token;

  client::ApiClient api(*url, client::CommandLineOptions(global.token));
  auto reg = api.GetRegister();
  if (!reg.ok()) {
    std::cerr << "msc loadgen: reading the register: " << reg.status().ToString() << "\n";
    return 1;
  }
  auto templates = Templates(*reg, programs);
  if (!templates.ok()) {
    std::cerr << "msc loadgen: " << templates.status().ToString() << "\n";
    return 1;
  }
  o.templates = std::move(*templates);
  auto report = client::RunLoad(o);
  if (!report.ok()) {
    std::cerr << "msc loadgen: " << report.status().ToString() << "\n";
    return 1;
  }
  PrintReport(o, *report, format == "tsv");
  return report->requests == 0 ? 1 : 0;
}

}  // namespace msc::cli
