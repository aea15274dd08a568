#ifndef MSC_TOOLS_MSC_COMMAND_H_
#define MSC_TOOLS_MSC_COMMAND_H_

// The `msc` command line: one function per subcommand, dispatched by main.cpp.

#include <string>
#include <vector>

namespace msc::cli {

// Options that every subcommand may use; given before or after the subcommand.
struct GlobalOptions {
  std::string db;     // --db FILE: work directly on a database file
  std::string url;    // --url URL: the collector (default http://127.0.0.1:8080)
  std::string token;  // --token TOKEN or $MSC_TOKEN
};

// Each returns the process exit status: 0 ok, 1 failure, 2 usage error.
using CommandFn = int (*)(const GlobalOptions& global, const std::vector<std::string>& args);

struct Command {
  const char* name;
  const char* summary;
  CommandFn run;
};

// Implemented in <name>_command.cpp files.
int RunRegister(const GlobalOptions& global, const std::vector<std::string>& args);
int RunToken(const GlobalOptions& global, const std::vector<std::string>& args);
int RunBackup(const GlobalOptions& global, const std::vector<std::string>& args);
int RunMigrate(const GlobalOptions& global, const std::vector<std::string>& args);
int RunSubmit(const GlobalOptions& global, const std::vector<std::string>& args);
int RunImport(const GlobalOptions& global, const std::vector<std::string>& args);
int RunReview(const GlobalOptions& global, const std::vector<std::string>& args);
int RunLoadgen(const GlobalOptions& global, const std::vector<std::string>& args);
int RunAward(const GlobalOptions& global, const std::vector<std::string>& args);
int RunExport(const GlobalOptions& global, const std::vector<std::string>& args);
int RunDemo(const GlobalOptions& global, const std::vector<std::string>& args);
int RunProgress(const GlobalOptions& global, const std::vector<std::string>& args);
int RunPlan(const GlobalOptions& global, const std::vector<std::string>& args);

}  // namespace msc::cli

#endif  // MSC_TOOLS_MSC_COMMAND_H_
