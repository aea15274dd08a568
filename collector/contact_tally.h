#ifndef MSC_COLLECTOR_CONTACT_TALLY_H_
#define MSC_COLLECTOR_CONTACT_TALLY_H_

// What each program holds, counted for the protocol's count flags
// (OBSERVER_REPEATS_COMPANY, OVER_QUOTA; scoring/README.md, "Fieldwork"): contacts not
// REJECTED, by observer and company and by company and channel. The writer thread
// alone uses it, so each submission is judged against exactly the contacts stored
// before it. A program's counts are read from the store on first use and dropped
// (read again when next needed) when a review or a correction may have changed them.

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "msc/storage/store.h"
#include "register_cache.h"

namespace msc::collector {

class ContactTally final : public storage::InsertJudge {
 public:
  explicit ContactTally(const RegisterCache* registers) : registers_(registers) {}

  void Judge(storage::Store& store, storage::NewObservation& item) override;
  void Stored(const storage::NewObservation& item) override;
  void Finished(bool committed) override;

  // The count flags of a correction of `before`. One that keeps the company, the
  // observer and the channel keeps its count flags (the contacts before it are the
  // same); one that moves the contact is judged against what the program holds now.
  std::vector<v1::ProtocolFlag> JudgeCorrection(storage::Store& store,
                                                const v1::Observation& corrected,
                                                const v1::StoredObservation& before);

  // Drops a program's counts: read again when next needed.
  void Forget(const std::string& program_id) { programs_.erase(program_id); }

 private:
  struct Counts {
    std::unordered_map<std::string, int> by_observer_at_company;  // "company\0observer"
    std::unordered_map<std::string, int> at_company_on_channel;   // "company\0channel"
  };

  Counts* Load(storage::Store& store, const std::string& program_id);
  // `itself`: the stored contact a correction replaces, not counted as before it.
  std::vector<v1::ProtocolFlag> CountFlagsFor(storage::Store& store, const v1::Observation& o,
                                              const v1::StoredObservation* itself);

  const RegisterCache* registers_;
  std::unordered_map<std::string, Counts> programs_;
  std::unordered_set<std::string> touched_;  // programs Stored() counted into this batch
};

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_CONTACT_TALLY_H_
