#include "log.h"

#include <unistd.h>

#include <atomic>
#include <string>

namespace msc::collector {
namespace {

std::atomic<LogLevel> g_level{LogLevel::kInfo};

constexpr std::string_view kNames[] = {"debug", "info", "warn", "error"};

}  // namespace

bool ParseLogLevel(std::string_view name, LogLevel* level) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (name == kNames[i]) {
      *level = static_cast<LogLevel>(i);
      return true;
    }
  }
  return false;
}

void SetLogLevel(LogLevel level) { g_level.store(level, std::memory_order_relaxed); }

bool LogEnabled(LogLevel level) { return level >= g_level.load(std::memory_order_relaxed); }

void Log(LogLevel level, std::string_view message) {
  if (!LogEnabled(level)) return;
  std::string line = "msc-collector: ";
  line += kNames[static_cast<int>(level)];
  line += ": ";
  line += message;
  line += '\n';
  WriteLine(line);
}

void WriteLine(std::string_view line) {
  while (!line.empty()) {
    ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
    if (n <= 0) return;  // nowhere to report a failing stderr
    line.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace msc::collector
