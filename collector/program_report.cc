#include "msc/collector/program_report.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "msc/scoring/config.h"

namespace msc::collector {
namespace {

// Lookups by string_view into a map keyed by std::string, without a copy per row.
struct IdHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
template <class Value>
using IdMap = std::unordered_map<std::string, Value, IdHash, std::equal_to<>>;

template <class Items>
IdMap<uint32_t> IndexById(const Items& items) {
  IdMap<uint32_t> index;
  for (int i = 0; i < items.size(); ++i) index.emplace(items.Get(i).id(), i);
  return index;
}

// Turns snapshot rows into the engine's compact contacts.
class ContactReader {
 public:
  ContactReader(const v1::Register& reg, const v1::ScoringConfig& config)
      : companies_(IndexById(reg.companies())), observers_(IndexById(reg.observers())) {
    for (int k = 0; k < config.criteria_size(); ++k)
      criteria_.emplace(config.criteria(k).id(), static_cast<uint8_t>(k));
  }

  // The contact keeps its submission id and raw bytes in `bytes`.
  Status Read(const storage::SnapshotRow& row, scoring::Contact& c,
              scoring::ContactBytes& bytes) const {
    auto company = companies_.find(row.company_id);
    auto observer = observers_.find(row.observer_id);
    if (company == companies_.end() || observer == observers_.end())
      return Status::Internal("observation " + std::string(row.submission_id) +
                              " names a company or observer missing from the register");
    c.submission_id = bytes.Keep(row.submission_id);
    c.company = company->second;
    c.observer = observer->second;
    c.channel = row.channel;
    c.review_state = row.review_state;
    c.attempt_count = static_cast<uint8_t>(row.attempt_count);
    for (int i = 0; i < 2; ++i)
      c.attempts[i] = {row.started_at_ns[i], row.wait_ns[i], row.answered[i]};
    c.ratings.fill(0);
    // A rating of a criterion the config no longer has is not scored.
    storage::DecodeRatings(row.ratings, [&](std::string_view id, int value) {
      if (auto k = criteria_.find(id); k != criteria_.end())
        c.ratings[k->second] = static_cast<uint8_t>(value);
    });
    c.upsell = row.upsell;
    c.redirected = row.redirected;
    c.raw = bytes.Keep(row.raw);
    return Status::Ok();
  }

 private:
  IdMap<uint32_t> companies_;
  IdMap<uint32_t> observers_;
  IdMap<uint8_t> criteria_;  // position in the config's catalogue
};

// Snapshot rows copied out of SQLite, so that another thread can turn them into
// contacts while the next rows are read. Their texts go into one buffer, reserved
// once and never reallocated, so that the rows' views stay valid; batches are
// reused, so the reading thread writes to memory that is already mapped.
class RowBatch {
 public:
  RowBatch() {
    rows_.reserve(kRows);
    text_.reserve(kText);
  }

  // False when the batch is full (the row was not added).
  bool Add(const storage::SnapshotRow& row) {
    const size_t need = row.submission_id.size() + row.company_id.size() + row.observer_id.size() +
                        row.ratings.size() + row.raw.size();
    if (rows_.size() == kRows || text_.size() + need > text_.capacity()) {
      if (!rows_.empty()) return false;
      text_.reserve(need);  // one row larger than a batch: a batch of its own
    }
    storage::SnapshotRow& copy = rows_.emplace_back(row);
    copy.submission_id = Copy(row.submission_id);
    copy.raw = Copy(row.raw);
    copy.company_id = Copy(row.company_id);
    copy.observer_id = Copy(row.observer_id);
    copy.ratings = Copy(row.ratings);
    return true;
  }

  std::span<const storage::SnapshotRow> rows() const { return rows_; }
  // Empties the batch for reuse; its buffers stay allocated.
  void Clear() {
    rows_.clear();
    text_.clear();
  }

 private:
  static constexpr size_t kRows = 4096;
  static constexpr size_t kText = kRows * 512;  // a typical row takes about 400 bytes

  std::string_view Copy(std::string_view text) {
    const size_t at = text_.size();
    text_.append(text);
    return std::string_view(text_).substr(at, text.size());
  }

  std::vector<storage::SnapshotRow> rows_;
  std::string text_;
};

// A bounded hand-over of batches between two threads.
class BatchQueue {
 public:
  void Push(RowBatch batch) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return batches_.size() < kDepth; });
    batches_.push_back(std::move(batch));
    ready_.notify_one();
  }
  // Pushes unless the queue is full; a batch with no room is dropped.
  void Offer(RowBatch batch) {
    std::lock_guard lock(mutex_);
    if (batches_.size() < kDepth) batches_.push_back(std::move(batch));
  }
  // The next batch; none once the queue is closed and drained.
  std::optional<RowBatch> Pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !batches_.empty() || closed_; });
    return Take();
  }
  // The next batch if one is waiting.
  std::optional<RowBatch> TryPop() {
    std::lock_guard lock(mutex_);
    return Take();
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }

 private:
  static constexpr size_t kDepth = 4;

  std::optional<RowBatch> Take() {
    if (batches_.empty()) return std::nullopt;
    RowBatch batch = std::move(batches_.front());
    batches_.pop_front();
    room_.notify_one();
    return batch;
  }

  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<RowBatch> batches_;
  bool closed_ = false;
};

}  // namespace

// Reading SQLite and building contacts take about as long as each other for a large
// program, so they run on two threads: this one reads, a second one converts.
Result<scoring::Input> LoadScoringInput(storage::Store& store, std::string_view program_id,
                                        const v1::ScoringConfig* overrides) {
  storage::ProgramSnapshot head;
  scoring::Input input;  // contacts and bytes: the converting thread's until it ends
  std::optional<ContactReader> reader;
  Status config_error, row_error;
  BatchQueue queue, spent;  // full batches to the converter; converted ones back for reuse
  std::thread converter;
  // The head (program and register) is filled before the first row arrives.
  auto prepare = [&]() -> Status {
    input.config = scoring::EffectiveConfig(head.program);
    if (overrides != nullptr) input.config = scoring::ApplyOverrides(input.config, *overrides);
    if (Status s = scoring::ValidateConfig(input.config); !s.ok()) return s;
    reader.emplace(head.register_, input.config);
    return Status::Ok();
  };
  auto convert = [&] {
    while (std::optional<RowBatch> batch = queue.Pop()) {
      for (const storage::SnapshotRow& row : batch->rows()) {
        if (row_error.ok())
          row_error = reader->Read(row, input.contacts.emplace_back(), input.bytes);
      }
      batch->Clear();
      spent.Offer(*std::move(batch));  // never waits: the reader may be waiting on us
    }
  };
  RowBatch batch;
  Status s = store.ReadProgramSnapshot(program_id, &head, [&](const storage::SnapshotRow& row) {
    if (!reader && config_error.ok()) {
      config_error = prepare();
      if (config_error.ok()) converter = std::thread(convert);
    }
    if (!config_error.ok()) return;
    if (!batch.Add(row)) {
      // Reused buffers are already in memory; fresh ones would fault page by page.
      std::optional<RowBatch> next = spent.TryPop();
      queue.Push(std::exchange(batch, next ? *std::move(next) : RowBatch()));
      batch.Add(row);
    }
  });
  if (!batch.rows().empty()) queue.Push(std::move(batch));
  queue.Close();
  if (converter.joinable()) converter.join();
  if (!s.ok()) return s;
  if (!config_error.ok()) return config_error;
  if (!row_error.ok()) return row_error;
  if (!reader) {  // no observations yet
    if (Status p = prepare(); !p.ok()) return p;
  }
  input.program = std::move(head.program);
  input.program.clear_config();
  auto move_all = [](auto& from, auto& to) {
    to.reserve(from.size());
    for (auto& x : from) to.push_back(std::move(x));
  };
  move_all(*head.register_.mutable_industries(), input.industries);
  move_all(*head.register_.mutable_companies(), input.companies);
  move_all(*head.register_.mutable_observers(), input.observers);
  return input;
}

Result<v1::AwardReport> ScoreProgram(storage::Store& store, std::string_view program_id,
                                     const v1::ScoringConfig* overrides) {
  auto input = LoadScoringInput(store, program_id, overrides);
  if (!input.ok()) return input.status();
  return scoring::Score(*input);
}

}  // namespace msc::collector
