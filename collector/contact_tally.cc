#include "contact_tally.h"

#include <algorithm>

#include "msc/scoring/protocol.h"

namespace msc::collector {
namespace {

std::string ObserverKey(std::string_view company, std::string_view observer) {
  std::string key(company);
  key += '\0';
  key += observer;
  return key;
}

std::string ChannelKey(std::string_view company, v1::Channel channel) {
  std::string key(company);
  key += '\0';
  key += std::to_string(channel);
  return key;
}

int Get(const std::unordered_map<std::string, int>& counts, const std::string& key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

void Merge(std::vector<v1::ProtocolFlag>& flags, const std::vector<v1::ProtocolFlag>& more) {
  flags.insert(flags.end(), more.begin(), more.end());
  std::sort(flags.begin(), flags.end());
  flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
}

}  // namespace

ContactTally::Counts* ContactTally::Load(storage::Store& store, const std::string& program_id) {
  if (auto it = programs_.find(program_id); it != programs_.end()) return &it->second;
  Counts counts;
  Status s = store.ForEachHeldContact(program_id, [&](const storage::HeldContact& c) {
    ++counts.by_observer_at_company[ObserverKey(c.company_id, c.observer_id)];
    ++counts.at_company_on_channel[ChannelKey(c.company_id, c.channel)];
  });
  if (!s.ok()) return nullptr;  // unjudged rather than judged on a partial count
  return &programs_.emplace(program_id, std::move(counts)).first->second;
}

std::vector<v1::ProtocolFlag> ContactTally::CountFlagsFor(storage::Store& store,
                                                          const v1::Observation& o,
                                                          const v1::StoredObservation* itself) {
  auto view = registers_->Get();
  auto program = view->programs.find(o.program_id());
  if (program == view->programs.end()) return {};
  Counts* counts = Load(store, o.program_id());
  if (counts == nullptr) return {};
  scoring::PriorContacts prior;
  prior.by_observer_at_company =
      Get(counts->by_observer_at_company, ObserverKey(o.company_id(), o.observer_id()));
  prior.at_company_on_channel =
      Get(counts->at_company_on_channel, ChannelKey(o.company_id(), o.channel()));
  if (itself != nullptr && itself->review_state() != v1::REJECTED) {
    // A correction is not before itself.
    const v1::Observation& b = itself->observation();
    if (b.program_id() == o.program_id() && b.company_id() == o.company_id()) {
      if (b.observer_id() == o.observer_id()) --prior.by_observer_at_company;
      if (b.channel() == o.channel()) --prior.at_company_on_channel;
    }
  }
  return scoring::CountFlags(o, program->second.config.fieldwork(), prior);
}

void ContactTally::Judge(storage::Store& store, storage::NewObservation& item) {
  Merge(item.flags, CountFlagsFor(store, item.observation, nullptr));
}

void ContactTally::Stored(const storage::NewObservation& item) {
  const v1::Observation& o = item.observation;
  auto it = programs_.find(o.program_id());
  if (it == programs_.end()) return;
  ++it->second.by_observer_at_company[ObserverKey(o.company_id(), o.observer_id())];
  ++it->second.at_company_on_channel[ChannelKey(o.company_id(), o.channel())];
  touched_.insert(o.program_id());
}

void ContactTally::Finished(bool committed) {
  if (!committed) {
    for (const std::string& program : touched_) programs_.erase(program);
  }
  touched_.clear();
}

std::vector<v1::ProtocolFlag> ContactTally::JudgeCorrection(storage::Store& store,
                                                            const v1::Observation& corrected,
                                                            const v1::StoredObservation& before) {
  const v1::Observation& b = before.observation();
  if (corrected.program_id() == b.program_id() && corrected.company_id() == b.company_id() &&
      corrected.observer_id() == b.observer_id() && corrected.channel() == b.channel()) {
    std::vector<v1::ProtocolFlag> kept;
    for (int f : before.flags()) {
      auto flag = static_cast<v1::ProtocolFlag>(f);
      if (scoring::IsCountFlag(flag)) kept.push_back(flag);
    }
    return kept;
  }
  return CountFlagsFor(store, corrected, &before);
}

}  // namespace msc::collector
