// msc-collector as a child process: SIGTERM drains and exits 0; SIGKILL in the
// middle of a stream of submissions loses nothing that was acknowledged.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "fixture.h"

namespace {

using msc::testing::HttpClient;
using msc::testing::SampleId;
using msc::testing::SampleObservation;
namespace v1 = msc::v1;

// A running msc-collector; killed (SIGKILL) if the test did not end it.
class Child {
 public:
  explicit Child(const std::string& db) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      execl(MSC_COLLECTOR_BINARY, "msc-collector", "--db", db.c_str(), "--listen", "127.0.0.1:0",
            "--no-access-log", "--log-level", "warn", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    out_ = fds[0];
    port_ = ReadPort();
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(out_);
  }

  uint16_t port() const { return port_; }

  void Signal(int sig) { kill(pid_, sig); }

  // The exit status, or -1 if it did not exit within the time.
  int Wait(std::chrono::milliseconds within) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

 private:
  // The first line of stdout: "listening on 127.0.0.1:PORT".
  uint16_t ReadPort() {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[256];
      ssize_t n = read(out_, buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    INFO(line);
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    return static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  }

  pid_t pid_ = -1;
  int out_ = -1;
  uint16_t port_ = 0;
};

}  // namespace

TEST_CASE("SIGTERM drains the writer and exits 0 with the data stored") {
  msc::testing::TempDir dir;
  std::string db = dir.File("msc.db");
  auto tokens = msc::testing::SeedDatabase(db);
  Child child(db);
  HttpClient client(child.port());  // stays connected, idle, through the signal
  client.token = tokens.observer;
  for (int i = 0; i < 10; ++i) {
    REQUIRE(client.PostJson("/v1/observations", SampleObservation(i)).result_int() == 200);
  }
  auto start = std::chrono::steady_clock::now();
  child.Signal(SIGTERM);
  CHECK(child.Wait(std::chrono::seconds(5)) == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  auto store = msc::storage::Store::Open(db);
  REQUIRE(store.ok());
  for (int i = 0; i < 10; ++i) CHECK((*store)->GetObservation(SampleId(i)).ok());
}

TEST_CASE("SIGKILL during a stream loses no acknowledged submission") {
  msc::testing::TempDir dir;
  std::string db = dir.File("msc.db");
  auto tokens = msc::testing::SeedDatabase(db);
  constexpr int kClients = 4;
  std::vector<std::vector<int>> acked(kClients);
  {
    Child child(db);
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < kClients; ++t) {
      clients.emplace_back([&, t] {
        try {
          HttpClient client(child.port(), std::chrono::seconds(3));
          client.token = tokens.observer;
          for (int i = 0; i < 100000 && !stop; ++i) {
            int n = t * 1'000'000 + i;
            auto res = client.PostJson("/v1/observations", SampleObservation(n));
            if (res.result_int() != 200) break;
            acked[t].push_back(n);
          }
        } catch (const std::exception&) {
          // the collector died under us: expected
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    child.Signal(SIGKILL);
    CHECK(child.Wait(std::chrono::seconds(5)) == 128 + SIGKILL);
    stop = true;
    for (auto& c : clients) c.join();
  }

  size_t total_acked = 0;
  for (const auto& a : acked) total_acked += a.size();
  INFO("acknowledged " << total_acked);
  CHECK(total_acked > 0);

  // Restart on the same file: every acknowledged submission is there, once.
  Child again(db);
  HttpClient client(again.port());
  client.token = tokens.manager;
  std::set<std::string> seen;
  std::string page_token;
  for (int pages = 0; pages < 10000; ++pages) {
    auto res = client.Get("/v1/observations?page_size=1000&page_token=" + page_token);
    REQUIRE(res.result_int() == 200);
    v1::ListObservationsResponse list;
    REQUIRE(msc::testing::FromJson(res, &list));
    for (const auto& o : list.observations()) {
      CHECK(seen.insert(o.observation().submission_id()).second);
    }
    page_token = list.next_page_token();
    if (page_token.empty()) break;
  }
  for (const auto& a : acked) {
    for (int n : a) CHECK(seen.count(SampleId(n)) == 1);
  }
  again.Signal(SIGTERM);
  CHECK(again.Wait(std::chrono::seconds(5)) == 0);
}
