#ifndef MSC_COLLECTOR_LOG_H_
#define MSC_COLLECTOR_LOG_H_

// Diagnostics and the access log, both on stderr. Each line goes out with one
// write(2) so that lines from several threads never interleave.

#include <string_view>

namespace msc::collector {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// "debug", "info", "warn" or "error"; false when the name is none of them.
bool ParseLogLevel(std::string_view name, LogLevel* level);

void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);
void Log(LogLevel level, std::string_view message);

// Writes one finished line (it must end in '\n') as is.
void WriteLine(std::string_view line);

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_LOG_H_
