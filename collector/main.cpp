// msc-collector: the network daemon that takes observations over HTTP and stores
// them durably (ARCHITECTURE.md). Runs until SIGINT or SIGTERM, then drains.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/program_options.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "log.h"
#include "msc/collector/server.h"
#include "msc/render/render.h"

namespace po = boost::program_options;

namespace {

bool ParseListen(const std::string& listen, msc::collector::ServerOptions* o) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) return false;
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // [::1]:8080
  }
  unsigned long port = 0;
  try {
    size_t used = 0;
    port = std::stoul(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port > 65535) return false;
  } catch (const std::exception&) {
    return false;
  }
  o->host = host.empty() ? "0.0.0.0" : host;
  o->port = static_cast<uint16_t>(port);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  msc::collector::ServerOptions o;
  std::string listen = "127.0.0.1:8080";
  std::string log_level = "info";
  int64_t header_ms = o.header_timeout.count(), read_ms = o.read_timeout.count(),
          idle_ms = o.idle_timeout.count();

  po::options_description flags(
      "msc-collector: takes mystery-shopper observations over HTTP and stores them.\n\n"
      "Usage: msc-collector --db FILE [options]\n\nOptions");
  // clang-format off
  flags.add_options()
      ("help,h", "show this help and exit")
      ("db", po::value(&o.db_path)->required(),
       "SQLite database file; created and migrated when new")
      ("listen", po::value(&listen)->default_value(listen),
       "HOST:PORT to listen on; port 0 picks a free port (the address is printed on "
       "the first line of stdout)")
      ("threads", po::value(&o.threads)->default_value(o.threads), "io threads")
      ("max-body", po::value(&o.max_body)->default_value(o.max_body),
       "largest request body in bytes")
      ("max-batch-body", po::value(&o.max_batch_body)->default_value(o.max_batch_body),
       "largest body of POST /v1/observations:batch")
      ("header-timeout-ms", po::value(&header_ms)->default_value(header_ms),
       "time a client has to send a request header once it began")
      ("read-timeout-ms", po::value(&read_ms)->default_value(read_ms),
       "time to send a request body, and to read each response")
      ("idle-timeout-ms", po::value(&idle_ms)->default_value(idle_ms),
       "how long an idle keep-alive connection stays open")
      ("max-connections", po::value(&o.max_connections)->default_value(o.max_connections),
       "open connections at most; more get 503 and are closed")
      ("queue-capacity", po::value(&o.queue_capacity)->default_value(o.queue_capacity),
       "observations waiting for the writer at most; more get 503")
      ("max-group", po::value(&o.max_group)->default_value(o.max_group),
       "observations committed per transaction at most")
      ("tls-cert", po::value(&o.tls_cert), "PEM certificate chain; with --tls-key serves HTTPS")
      ("tls-key", po::value(&o.tls_key), "PEM private key")
      ("log-level", po::value(&log_level)->default_value(log_level), "debug, info, warn or error")
      ("no-access-log", "do not log one line per request to stderr");
  // clang-format on

  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, flags), vm);
    if (vm.count("help")) {
      std::cout << flags
                << "\nSignals: SIGINT or SIGTERM stop accepting, finish open "
                   "requests, commit and exit 0.\n";
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc-collector: " << e.what() << "\nRun 'msc-collector --help' for usage.\n";
    return 2;
  }
  if (!ParseListen(listen, &o)) {
    std::cerr << "msc-collector: --listen wants HOST:PORT, got '" << listen << "'\n";
    return 2;
  }
  msc::collector::LogLevel level;
  if (!msc::collector::ParseLogLevel(log_level, &level)) {
    std::cerr << "msc-collector: --log-level wants debug, info, warn or error\n";
    return 2;
  }
  msc::collector::SetLogLevel(level);
  o.access_log = vm.count("no-access-log") == 0;
  o.header_timeout = std::chrono::milliseconds(header_ms);
  o.read_timeout = std::chrono::milliseconds(read_ms);
  o.idle_timeout = std::chrono::milliseconds(idle_ms);

  // The manager pages download the live report as the award renders it.
  o.renderers.html = [](const msc::v1::AwardReport& r) { return msc::render::RenderHtml(r); };
  o.renderers.csv = [](const msc::v1::AwardReport& r) {
    std::vector<std::pair<std::string, std::string>> tables;
    for (auto& f : msc::render::RenderCsvTables(r)) tables.emplace_back(f.name, std::move(f.text));
    return tables;
  };

  // Block the signals before any thread starts, so only the signal_set sees them.
  boost::asio::io_context signals_ioc;
  boost::asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
  std::signal(SIGPIPE, SIG_IGN);

  auto server = msc::collector::Server::Start(o);
  if (!server.ok()) {
    std::cerr << "msc-collector: " << server.status().ToString() << "\n";
    return 1;
  }
  std::printf("listening on %s:%u\n", (*server)->host().c_str(), (*server)->port());
  std::fflush(stdout);
  msc::collector::Log(msc::collector::LogLevel::kInfo, "serving " + o.db_path + " on " +
                                                           (*server)->host() + ":" +
                                                           std::to_string((*server)->port()));

  signals.async_wait([&](const boost::system::error_code&, int sig) {
    msc::collector::Log(msc::collector::LogLevel::kInfo,
                        "signal " + std::to_string(sig) + ": draining");
  });
  signals_ioc.run();
  (*server)->Stop();
  msc::collector::Log(msc::collector::LogLevel::kInfo, "stopped");
  return 0;
}
