// msc award: scores a program from one consistent snapshot and renders the report.
#include <fcntl.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "command.h"
#include "local_store.h"
#include "msc/collector/program_report.h"
#include "msc/render/render.h"
#include "msc/scoring/compare.h"
#include "msc/scoring/config.h"

namespace msc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "usage: msc --db FILE award --program ID [--config FILE.textproto]\n"
    "                     [--compare PROGRAM_ID] [--format table|json|csv|html|xlsx]\n"
    "                     [--out PATH]\n"
    "                     [--csv-dialect en|nb] [--no-color]\n\n"
    "Scores the program's counted contacts (METHODOLOGY.md) and prints the award report.\n"
    "--config overrides the program's scoring config with what the file sets (an\n"
    "msc.v1.ScoringConfig in protobuf text format). table, json, html and xlsx (an Excel\n"
    "workbook) go to stdout unless --out names a file; xlsx is never written to a\n"
    "terminal. csv writes one file per table into the --out directory, with ',' and '.'\n"
    "(--csv-dialect en, the default) or ';' and ',' (nb: what Excel in Norwegian opens).\n"
    "--compare adds year over year: another program of the same database, scored with its\n"
    "own config (--config applies to --program only), gives each company and industry\n"
    "present in both its previous index and rank and the change with its 95% interval,\n"
    "the largest gains and falls, and every config or scoring-version difference\n"
    "(scoring/README.md \"Year over year\").\n";

struct AwardOptions {
  std::string program, config_path, compare, format = "table", out, csv_dialect;
  bool no_color = false;
};

// Whether the output goes to a terminal: stdout without --out, or a --out naming one.
bool IsTerminal(const std::string& out) {
  if (out.empty()) return isatty(STDOUT_FILENO);
  std::error_code ec;
  if (!std::filesystem::is_character_file(out, ec)) return false;
  const int fd = open(out.c_str(), O_WRONLY | O_NOCTTY);
  if (fd < 0) return false;
  const bool terminal = isatty(fd);
  close(fd);
  return terminal;
}

bool ParseOptions(const std::vector<std::string>& args, AwardOptions& o) {
  po::options_description options("award");
  options.add_options()("program", po::value(&o.program)->required(), "program id")(
      "config", po::value(&o.config_path), "config overrides (text format)")(
      "compare", po::value(&o.compare), "the program to compare with")(
      "format", po::value(&o.format), "table, json, csv, html or xlsx")(
      "out", po::value(&o.out), "output file (csv: directory)")(
      "csv-dialect", po::value(&o.csv_dialect), "en or nb")(
      "no-color", po::bool_switch(&o.no_color), "no ANSI colours in the table");
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc award: " << e.what() << "\n\n" << kUsage;
    return false;
  }
  if (o.format != "table" && o.format != "json" && o.format != "csv" && o.format != "html" &&
      o.format != "xlsx") {
    std::cerr << "msc award: --format must be table, json, csv, html or xlsx, not '" << o.format
              << "'\n";
    return false;
  }
  if (o.compare == o.program) {
    std::cerr << "msc award: --compare names the program itself ('" << o.compare
              << "'): compare with another program, e.g. last year's\n";
    return false;
  }
  if (o.format == "csv" && o.out.empty()) {
    std::cerr << "msc award: --format csv needs --out DIR for its files\n";
    return false;
  }
  if (!o.csv_dialect.empty() && o.format != "csv") {
    std::cerr << "msc award: --csv-dialect is for --format csv\n";
    return false;
  }
  if (!o.csv_dialect.empty() && o.csv_dialect != "en" && o.csv_dialect != "nb") {
    std::cerr << "msc award: --csv-dialect must be en or nb, not '" << o.csv_dialect << "'\n";
    return false;
  }
  if (o.format == "xlsx" && IsTerminal(o.out)) {
    std::cerr << "msc award: an xlsx workbook is binary and not for a terminal: name its file "
                 "with --out FILE.xlsx, or redirect stdout\n";
    return false;
  }
  return true;
}

Result<v1::ScoringConfig> ReadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("--config", "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto config = scoring::ParseConfigText(text.str());
  if (!config.ok()) return Status::Invalid(path, config.status().ToString());
  return config;
}

// The report of `program`, compared with `compare_id` when that is given: each program
// scored from its own snapshot with its own config (the overrides are for `program`).
Result<v1::AwardReport> ScoreAndCompare(storage::Store& store, const std::string& program,
                                        const v1::ScoringConfig* overrides,
                                        const std::string& compare_id) {
  auto input = collector::LoadScoringInput(store, program, overrides);
  if (!input.ok()) return input.status();
  auto report = scoring::Score(*input);
  if (!report.ok() || compare_id.empty()) return report;
  // One program's contacts in memory at a time.
  const v1::Program current = input->program;
  { scoring::Input done = std::move(*input); }
  auto previous_input = collector::LoadScoringInput(store, compare_id);
  if (!previous_input.ok()) {
    const Status& s = previous_input.status();
    return Status(s.code(), "--compare " + compare_id + ": " + s.ToString());
  }
  auto previous = scoring::Score(*previous_input);
  if (!previous.ok()) return previous.status();
  Status s = scoring::Compare(*report, *previous, {current, previous_input->program});
  if (!s.ok()) return Status(s.code(), "--compare " + compare_id + ": " + s.ToString());
  return report;
}

int Emit(const std::string& text, const std::string& out) {
  if (out.empty()) {
    std::cout << text;
    return std::cout.flush() ? 0 : 1;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  if (!(file << text) || !file.flush()) {
    std::cerr << "msc award: cannot write " << out << "\n";
    return 1;
  }
  std::cerr << "wrote " << out << "\n";
  return 0;
}

}  // namespace

int RunAward(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  AwardOptions o;
  if (!ParseOptions(args, o)) return 2;
  std::optional<v1::ScoringConfig> overrides;
  if (!o.config_path.empty()) {
    auto config = ReadConfigFile(o.config_path);
    if (!config.ok()) return Fail("award", config.status());
    overrides = std::move(*config);
  }
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadOnly);
  if (!store) return 1;
  // Without --compare the award is exactly what it was: ScoreProgram, nothing more.
  auto report =
      o.compare.empty()
          ? collector::ScoreProgram(*store, o.program, overrides ? &*overrides : nullptr)
          : ScoreAndCompare(*store, o.program, overrides ? &*overrides : nullptr, o.compare);
  if (!report.ok()) return Fail("award", report.status());
  if (o.format == "json") return Emit(render::RenderJson(std::move(*report)), o.out);
  if (o.format == "html") return Emit(render::RenderHtml(*report), o.out);
  if (o.format == "xlsx") {
    auto workbook = render::RenderXlsx(*report);
    if (!workbook.ok()) return Fail("award", workbook.status());
    return Emit(*workbook, o.out);
  }
  if (o.format == "csv") {
    const render::CsvOptions csv{o.csv_dialect == "nb" ? render::CsvDialect::kNorwegian
                                                       : render::CsvDialect::kDefault};
    if (Status s = render::WriteCsvDirectory(*report, o.out, csv); !s.ok()) {
      return Fail("award", s);
    }
    std::cerr << "wrote CSV files to " << o.out << "\n";
    return 0;
  }
  bool color = !o.no_color && o.out.empty() && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  return Emit(render::RenderTable(*report, {.color = color}), o.out);
}

}  // namespace msc::cli
