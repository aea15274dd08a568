// A process killed with SIGKILL in the middle of a large transaction leaves a
// database that opens, passes integrity_check and holds every committed row.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <vector>

#include "../support/temp_dir.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"
#include "sample.h"

using msc::storage::NewObservation;
using msc::storage::Store;

namespace {

constexpr int kCommitted = 500;

// The child: commits kCommitted rows, tells the parent, then writes a huge
// transaction that never commits. Never returns.
[[noreturn]] void WriteUntilKilled(const std::string& path, int ready_fd) {
  auto store = Store::Open(path);
  if (!store.ok()) _exit(3);
  std::vector<NewObservation> committed;
  for (int i = 0; i < kCommitted; ++i) committed.push_back(msc::testing::SampleItem(i));
  if (!(*store)->InsertObservations(committed).ok()) _exit(4);
  auto& db = (*store)->database();
  if (!db.Exec("BEGIN IMMEDIATE").ok()) _exit(5);
  char ready = 'r';
  for (int i = 0;; ++i) {
    // Rows straight into the table, so that the open transaction keeps growing.
    std::string sql =
        "INSERT INTO observations (submission_id, program_id, company_id, observer_id, "
        "channel, attempt_count, a1_started_ns, a1_wait_ns, a1_answered, ratings, upsell, "
        "redirected, raw, received_at_ns, submitted_by, review_state) VALUES ('uncommitted-" +
        std::to_string(i) + "', 'p1', 'nordbank', 'obs-1', 1, 1, 0, 0, 1, '', 0, 0, " +
        "randomblob(2000), 0, 'crash', 1)";
    if (!db.Exec(sql.c_str()).ok()) _exit(6);
    if (i == 20000 && write(ready_fd, &ready, 1) != 1) _exit(7);
  }
}

}  // namespace

TEST_CASE("SIGKILL in the middle of a large transaction loses no committed row") {
  msc::testing::TempDir dir;
  std::string path = dir.File("crash.db");
  {
    auto store = Store::Open(path);
    REQUIRE(store.ok());
    REQUIRE((*store)->ImportRegister(msc::testing::SampleRegister(), "test").ok());
  }
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(fds[0]);
    WriteUntilKilled(path, fds[1]);
  }
  close(fds[1]);
  char ready = 0;
  ssize_t got = read(fds[0], &ready, 1);  // returns 0 if the child died early
  close(fds[0]);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(got == 1);
  REQUIRE(WIFSIGNALED(status));

  auto store = Store::Open(path);
  REQUIRE(store.ok());
  auto& db = (*store)->database();
  auto check = db.Prepare("PRAGMA integrity_check");
  REQUIRE(check.ok());
  REQUIRE(*check->Step());
  CHECK(check->Text(0) == "ok");
  CHECK(*db.QueryInt("SELECT count(*) FROM observations") == kCommitted);
  CHECK(*db.QueryInt("SELECT count(*) FROM observations WHERE submitted_by = 'crash'") == 0);
  for (int i = 0; i < kCommitted; i += 97) {
    auto id = msc::testing::SampleItem(i).observation.submission_id();
    CHECK((*store)->GetObservation(id).ok());
  }
}
