#ifndef MSC_SCORING_SCORE_H_
#define MSC_SCORING_SCORE_H_

// The scoring engine: one program's observations, its register and its config in,
// an AwardReport out (METHODOLOGY.md). A pure function: no I/O, no clock, no
// globals; the same input gives a byte-identical report whatever the input order.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "msc/proto/status.h"
#include "msc/v1/observation.pb.h"
#include "msc/v1/register.pb.h"
#include "msc/v1/report.pb.h"

namespace msc::scoring {

// Ratings are kept per criterion position in the config's catalogue, so that a
// million contacts stay small in memory.
inline constexpr int kMaxCriteria = 16;

struct Attempt {
  int64_t started_at_ns = 0;  // Unix time, nanoseconds
  int64_t wait_ns = 0;
  bool answered = false;
};

// One stored observation in the form the engine reads. Its byte fields are views:
// the bytes live in Input::bytes (or anywhere else that outlives the scoring).
struct Contact {
  std::string_view submission_id;
  uint32_t company = 0;   // index into Input::companies
  uint32_t observer = 0;  // index into Input::observers
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  v1::ReviewState review_state = v1::RECEIVED;
  std::array<Attempt, 2> attempts{};
  uint8_t attempt_count = 0;
  // ratings[i] is the 1..6 answer for config.criteria(i); 0 means not rated.
  std::array<uint8_t, kMaxCriteria> ratings{};
  v1::Upsell upsell = v1::UPSELL_UNSPECIFIED;
  bool redirected = false;
  // 1 + the position of the contact's scenario in Input::program.scenarios(); 0 when
  // it names none the program lists.
  uint16_t scenario = 0;
  std::string_view raw;  // the stored protobuf bytes, hashed into data_sha256
};

// Keeps the bytes that contacts view, in blocks that never move, so that a million
// contacts cost a few allocations instead of two each. Copies share the blocks they
// hold, so the views stay valid in either; each keeps what comes next in new blocks.
class ContactBytes {
 public:
  ContactBytes() = default;
  ContactBytes(const ContactBytes& other) : blocks_(other.blocks_) {}
  ContactBytes& operator=(const ContactBytes& other);
  ContactBytes(ContactBytes&& other) noexcept;
  ContactBytes& operator=(ContactBytes&& other) noexcept;

  std::string_view Keep(std::string_view bytes);
  // Takes over other's blocks: what other kept stays valid, now held here too.
  void Adopt(ContactBytes&& other);

 private:
  static constexpr size_t kBlockSize = 4 << 20;
  std::vector<std::shared_ptr<char[]>> blocks_;
  size_t used_ = 0;  // in the last block
  size_t size_ = 0;  // of the last block
};

struct Input {
  v1::Program program;       // id, name, period and scenarios (its config is ignored)
  v1::ScoringConfig config;  // effective config: see config.h EffectiveConfig()
  std::vector<v1::Industry> industries;
  std::vector<v1::Company> companies;
  std::vector<v1::Observer> observers;
  std::vector<Contact> contacts;  // every stored observation of the program, any state
  ContactBytes bytes;             // what the contacts view, when the loader keeps it here
};

// Reserves room for `n` contacts in huge pages where the system has them (a million
// contacts are 128 MB; faulting them in 4 KiB pages is slow).
void ReserveContacts(std::vector<Contact>& contacts, size_t n);

// Version of the scoring rules, written into every report.
inline constexpr char kScoringVersion[] = "msc-scoring-1";

// Scores the program. Fails only on an invalid config (see ValidateConfig).
Result<v1::AwardReport> Score(const Input& input);

}  // namespace msc::scoring

#endif  // MSC_SCORING_SCORE_H_
