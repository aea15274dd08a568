// msc-soak-driver: the crash test. Runs msc-collector as a child process on one
// database, keeps a load of submissions going from several clients that retry every
// failure (as msc submit does: same ids, so a retry is idempotent), SIGKILLs the
// collector at random moments, restarts it on the same file and goes on. At the end
// it checks the promise of ARCHITECTURE.md:
//   - every acknowledged submission is stored, exactly once;
//   - PRAGMA integrity_check says ok;
//   - a retried submission is DUPLICATE when an earlier attempt had committed (its
//     stored received_at predates the final attempt) and ACCEPTED only when none had.
// Prints the counts; exit status 0 when all holds.
//
//   msc-soak-driver --collector PATH [--kills 20] [--clients 4] [--seed N] [--dir DIR]
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "fixture.h"
#include "msc/storage/sqlite.h"
#include "msc/v1/api.pb.h"

namespace {

using Clock = std::chrono::steady_clock;
using msc::testing::HttpClient;
namespace v1 = msc::v1;

int64_t WallNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One msc-collector process.
class Child {
 public:
  Child(const std::string& binary, const std::string& db) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      execl(binary.c_str(), "msc-collector", "--db", db.c_str(), "--listen", "127.0.0.1:0",
            "--no-access-log", "--log-level", "error", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    out_ = fds[0];
    port_ = ReadPort();
  }
  ~Child() {
    Kill();
    close(out_);
  }
  uint16_t port() const { return port_; }

  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // SIGTERM and the exit status (0 after a clean drain).
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  // The first line of stdout: "listening on 127.0.0.1:PORT".
  uint16_t ReadPort() {
    std::string line;
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[256];
      ssize_t n = read(out_, buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    size_t colon = line.rfind(':');
    if (line.rfind("listening on 127.0.0.1:", 0) != 0 || colon == std::string::npos) {
      throw std::runtime_error("msc-collector did not start: '" + line + "'");
    }
    return static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
  }

  pid_t pid_ = -1;
  int out_ = -1;
  uint16_t port_ = 0;
};

// What a client learned about one submission.
struct Outcome {
  v1::SubmitStatus status = v1::SUBMIT_STATUS_UNSPECIFIED;
  int attempts = 0;
  int64_t final_attempt_ns = 0;  // wall time the acknowledged attempt was sent
};

struct Shared {
  std::atomic<uint16_t> port{0};
  std::atomic<bool> stop{false};
  std::string token;
  std::mutex mu;
  std::map<int, Outcome> acked;  // by sample number
};

// Submits one observation until it is acknowledged (or the run stops): every
// network failure and 503 is retried on a fresh connection with the same content.
void SubmitUntilAcked(Shared& shared, int n, std::unique_ptr<HttpClient>& client) {
  v1::Observation obs = msc::testing::SampleObservation(n);
  std::string body = obs.SerializeAsString();
  Outcome out;
  for (int attempt = 0; attempt < 10'000 && !shared.stop; ++attempt) {
    ++out.attempts;
    try {
      if (!client) {
        client = std::make_unique<HttpClient>(shared.port.load(), std::chrono::seconds(5));
        client->token = shared.token;
        client->accept = "application/x-protobuf";
      }
      out.final_attempt_ns = WallNs();
      auto res = client->Send(boost::beast::http::verb::post, "/v1/observations", body,
                              "application/x-protobuf");
      if (res.result_int() == 200) {
        v1::SubmitResult r;
        if (!r.ParseFromString(res.body())) throw std::runtime_error("bad SubmitResult");
        out.status = r.status();
        std::lock_guard lock(shared.mu);
        shared.acked[n] = out;
        return;
      }
      if (res.result_int() != 503) {
        std::fprintf(stderr, "submission %d: unexpected HTTP %u: %s\n", n, res.result_int(),
                     res.body().c_str());
        std::exit(1);
      }
      if (!res.keep_alive()) client.reset();
    } catch (const std::exception&) {
      client.reset();  // refused (restarting), reset or timed out (killed)
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + attempt % 20));
  }
}

void ClientLoop(Shared& shared, int client_index) {
  std::unique_ptr<HttpClient> client;
  for (int i = 0; i < 1'000'000 && !shared.stop; ++i) {
    SubmitUntilAcked(shared, client_index * 1'000'000 + i, client);
  }
}

struct Options {
  std::string collector;
  std::string dir;
  int kills = 20;
  int clients = 4;
  unsigned seed = 0;
};

bool ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--collector") {
      o->collector = value;
    } else if (flag == "--dir") {
      o->dir = value;
    } else if (flag == "--kills") {
      o->kills = std::stoi(value);
    } else if (flag == "--clients") {
      o->clients = std::stoi(value);
    } else if (flag == "--seed") {
      o->seed = static_cast<unsigned>(std::stoul(value));
    } else {
      return false;
    }
  }
  return argc % 2 == 1 && !o->collector.empty() && o->kills >= 0 && o->clients > 0;
}

// Checks the database against what the clients were told. Returns the failures.
int Verify(const std::string& db, const std::map<int, Outcome>& acked) {
  auto store = msc::storage::Store::Open(db);
  if (!store.ok()) {
    std::fprintf(stderr, "reopen: %s\n", store.status().ToString().c_str());
    return 1;
  }
  auto& d = (*store)->database();
  int failures = 0;
  auto check = d.Prepare("PRAGMA integrity_check");
  std::string integrity = check.ok() && check->Step().ok() ? std::string(check->Text(0)) : "?";
  if (integrity != "ok") {
    std::fprintf(stderr, "integrity_check: %s\n", integrity.c_str());
    ++failures;
  }
  int64_t rows = *d.QueryInt("SELECT count(*) FROM observations");
  int64_t distinct = *d.QueryInt("SELECT count(DISTINCT submission_id) FROM observations");
  if (rows != distinct) {
    std::fprintf(stderr, "%lld rows but %lld distinct ids\n", static_cast<long long>(rows),
                 static_cast<long long>(distinct));
    ++failures;
  }

  int accepted = 0, duplicate = 0, retried = 0, retried_duplicate = 0, retried_accepted = 0;
  for (const auto& [n, out] : acked) {
    std::string id = msc::testing::SampleId(n);
    auto q = d.Prepare(
        "SELECT count(*), max(received_at_ns) FROM observations "
        "WHERE submission_id = ?");
    q->Bind(1, id);
    if (!q->Step().ok() || q->Int(0) != 1) {
      std::fprintf(stderr, "acknowledged %s stored %lld times\n", id.c_str(),
                   static_cast<long long>(q->Int(0)));
      ++failures;
      continue;
    }
    int64_t received = q->Int(1);
    bool dup = out.status == v1::DUPLICATE;
    (dup ? duplicate : accepted)++;
    // Stored by the acknowledged attempt (ACCEPTED) or by an earlier one (DUPLICATE).
    bool consistent = dup ? received < out.final_attempt_ns : received >= out.final_attempt_ns;
    if (!consistent) {
      std::fprintf(stderr, "%s: %s but stored at %lld, final attempt sent at %lld\n", id.c_str(),
                   v1::SubmitStatus_Name(out.status).c_str(), static_cast<long long>(received),
                   static_cast<long long>(out.final_attempt_ns));
      ++failures;
    }
    if (out.attempts > 1) {
      ++retried;
      (dup ? retried_duplicate : retried_accepted)++;
    }
    if (dup && out.attempts == 1) {
      std::fprintf(stderr, "%s: DUPLICATE on its first attempt\n", id.c_str());
      ++failures;
    }
  }
  std::printf(
      "acknowledged %zu (accepted %d, duplicate %d); retried %d: %d DUPLICATE (an earlier "
      "attempt had committed), %d ACCEPTED (none had); rows stored %lld; integrity_check %s\n",
      acked.size(), accepted, duplicate, retried, retried_duplicate, retried_accepted,
      static_cast<long long>(rows), integrity.c_str());
  return failures;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: %s --collector PATH [--kills 20] [--clients 4] [--seed N] [--dir DIR]\n",
                 argv[0]);
    return 2;
  }
  if (o.seed == 0) o.seed = std::random_device{}();
  std::printf("seed %u, %d kills, %d clients\n", o.seed, o.kills, o.clients);
  std::fflush(stdout);
  std::mt19937 rng(o.seed);

  std::unique_ptr<msc::testing::TempDir> temp;
  if (o.dir.empty()) temp = std::make_unique<msc::testing::TempDir>();
  std::string db = o.dir.empty() ? temp->File("soak.db") : o.dir + "/soak.db";
  Shared shared;
  shared.token = msc::testing::SeedDatabase(db).observer;

  auto child = std::make_unique<Child>(o.collector, db);
  shared.port = child->port();
  std::vector<std::thread> clients;
  for (int c = 0; c < o.clients; ++c) clients.emplace_back(ClientLoop, std::ref(shared), c);

  // Kill at a random moment within each stretch of load; a few kills land during
  // start-up too, since the next stretch may be shorter than the restart.
  std::uniform_int_distribution<int> pause_ms(20, 400);
  for (int k = 0; k < o.kills; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    child->Kill();
    child = std::make_unique<Child>(o.collector, db);
    shared.port = child->port();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // load on the last one
  shared.stop = true;
  for (auto& t : clients) t.join();
  int exit_status = child->Stop();
  if (exit_status != 0) std::fprintf(stderr, "final SIGTERM: exit status %d\n", exit_status);

  int failures = Verify(db, shared.acked) + (exit_status != 0);
  std::printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
