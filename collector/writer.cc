#include "writer.h"

#include <cassert>

namespace msc::collector {

Writer::Writer(std::unique_ptr<storage::Store> store, Options options, Metrics* metrics,
               storage::InsertJudge* judge)
    : store_(std::move(store)), options_(options), metrics_(metrics), judge_(judge) {
  assert(store_ && metrics_);
  thread_ = std::thread([this] { Loop(); });
}

Writer::~Writer() { Stop(); }

bool Writer::Submit(std::vector<storage::NewObservation> items, SubmitDone done) {
  assert(!items.empty() && done);
  size_t n = items.size();
  {
    std::lock_guard lock(mu_);
    // An oversized batch still goes in when the queue is empty, so that any batch
    // within the body limit can succeed; memory stays bounded by that limit.
    if (stopping_ || (queued_items_ > 0 && queued_items_ + n > options_.capacity)) return false;
    queue_.push_back(Job{std::move(items), std::move(done), nullptr});
    queued_items_ += n;
    metrics_->SetQueueDepth(static_cast<int64_t>(queued_items_));
  }
  cv_.notify_one();
  return true;
}

bool Writer::Run(Task task) {
  assert(task);
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    queue_.push_back(Job{{}, nullptr, std::move(task)});
  }
  cv_.notify_one();
  return true;
}

void Writer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Writer::Loop() {
  std::vector<Job> group;
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // stopping, and everything is done

    if (queue_.front().task) {
      Task task = std::move(queue_.front().task);
      queue_.pop_front();
      lock.unlock();
      task(*store_);
      lock.lock();
      continue;
    }

    // Take consecutive submissions up to max_group observations (at least one job).
    size_t items = 0;
    auto take = [&] {
      while (!queue_.empty() && !queue_.front().task &&
             (items == 0 || items + queue_.front().items.size() <= options_.max_group)) {
        items += queue_.front().items.size();
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    };
    take();
    if (options_.max_delay.count() > 0 && items < options_.max_group && !stopping_) {
      cv_.wait_for(lock, options_.max_delay);
      take();
    }
    queued_items_ -= items;
    metrics_->SetQueueDepth(static_cast<int64_t>(queued_items_));
    lock.unlock();
    CommitGroup(group);
    group.clear();
    lock.lock();
  }
}

void Writer::CommitGroup(std::vector<Job>& group) {
  std::vector<size_t> sizes;
  sizes.reserve(group.size());
  size_t total = 0;
  for (const Job& job : group) {
    sizes.push_back(job.items.size());
    total += job.items.size();
  }
  std::vector<storage::NewObservation> batch;
  if (group.size() == 1) {
    batch = std::move(group[0].items);  // the common case: no copy, no move of items
  } else {
    batch.reserve(total);
    for (Job& job : group) {
      for (auto& item : job.items) batch.push_back(std::move(item));
    }
  }

  auto start = std::chrono::steady_clock::now();
  Result<std::vector<storage::InsertOutcome>> result =
      judge_ ? store_->InsertObservations(std::span(batch), *judge_)
             : store_->InsertObservations(std::span<const storage::NewObservation>(batch));
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  metrics_->ObserveCommit(batch.size(), took.count());

  if (!result.ok()) {
    // The Store's transaction rolled back: nothing of the group is stored.
    for (Job& job : group) job.done(result.status());
    return;
  }
  assert(result->size() == batch.size());
  size_t at = 0;
  for (size_t i = 0; i < group.size(); ++i) {
    std::vector<Written> written;
    written.reserve(sizes[i]);
    for (size_t k = at; k < at + sizes[i]; ++k) {
      written.push_back({(*result)[k], std::move(batch[k].flags)});
    }
    at += sizes[i];
    group[i].done(std::move(written));
  }
}

}  // namespace msc::collector
