// msc import FILE.csv: contacts from a spreadsheet to the collector, in batches.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "command.h"
#include "msc/client/api_client.h"
#include "msc/client/contact_csv.h"
#include "msc/client/contact_import.h"

namespace msc::cli {
namespace {

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

constexpr char kUsage[] =
    "usage: msc [--url URL] [--token TOKEN] import FILE.csv [--batch N] [--dry-run]\n\n"
    "Sends one contact per CSV row to the collector (POST /v1/observations:batch).\n"
    "Rows that do not parse, and rows the collector rejects, are reported on stderr\n"
    "as 'line N: column: reason'; every other row is stored. Each row has a stable\n"
    "id, so running the same import again (say after a network failure) stores\n"
    "nothing twice: stored rows come back as duplicates.\n\n"
    "Options:\n"
    "  --batch N   rows per request (default 100)\n"
    "  --dry-run   parse and report bad rows only; send nothing\n\n";

constexpr char kExit[] =
    "\nExit status: 0 every row stored (or stored before), 1 any row unparsable or\n"
    "rejected, or the import stopped early; 2 usage.\n";

// One line, rewritten in place, when stderr is a terminal; a log file gets none.
class ProgressLine {
 public:
  ProgressLine() : enabled_(isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}

  void Update(const client::ImportTotals& t) {
    if (!enabled_) return;
    Clock::time_point now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr,
                 "\r%lld sent: %lld accepted, %lld duplicate, %lld rejected  (%.0f rows/s) ",
                 static_cast<long long>(t.sent), static_cast<long long>(t.accepted),
                 static_cast<long long>(t.duplicate), static_cast<long long>(t.rejected),
                 seconds > 0 ? static_cast<double>(t.sent) / seconds : 0.0);
    shown_ = true;
  }
  void Clear() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_;
  Clock::time_point last_{};
};

}  // namespace

int RunImport(const GlobalOptions& global, const std::vector<std::string>& args) {
  std::string path;
  client::ImportOptions options;
  po::options_description flags;
  flags.add_options()("help,h", "")("batch", po::value(&options.batch_size))("dry-run", "")(
      "file", po::value(&path));
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(flags).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc import: " << e.what() << "\n\n" << kUsage;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << kUsage << client::kContactColumns << kExit;
    return 0;
  }
  if (path.empty() || options.batch_size < 1 || options.batch_size > 1000) {
    std::cerr << (path.empty() ? "msc import: FILE.csv is missing\n\n"
                               : "msc import: --batch must be 1..1000\n\n")
              << kUsage;
    return 2;
  }
  options.dry_run = vm.count("dry-run") > 0;

  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "msc import: cannot read " << path << "\n";
    return 1;
  }
  auto url = client::ParseUrl(global.url);
  if (!url.ok()) {
    std::cerr << "msc import: " << url.status().ToString() << "\n";
    return 2;
  }
  client::ApiClient api(*url, client::CommandLineOptions(global.token));

  ProgressLine progress;
  auto outcome = client::ImportContacts(in, options.dry_run ? nullptr : &api, options, std::cerr,
                                        [&](const client::ImportTotals& t) { progress.Update(t); });
  progress.Clear();
  const client::ImportTotals& t = outcome.totals;
  if (options.dry_run) {
    std::cout << path << ": " << t.rows << " rows, " << t.unparsable
              << " unparsable (dry run: nothing sent)\n";
  } else {
    std::cout << path << ": " << t.rows << " rows: " << t.accepted << " accepted, " << t.duplicate
              << " duplicate (stored before), " << t.rejected << " rejected, " << t.unparsable
              << " unparsable";
    if (t.earlier_versions > 0)
      std::cout << ", " << t.earlier_versions << " earlier versions skipped";
    if (progress.seconds() >= 1) {
      std::printf(" in %.1f s (%.0f rows/s)", progress.seconds(),
                  static_cast<double>(t.sent) / progress.seconds());
    }
    std::cout << "\n";
  }
  if (!outcome.status.ok()) {
    std::cerr << "msc import: " << path << ": stopped: " << outcome.status.ToString() << "\n";
    if (t.sent > 0) std::cerr << "msc import: run the same import again to finish it\n";
    return 1;
  }
  return t.rejected > 0 || t.unparsable > 0 ? 1 : 0;
}

}  // namespace msc::cli
