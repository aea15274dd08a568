// msc-bench-sqlite: the storage ceiling under the collector. Inserts observations
// with random UUID keys through storage::Store::InsertObservations (the writer's own
// call: same schema, WAL, synchronous=FULL, one transaction per batch) in a plain
// loop with no network, parsing or queueing, and prints rows/s per batch size.
//
// usage: msc-bench-sqlite --db FILE [--rows N] [--seconds S] [--batch N ...]
#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "msc/client/uuid.h"
#include "msc/storage/store.h"

namespace {

using google::protobuf::util::TimeUtil;
using Clock = std::chrono::steady_clock;

// The loadgen's observation shape over the benchmark's register (153 companies, 74
// observers, as tools/bench-collector.sh makes it): the same rows the collector
// stores, interleaved the same way, so that the same index pages get dirtied.
msc::storage::NewObservation Make(std::mt19937_64& rng, int i) {
  msc::storage::NewObservation item;
  msc::v1::Observation& o = item.observation;
  o.set_submission_id(msc::client::RandomUuid(rng));
  o.set_program_id("p1");
  o.set_company_id("co-" + std::to_string(i % 153));
  o.set_observer_id("obs-" + std::to_string(i % 74));
  const msc::v1::Channel channels[] = {msc::v1::PHONE, msc::v1::CHAT, msc::v1::EMAIL};
  o.set_channel(channels[i % 3]);
  o.set_scenario("new-customer-mobile");
  auto* a = o.add_attempts();
  *a->mutable_started_at() = TimeUtil::SecondsToTimestamp(1762000000 + i % 10'000'000);
  *a->mutable_wait() = TimeUtil::SecondsToDuration(30 + i % 300);
  a->set_answered(true);
  for (const char* c : {"welcome", "understood_need", "engaged", "competent", "solution",
                        "efficiency", "overall"}) {
    (*o.mutable_ratings())[c] = 1 + (i + static_cast<int>(std::string_view(c).size())) % 6;
  }
  if (o.channel() != msc::v1::PHONE) (*o.mutable_ratings())["written_language"] = 5;
  o.set_upsell(msc::v1::NEEDS_BASED);
  o.set_comment("Hyggelig og kunnskapsrik, fant en løsning på første forsøk.");
  item.received_at_ns = 1762000000000000000 + i;
  item.submitted_by = "token:1";
  return item;
}

int Usage() {
  std::fprintf(stderr,
               "usage: msc-bench-sqlite --db FILE [--rows N] [--batch N ...]\n"
               "FILE is created fresh (an existing one is refused).\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  long rows = 200'000;
  double max_seconds = 1e9;
  std::vector<int> batches;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) return Usage();
    if (a == "--db")
      db = argv[++i];
    else if (a == "--rows")
      rows = std::atol(argv[++i]);
    else if (a == "--seconds")
      max_seconds = std::atof(argv[++i]);
    else if (a == "--batch")
      batches.push_back(std::atoi(argv[++i]));
    else
      return Usage();
  }
  if (db.empty() || rows <= 0) return Usage();
  if (batches.empty()) batches = {1, 32, 100};
  if (std::filesystem::exists(db)) {
    std::fprintf(stderr, "msc-bench-sqlite: %s exists; give a new file\n", db.c_str());
    return 2;
  }
  auto store = msc::storage::Store::Open(db);
  if (!store.ok()) {
    std::fprintf(stderr, "msc-bench-sqlite: %s\n", store.status().ToString().c_str());
    return 1;
  }
  std::mt19937_64 rng(std::random_device{}());
  std::printf("batch\trows\tseconds\trows_per_s\tcommits_per_s\tus_per_commit\n");
  int serial = 0;
  for (int batch : batches) {
    if (batch < 1) return Usage();
    // Pre-built so that the loop measures the store alone.
    std::vector<std::vector<msc::storage::NewObservation>> work;
    for (long done = 0; done < rows; done += batch) {
      work.emplace_back();
      for (long k = 0; k < batch && done + k < rows; ++k)
        work.back().push_back(Make(rng, serial++));
    }
    Clock::time_point start = Clock::now();
    long inserted = 0, commits = 0;
    for (const auto& items : work) {
      if (std::chrono::duration<double>(Clock::now() - start).count() >= max_seconds) break;
      auto r = (*store)->InsertObservations(items);
      inserted += static_cast<long>(items.size());
      ++commits;
      if (!r.ok()) {
        std::fprintf(stderr, "msc-bench-sqlite: %s\n", r.status().ToString().c_str());
        return 1;
      }
    }
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("%d\t%ld\t%.2f\t%.0f\t%.0f\t%.0f\n", batch, inserted, s, inserted / s,
                commits / s, s * 1e6 / commits);
    std::fflush(stdout);
  }
  return 0;
}
