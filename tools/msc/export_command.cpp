// msc export: every stored field of every observation of a program, streamed as CSV
// or JSON lines in constant memory.
#include <date/tz.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include "command.h"
#include "local_store.h"
#include "msc/client/contact_csv.h"
#include "msc/scoring/config.h"

namespace msc::cli {
namespace {

namespace po = boost::program_options;
using google::protobuf::util::TimeUtil;

constexpr char kUsage[] =
    "usage: msc --db FILE export --program ID [--state S ...] [--from DATE] [--to DATE]\n"
    "                      [--history] [--format csv|jsonl] [--out FILE]\n\n"
    "Writes every stored field of every observation of the program: one row per contact\n"
    "(attempts and ratings as columns, review state, note and reviewer), in the order\n"
    "received. A row is the contact's latest version, with its number, who stored it\n"
    "and when, and the SHA-256 of the program's scoring config it was captured under;\n"
    "--history adds each earlier version of a corrected contact before its latest\n"
    "(latest=false, no review columns). By default every state but REJECTED; --state\n"
    "(RECEIVED, APPROVED, HAS_ISSUES, REJECTED; repeatable) chooses. --from and --to are dates "
    "(YYYY-MM-DD,\n"
    "both included) of the first attempt in the program's time zone. csv is UTF-8 with\n"
    "a BOM, RFC 4180, as spreadsheets open it; jsonl is one msc.v1.StoredObservation\n"
    "per line in protobuf's JSON mapping.\n";

// Buffered output to stdout or a file; write errors are remembered, not lost.
class Sink {
 public:
  explicit Sink(FILE* f) : f_(f) { buffer_.reserve(kFlushAt + 4096); }
  void Write(std::string_view s) {
    buffer_.append(s);
    if (buffer_.size() >= kFlushAt) Flush();
  }
  bool Flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), f_) != buffer_.size())
      failed_ = true;
    buffer_.clear();
    return !failed_ && std::fflush(f_) == 0;
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  FILE* f_;
  std::string buffer_;
  bool failed_ = false;
};

void AppendCsvField(std::string& line, std::string_view value) {
  if (!line.empty() && line.back() != '\n') line += ',';
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    line += value;
    return;
  }
  line += '"';
  for (char c : value) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

// Seconds with up to nine decimals, trailing zeros dropped: exact, not rounded.
std::string Seconds(const google::protobuf::Duration& d) {
  int64_t ns = TimeUtil::DurationToNanoseconds(d);
  char text[40];
  int n = std::snprintf(text, sizeof text, "%s%lld.%09lld", ns < 0 ? "-" : "",
                        static_cast<long long>(std::abs(ns) / 1000000000),
                        static_cast<long long>(std::abs(ns) % 1000000000));
  std::string out(text, static_cast<size_t>(n));
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

class CsvWriter {
 public:
  CsvWriter(Sink& sink, const v1::ScoringConfig& config) : sink_(sink) {
    for (const auto& c : config.criteria()) criteria_.push_back(c.id());
  }

  void Header() {
    std::string line;
    for (const char* h : {"submission_id", "program_id", "company_id", "observer_id", "channel",
                          "scenario", "attempt1_started_at", "attempt1_wait_s", "attempt1_answered",
                          "attempt2_started_at", "attempt2_wait_s", "attempt2_answered"})
      AppendCsvField(line, h);
    // Columns msc import reads back (a criterion outside the defaults as rating.ID).
    for (const auto& id : criteria_) AppendCsvField(line, client::RatingColumn(id));
    for (const char* h : {"other_ratings", "upsell", "redirected", "comment", "received_at",
                          "review_state", "review_note", "reviewed_by", "version", "latest",
                          "config_sha256", "version_made_at", "version_made_by"})
      AppendCsvField(line, h);
    sink_.Write("\xEF\xBB\xBF");  // BOM: spreadsheets then read the file as UTF-8
    sink_.Write(line + "\r\n");
  }

  void Row(const v1::StoredObservation& s) {
    const v1::Observation& o = s.observation();
    line_.clear();
    for (const std::string* f :
         {&o.submission_id(), &o.program_id(), &o.company_id(), &o.observer_id()})
      AppendCsvField(line_, *f);
    AppendCsvField(line_, v1::Channel_Name(o.channel()));
    AppendCsvField(line_, o.scenario());
    for (int i = 0; i < 2; ++i) {
      if (i < o.attempts_size()) {
        const v1::Attempt& a = o.attempts(i);
        AppendCsvField(line_, TimeUtil::ToString(a.started_at()));
        AppendCsvField(line_, Seconds(a.wait()));
        AppendCsvField(line_, a.answered() ? "true" : "false");
      } else {
        for (int k = 0; k < 3; ++k) AppendCsvField(line_, "");
      }
    }
    std::string other;
    for (const auto& id : criteria_) {
      auto it = o.ratings().find(id);
      AppendCsvField(line_, it == o.ratings().end() ? "" : std::to_string(it->second));
    }
    std::map<std::string, int32_t> sorted(o.ratings().begin(), o.ratings().end());
    for (const auto& [id, value] : sorted) {
      if (std::find(criteria_.begin(), criteria_.end(), id) != criteria_.end()) continue;
      other += (other.empty() ? "" : ";") + id + "=" + std::to_string(value);
    }
    AppendCsvField(line_, other);
    AppendCsvField(line_, o.upsell() == v1::UPSELL_UNSPECIFIED ? "" : v1::Upsell_Name(o.upsell()));
    AppendCsvField(line_, o.redirected() ? "true" : "false");
    AppendCsvField(line_, o.comment());
    AppendCsvField(line_, TimeUtil::ToString(s.received_at()));
    // An earlier version (--history) has no review of its own: its state is unspecified.
    const bool latest = s.review_state() != v1::REVIEW_STATE_UNSPECIFIED;
    AppendCsvField(line_, latest ? v1::ReviewState_Name(s.review_state()) : "");
    AppendCsvField(line_, s.review_note());
    AppendCsvField(line_, s.reviewed_by());
    AppendCsvField(line_, std::to_string(s.version()));
    AppendCsvField(line_, latest ? "true" : "false");
    AppendCsvField(line_, s.config_sha256());
    AppendCsvField(line_, TimeUtil::ToString(s.version_made_at()));
    AppendCsvField(line_, s.version_made_by());
    line_ += "\r\n";
    sink_.Write(line_);
  }

 private:
  Sink& sink_;
  std::vector<std::string> criteria_;
  std::string line_;
};

struct ExportOptions {
  std::string program, from, to, format = "csv", out;
  std::vector<std::string> states;
  bool history = false;
};

// The instant a local date begins in the program's time zone.
Result<int64_t> LocalMidnightNs(const std::string& text, const std::string& zone, int add_days,
                                const char* option) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d-%u-%u%c", &y, &m, &d, &tail) != 3)
    return Status::Invalid(option, "'" + text + "' is not a date YYYY-MM-DD");
  date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return Status::Invalid(option, "'" + text + "' is not a calendar date");
  try {
    auto local = date::local_days{ymd} + date::days{add_days};
    auto zoned = date::make_zoned(date::locate_zone(zone), local, date::choose::earliest);
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               zoned.get_sys_time().time_since_epoch())
        .count();
  } catch (const std::exception& e) {
    return Status::Invalid("calendar.time_zone", e.what());
  }
}

Result<storage::ExportQuery> BuildQuery(const ExportOptions& o, const v1::ScoringConfig& config) {
  storage::ExportQuery q;
  q.program_id = o.program;
  q.with_history = o.history;
  for (const auto& name : o.states) {
    v1::ReviewState state;
    if (!v1::ReviewState_Parse(name, &state) || state == v1::REVIEW_STATE_UNSPECIFIED)
      return Status::Invalid("--state",
                             "'" + name + "' is not RECEIVED, APPROVED, HAS_ISSUES or REJECTED");
    q.states.push_back(state);
  }
  const std::string& zone = config.calendar().time_zone();
  if (!o.from.empty()) {
    auto from = LocalMidnightNs(o.from, zone, 0, "--from");
    if (!from.ok()) return from.status();
    q.from_ns = *from;
  }
  if (!o.to.empty()) {
    auto to = LocalMidnightNs(o.to, zone, 1, "--to");  // the whole --to day is included
    if (!to.ok()) return to.status();
    q.to_ns = *to;
  }
  return q;
}

bool ParseOptions(const std::vector<std::string>& args, ExportOptions& o) {
  po::options_description options("export");
  options.add_options()("program", po::value(&o.program)->required(), "program id")(
      "state", po::value(&o.states)->composing(), "review state (repeatable)")(
      "from", po::value(&o.from), "first date")("to", po::value(&o.to), "last date")(
      "format", po::value(&o.format), "csv or jsonl")("out", po::value(&o.out), "output file")(
      "history", po::bool_switch(&o.history), "every earlier version too");
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc export: " << e.what() << "\n\n" << kUsage;
    return false;
  }
  if (o.format != "csv" && o.format != "jsonl") {
    std::cerr << "msc export: --format must be csv or jsonl, not '" << o.format << "'\n";
    return false;
  }
  return true;
}

}  // namespace

int RunExport(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  ExportOptions o;
  if (!ParseOptions(args, o)) return 2;
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadOnly);
  if (!store) return 1;
  auto program = store->GetProgram(o.program);
  if (!program.ok()) return Fail("export", program.status());
  v1::ScoringConfig config = scoring::EffectiveConfig(*program);
  auto query = BuildQuery(o, config);
  if (!query.ok()) return Fail("export", query.status());

  std::unique_ptr<FILE, int (*)(FILE*)> file(nullptr, &std::fclose);
  if (!o.out.empty()) {
    file.reset(std::fopen(o.out.c_str(), "wb"));
    if (!file) {
      std::cerr << "msc export: cannot write " << o.out << "\n";
      return 1;
    }
  }
  Sink sink(file ? file.get() : stdout);
  CsvWriter csv(sink, config);
  google::protobuf::util::JsonPrintOptions json_options;
  std::string json;
  int64_t rows = 0;
  if (o.format == "csv") csv.Header();
  Status s = store->ExportObservations(*query, [&](const v1::StoredObservation& stored) {
    ++rows;
    if (o.format == "csv") return csv.Row(stored);
    json.clear();
    google::protobuf::util::MessageToJsonString(stored, &json, json_options);
    json += '\n';
    sink.Write(json);
  });
  if (!s.ok()) return Fail("export", s);
  if (!sink.Flush()) {
    std::cerr << "msc export: writing failed after " << rows << " rows\n";
    return 1;
  }
  std::cerr << "exported " << rows << " observations\n";
  return 0;
}

}  // namespace msc::cli
