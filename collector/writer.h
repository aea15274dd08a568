#ifndef MSC_COLLECTOR_WRITER_H_
#define MSC_COLLECTOR_WRITER_H_

// The one writer thread. It owns the read-write Store and takes work from a bounded
// queue: submissions, which it commits many per transaction (group commit), and
// other writes (review, register import), which it runs in queue order. A
// submission's completion runs only after its transaction committed, so an
// acknowledgement always means durable.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "metrics.h"
#include "msc/storage/store.h"

namespace msc::collector {

class Writer {
 public:
  struct Options {
    size_t capacity = 16384;  // observations waiting, at most
    size_t max_group = 512;   // observations per transaction, at most
    // How long a group may wait for more submissions before it commits. Zero commits
    // whatever is queued at once: submissions that arrive during a commit form the
    // next group, which already batches under load without adding latency.
    std::chrono::microseconds max_delay{0};
  };

  // What became of one submitted observation, and the protocol flags it was judged to
  // break (those it came with and the judge's).
  struct Written {
    storage::InsertOutcome outcome;
    std::vector<v1::ProtocolFlag> flags;
  };
  // Runs on the writer thread, after the commit (or its failure); keep it short.
  using SubmitDone = std::function<void(Result<std::vector<Written>>)>;
  using Task = std::function<void(storage::Store&)>;

  // With a judge, each submission is judged (InsertJudge) inside its transaction.
  Writer(std::unique_ptr<storage::Store> store, Options options, Metrics* metrics,
         storage::InsertJudge* judge = nullptr);
  ~Writer();  // Stop()
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues observations to be inserted in one transaction (with others). False
  // when the queue is full or the writer is stopping: the caller answers 503.
  bool Submit(std::vector<storage::NewObservation> items, SubmitDone done);

  // Queues any other write. False when the writer is stopping.
  bool Run(Task task);

  // Finishes everything queued, then ends the thread. Idempotent.
  void Stop();

 private:
  struct Job {
    std::vector<storage::NewObservation> items;  // empty for a task
    SubmitDone done;
    Task task;
  };

  void Loop();
  void CommitGroup(std::vector<Job>& group);

  std::unique_ptr<storage::Store> store_;
  const Options options_;
  Metrics* metrics_;
  storage::InsertJudge* judge_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  size_t queued_items_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_WRITER_H_
