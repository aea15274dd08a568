// msc: the command line of the mystery-shopper observation capture system.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"

namespace {

using msc::cli::Command;

constexpr Command kCommands[] = {
    {"register", "import or export the register (industries, companies, observers, programs)",
     msc::cli::RunRegister},
    {"token", "create, list or revoke API tokens", msc::cli::RunToken},
    {"backup", "copy the database to a file while it is in use", msc::cli::RunBackup},
    {"migrate", "upgrade a database from an older msc to this build's schema",
     msc::cli::RunMigrate},
    {"submit", "send observations (JSON or protobuf) to the collector", msc::cli::RunSubmit},
    {"import", "send contacts from a CSV file to the collector", msc::cli::RunImport},
    {"review", "list submissions; approve, flag or reject them", msc::cli::RunReview},
    {"loadgen", "drive the collector with generated observations", msc::cli::RunLoadgen},
    {"award", "score a program and print or write the award report", msc::cli::RunAward},
    {"export", "write every observation of a program as CSV or JSON lines", msc::cli::RunExport},
    {"progress", "fieldwork progress against the program's plan", msc::cli::RunProgress},
    {"plan", "deal the plan's missing contacts to the observers; show the deal", msc::cli::RunPlan},
    {"demo", "submit a realistic generated program through the collector", msc::cli::RunDemo},
};

void PrintUsage(std::ostream& out) {
  out << "usage: msc [--db FILE] [--url URL] [--token TOKEN] COMMAND [ARGS...]\n\n"
         "Global options (before or after COMMAND):\n"
         "  --db FILE      work directly on this SQLite database file\n"
         "  --url URL      the collector's address (default http://127.0.0.1:8080)\n"
         "  --token TOKEN  API token for the collector (default: $MSC_TOKEN)\n\n"
         "Commands:\n";
  for (const Command& c : kCommands) {
    std::string name = c.name;
    name.resize(10, ' ');
    out << "  " << name << " " << c.summary << "\n";
  }
  out << "\nRun 'msc COMMAND --help' for a command's options.\n";
}

// Takes the global options out of argv wherever they stand; the rest goes to the
// subcommand. Returns false on a global option without its value.
bool ExtractGlobals(std::vector<std::string>& args, msc::cli::GlobalOptions& global) {
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string* target = nullptr;
    std::string_view name = a;
    std::string inline_value;
    bool has_inline = false;
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = std::string_view(a).substr(0, eq);
      inline_value = a.substr(eq + 1);
      has_inline = true;
    }
    if (name == "--db") target = &global.db;
    if (name == "--url") target = &global.url;
    if (name == "--token") target = &global.token;
    if (target == nullptr) {
      rest.push_back(a);
      continue;
    }
    if (has_inline) {
      *target = inline_value;
    } else if (i + 1 < args.size()) {
      *target = args[++i];
    } else {
      std::cerr << "msc: " << name << " needs a value\n";
      return false;
    }
  }
  args = std::move(rest);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  msc::cli::GlobalOptions global;
  if (const char* t = std::getenv("MSC_TOKEN")) global.token = t;
  global.url = "http://127.0.0.1:8080";
  if (!ExtractGlobals(args, global)) return 2;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintUsage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  for (const Command& c : kCommands) {
    if (args[0] == c.name) {
      args.erase(args.begin());
      return c.run(global, args);
    }
  }
  std::cerr << "msc: unknown command '" << args[0] << "'\n\n";
  PrintUsage(std::cerr);
  return 2;
}
