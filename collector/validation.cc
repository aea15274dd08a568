#include "msc/collector/validation.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "msc/proto/observer.h"
#include "msc/scoring/config.h"

namespace msc::collector {
namespace {

using google::protobuf::Duration;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

constexpr size_t kMaxCommentCodePoints = 4000;

// Protobuf has already checked that string fields are valid UTF-8, so counting the
// bytes that do not continue a sequence counts code points.
size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool IsNegative(const Duration& d) { return d.seconds() < 0 || d.nanos() < 0; }

bool IsValidTimestamp(const Timestamp& t) {
  return t.nanos() >= 0 && t.nanos() <= 999'999'999 &&
         t.seconds() >= TimeUtil::kTimestampMinSeconds &&
         t.seconds() <= TimeUtil::kTimestampMaxSeconds;
}

std::string AttemptPath(int i, std::string_view field) {
  return "attempts[" + std::to_string(i) + "]." + std::string(field);
}

class Checker {
 public:
  Checker(const v1::Observation& obs, const RegisterView& reg, const v1::ScoringConfig& config)
      : obs_(obs), reg_(reg), config_(config) {}

  std::vector<FieldIssue> Run() && {
    CheckIds();
    CheckScenario();
    CheckChannel();
    CheckAttempts();
    CheckRatings();
    if (obs_.upsell() != 0 && !v1::Upsell_IsValid(obs_.upsell())) {
      Fail("upsell", "unknown upsell value " + std::to_string(obs_.upsell()));
    }
    if (size_t n = CodePoints(obs_.comment()); n > kMaxCommentCodePoints) {
      Fail("comment", "at most 4000 characters, got " + std::to_string(n));
    }
    return std::move(issues_);
  }

 private:
  void Fail(std::string field, std::string reason) {
    issues_.push_back({std::move(field), std::move(reason)});
  }

  void CheckIds() {
    if (obs_.submission_id().empty()) {
      Fail("submission_id", "required");
    } else if (!IsUuid(obs_.submission_id())) {
      Fail("submission_id", "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000");
    }
    if (obs_.program_id().empty()) {
      Fail("program_id", "required");
    } else if (!reg_.programs.contains(obs_.program_id())) {
      Fail("program_id", "unknown program " + obs_.program_id());
    }
    if (obs_.company_id().empty()) {
      Fail("company_id", "required");
    } else if (!reg_.companies.contains(obs_.company_id())) {
      Fail("company_id", "unknown company " + obs_.company_id());
    }
    if (obs_.observer_id().empty()) {
      Fail("observer_id", "required");
    } else if (auto it = reg_.observers.find(obs_.observer_id()); it == reg_.observers.end()) {
      Fail("observer_id", "unknown observer " + obs_.observer_id());
    } else if (!IsActive(it->second)) {
      Fail("observer_id", "observer " + obs_.observer_id() + " is not active");
    }
  }

  // Once a program lists its contact types, a contact names one of them or none.
  void CheckScenario() {
    auto it = reg_.programs.find(obs_.program_id());
    if (obs_.scenario().empty() || it == reg_.programs.end()) return;
    const auto& listed = it->second.program.scenarios();
    if (listed.empty()) return;
    auto named = [&](const v1::Scenario& s) { return s.id() == obs_.scenario(); };
    if (std::any_of(listed.begin(), listed.end(), named)) return;
    std::string known;
    for (const v1::Scenario& s : listed) known += (known.empty() ? "" : ", ") + s.id();
    Fail("scenario", "unknown scenario " + obs_.scenario() + " for program " + obs_.program_id() +
                         " (its scenarios: " + known + ")");
  }

  void CheckChannel() {
    if (obs_.channel() == v1::CHANNEL_UNSPECIFIED) {
      Fail("channel", "required");
    } else if (!v1::Channel_IsValid(obs_.channel())) {
      Fail("channel", "unknown channel " + std::to_string(obs_.channel()));
    }
  }

  void CheckAttempts() {
    const int n = obs_.attempts_size();
    if (n == 0) {
      Fail("attempts", "at least one attempt is required");
      return;
    }
    if (obs_.channel() == v1::EMAIL && n != 1) {
      Fail("attempts", "an EMAIL contact has exactly 1 attempt, got " + std::to_string(n));
    } else if (n > 2) {
      Fail("attempts", "at most 2 attempts, got " + std::to_string(n));
    }
    for (int i = 0; i < n; ++i) CheckAttempt(i);
    if (n >= 2) CheckOrder();
    CheckPeriod();
  }

  void CheckAttempt(int i) {
    const v1::Attempt& a = obs_.attempts(i);
    if (!a.has_started_at()) {
      Fail(AttemptPath(i, "started_at"), "required");
    } else if (!IsValidTimestamp(a.started_at())) {
      Fail(AttemptPath(i, "started_at"), "not a valid timestamp");
    }
    if (!a.has_wait()) {
      Fail(AttemptPath(i, "wait"), "required");
    } else if (IsNegative(a.wait())) {
      Fail(AttemptPath(i, "wait"), "must be >= 0, got " + TimeUtil::ToString(a.wait()));
    }
  }

  void CheckOrder() {
    for (int i = 1; i < obs_.attempts_size(); ++i) {
      const v1::Attempt& prev = obs_.attempts(i - 1);
      const v1::Attempt& cur = obs_.attempts(i);
      if (prev.has_started_at() && cur.has_started_at() && cur.started_at() < prev.started_at()) {
        Fail(AttemptPath(i, "started_at"),
             "attempts must be in time order: starts before attempts[" + std::to_string(i - 1) +
                 "]");
      }
    }
  }

  // Only the first attempt must fall inside the period; a second may fall after it.
  void CheckPeriod() {
    auto it = reg_.programs.find(obs_.program_id());
    const v1::Attempt& first = obs_.attempts(0);
    if (it == reg_.programs.end() || !first.has_started_at() ||
        !IsValidTimestamp(first.started_at())) {
      return;
    }
    const v1::Program& p = it->second.program;
    const Timestamp& t = first.started_at();
    bool before = p.has_period_start() && t < p.period_start();
    bool after = p.has_period_end() && !(t < p.period_end());
    if (before || after) {
      Fail(AttemptPath(0, "started_at"),
           TimeUtil::ToString(t) + " is outside the period of program " + p.id() + " [" +
               (p.has_period_start() ? TimeUtil::ToString(p.period_start()) : "") + ", " +
               (p.has_period_end() ? TimeUtil::ToString(p.period_end()) : "") + ")");
    }
  }

  void CheckRatings() {
    // Map order is unspecified; sort so that errors come out the same every time.
    std::vector<std::pair<std::string_view, int>> ratings(obs_.ratings().begin(),
                                                          obs_.ratings().end());
    std::sort(ratings.begin(), ratings.end());
    for (const auto& [key, value] : ratings) CheckRating(key, value);

    bool answered = std::any_of(obs_.attempts().begin(), obs_.attempts().end(),
                                [](const v1::Attempt& a) { return a.answered(); });
    if (answered && ratings.empty()) {
      Fail("ratings", "an answered contact needs at least one rating");
    } else if (!answered && !ratings.empty() && obs_.attempts_size() > 0) {
      Fail("ratings", "a contact with no answered attempt has no ratings");
    }
  }

  void CheckRating(std::string_view key, int value) {
    std::string path = "ratings." + std::string(key);
    auto it = std::find_if(config_.criteria().begin(), config_.criteria().end(),
                           [&](const v1::Criterion& c) { return c.id() == key; });
    if (it == config_.criteria().end()) {
      Fail(path, "unknown criterion " + std::string(key));
      return;
    }
    if (v1::Channel_IsValid(obs_.channel()) && obs_.channel() != v1::CHANNEL_UNSPECIFIED &&
        !scoring::CriterionApplies(*it, obs_.channel())) {
      Fail(path, std::string(key) + " does not apply to " + v1::Channel_Name(obs_.channel()));
      return;
    }
    if (value < 1 || value > 6) {
      Fail(path, "rating must be 1..6, got " + std::to_string(value));
    }
  }

  const v1::Observation& obs_;
  const RegisterView& reg_;
  const v1::ScoringConfig& config_;
  std::vector<FieldIssue> issues_;
};

}  // namespace

bool IsUuid(std::string_view id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

RegisterView RegisterView::FromRegister(const v1::Register& reg) {
  RegisterView view;
  for (const auto& c : reg.companies()) view.companies.emplace(c.id(), c);
  for (const auto& o : reg.observers()) view.observers.emplace(o.id(), o);
  for (const auto& p : reg.programs()) {
    ProgramEntry entry{p,
                       p.has_config()
                           ? scoring::ApplyOverrides(scoring::DefaultConfig(), p.config())
                           : scoring::DefaultConfig(),
                       "", nullptr};
    entry.program.clear_config();  // the effective one is kept beside it
    entry.config_sha256 = scoring::ConfigDigest(entry.config);
    // The flags need local dates and weekdays only, not the precomputed hours.
    auto calendar = scoring::BusinessCalendar::Create(entry.config.calendar(), 2000, 2000);
    if (calendar.ok())
      entry.calendar = std::make_shared<const scoring::BusinessCalendar>(std::move(*calendar));
    view.programs.emplace(p.id(), std::move(entry));
  }
  return view;
}

const v1::ScoringConfig& RegisterView::ConfigFor(const std::string& program_id) const {
  auto it = programs.find(program_id);
  return it == programs.end() ? scoring::DefaultConfig() : it->second.config;
}

std::string RegisterView::ConfigDigestFor(const std::string& program_id) const {
  auto it = programs.find(program_id);
  return it == programs.end() ? std::string() : it->second.config_sha256;
}

std::vector<FieldIssue> Validate(const v1::Observation& obs, const RegisterView& reg,
                                 const v1::ScoringConfig& config) {
  return Checker(obs, reg, config).Run();
}

std::vector<FieldIssue> Validate(const v1::Observation& obs, const RegisterView& reg) {
  return Validate(obs, reg, reg.ConfigFor(obs.program_id()));
}

}  // namespace msc::collector
