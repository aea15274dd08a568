#include "msc/scoring/config.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "digest.h"
#include "msc/proto/default_config.h"
#include "msc/scoring/business_calendar.h"
#include "msc/scoring/score.h"

namespace msc::scoring {
namespace {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

// Collects the parser's complaints with 1-based line and column.
class ConfigErrors : public pb::io::ErrorCollector {
 public:
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    issues.push_back(
        {"line " + std::to_string(line + 1) + ":" + std::to_string(column + 1), message});
  }

  std::vector<FieldIssue> issues;
};

void CopySingularScalar(const pb::Message& from, const Field* field, pb::Message* to) {
  const pb::Reflection* r = from.GetReflection();
  const pb::Reflection* w = to->GetReflection();
  switch (field->cpp_type()) {
    case Field::CPPTYPE_INT32:
      w->SetInt32(to, field, r->GetInt32(from, field));
      break;
    case Field::CPPTYPE_INT64:
      w->SetInt64(to, field, r->GetInt64(from, field));
      break;
    case Field::CPPTYPE_UINT32:
      w->SetUInt32(to, field, r->GetUInt32(from, field));
      break;
    case Field::CPPTYPE_UINT64:
      w->SetUInt64(to, field, r->GetUInt64(from, field));
      break;
    case Field::CPPTYPE_DOUBLE:
      w->SetDouble(to, field, r->GetDouble(from, field));
      break;
    case Field::CPPTYPE_FLOAT:
      w->SetFloat(to, field, r->GetFloat(from, field));
      break;
    case Field::CPPTYPE_BOOL:
      w->SetBool(to, field, r->GetBool(from, field));
      break;
    case Field::CPPTYPE_ENUM:
      w->SetEnumValue(to, field, r->GetEnumValue(from, field));
      break;
    case Field::CPPTYPE_STRING:
      w->SetString(to, field, r->GetString(from, field));
      break;
    case Field::CPPTYPE_MESSAGE:
      assert(false && "messages recurse instead");
      break;
  }
}

// Field by field: a set singular scalar overrides, a set sub-message overrides
// recursively, a non-empty repeated field replaces the list. ListFields lists only
// the fields that are set (explicit presence) or non-default (implicit presence).
void Override(const pb::Message& overrides, pb::Message* out) {
  const pb::Reflection* from = overrides.GetReflection();
  const pb::Reflection* to = out->GetReflection();
  std::vector<const Field*> fields;
  from->ListFields(overrides, &fields);
  for (const Field* field : fields) {
    if (field->is_repeated()) {
      to->ClearField(out, field);
      for (int i = 0; i < from->FieldSize(overrides, field); ++i) {
        switch (field->cpp_type()) {
          case Field::CPPTYPE_MESSAGE:
            to->AddMessage(out, field)->CopyFrom(from->GetRepeatedMessage(overrides, field, i));
            break;
          case Field::CPPTYPE_ENUM:
            to->AddEnumValue(out, field, from->GetRepeatedEnumValue(overrides, field, i));
            break;
          case Field::CPPTYPE_STRING:
            to->AddString(out, field, from->GetRepeatedString(overrides, field, i));
            break;
          default:
            assert(false && "the config has no other repeated scalars");
        }
      }
    } else if (field->cpp_type() == Field::CPPTYPE_MESSAGE) {
      Override(from->GetMessage(overrides, field), to->MutableMessage(out, field));
    } else {
      CopySingularScalar(overrides, field, out);
    }
  }
}

int64_t Nanos(const google::protobuf::Duration& d) {
  return d.seconds() * 1'000'000'000 + d.nanos();
}

std::string Indexed(const std::string& name, int i) { return name + "[" + std::to_string(i) + "]"; }

void ValidateChannelRules(const v1::ScoringConfig& config, std::vector<FieldIssue>& issues) {
  std::set<int> seen;
  for (int i = 0; i < config.channel_rules_size(); ++i) {
    const v1::ChannelRule& rule = config.channel_rules(i);
    const std::string path = Indexed("channel_rules", i);
    if (rule.channel() < v1::PHONE || rule.channel() > v1::SOCIAL) {
      issues.push_back({path + ".channel", "must be PHONE, CHAT, EMAIL or SOCIAL"});
    } else if (!seen.insert(rule.channel()).second) {
      issues.push_back(
          {path + ".channel", "a second rule for " + v1::Channel_Name(rule.channel())});
    }
    if (rule.clock() != v1::WALL && rule.clock() != v1::BUSINESS) {
      issues.push_back({path + ".clock", "must be WALL or BUSINESS"});
    }
    const int64_t expectation = Nanos(rule.expectation()), benchmark = Nanos(rule.benchmark()),
                  unanswered = Nanos(rule.unanswered_after());
    if (expectation < 0) issues.push_back({path + ".expectation", "must not be negative"});
    if (benchmark < expectation) {
      issues.push_back({path + ".benchmark", "must be at least the expectation"});
    }
    if (unanswered < benchmark) {
      issues.push_back({path + ".unanswered_after", "must be at least the benchmark"});
    }
  }
  for (int channel = v1::PHONE; channel <= v1::SOCIAL; ++channel) {
    if (!seen.count(channel)) {
      issues.push_back(
          {"channel_rules", "no rule for " + v1::Channel_Name(static_cast<v1::Channel>(channel))});
    }
  }
}

void ValidateCriteria(const v1::ScoringConfig& config, std::vector<FieldIssue>& issues) {
  if (config.criteria().empty()) issues.push_back({"criteria", "at least one criterion"});
  if (config.criteria_size() > kMaxCriteria) {
    issues.push_back({"criteria", "at most " + std::to_string(kMaxCriteria) + " criteria"});
  }
  std::set<std::string> ids;
  for (int i = 0; i < config.criteria_size(); ++i) {
    const v1::Criterion& criterion = config.criteria(i);
    const std::string path = Indexed("criteria", i);
    if (criterion.id().empty()) issues.push_back({path + ".id", "must not be empty"});
    if (!ids.insert(criterion.id()).second) {
      issues.push_back({path + ".id", "\"" + criterion.id() + "\" listed twice"});
    }
    if (criterion.has_weight() && !(criterion.weight() > 0 && std::isfinite(criterion.weight()))) {
      issues.push_back({path + ".weight", "must be positive"});
    }
    for (int k = 0; k < criterion.channels_size(); ++k) {
      if (criterion.channels(k) < v1::PHONE || criterion.channels(k) > v1::SOCIAL) {
        issues.push_back({Indexed(path + ".channels", k), "not a channel"});
      }
    }
  }
  std::set<std::string> agent;
  for (int i = 0; i < config.agent_criteria_size(); ++i) {
    const std::string& id = config.agent_criteria(i);
    const std::string path = Indexed("agent_criteria", i);
    if (!ids.count(id)) {
      issues.push_back({path, "\"" + id + "\" is not a criterion of criteria"});
    } else if (!agent.insert(id).second) {
      issues.push_back({path, "\"" + id + "\" listed twice"});
    }
  }
}

void RequireAtLeast(bool present, int64_t value, int64_t minimum, const char* field,
                    std::vector<FieldIssue>& issues) {
  if (!present) {
    issues.push_back({field, "required"});
  } else if (value < minimum) {
    issues.push_back({field, "must be at least " + std::to_string(minimum)});
  }
}

void ValidateScalars(const v1::ScoringConfig& c, std::vector<FieldIssue>& issues) {
  RequireAtLeast(c.has_min_contacts_per_company(), c.min_contacts_per_company(), 1,
                 "min_contacts_per_company", issues);
  RequireAtLeast(c.has_min_contacts_per_company_channel(), c.min_contacts_per_company_channel(), 1,
                 "min_contacts_per_company_channel", issues);
  RequireAtLeast(c.has_min_companies_per_industry(), c.min_companies_per_industry(), 1,
                 "min_companies_per_industry", issues);
  RequireAtLeast(c.has_top_industries_per_channel(), c.top_industries_per_channel(), 1,
                 "top_industries_per_channel", issues);
  if (!c.has_unanswered_contact_score()) {
    issues.push_back({"unanswered_contact_score", "required"});
  } else if (!(c.unanswered_contact_score() >= 0 && c.unanswered_contact_score() <= 100)) {
    issues.push_back({"unanswered_contact_score", "must be within 0..100"});
  }
  if (c.company_aggregation() != v1::CHANNEL_BALANCED && c.company_aggregation() != v1::POOLED) {
    issues.push_back({"company_aggregation", "must be CHANNEL_BALANCED or POOLED"});
  }
  if (!c.has_count_received()) issues.push_back({"count_received", "required"});
  const v1::Zones& z = c.zones();
  if (!z.has_green_from() || !z.has_yellow_from()) {
    issues.push_back({"zones", "green_from and yellow_from are required"});
  } else if (!(0 <= z.yellow_from() && z.yellow_from() <= z.green_from() &&
               z.green_from() <= 100)) {
    issues.push_back({"zones.yellow_from", "need 0 <= yellow_from <= green_from <= 100"});
  }
  RequireAtLeast(c.bootstrap().has_replicates(), c.bootstrap().replicates(), 0,
                 "bootstrap.replicates", issues);
  if (c.bootstrap().replicates() > 100000) {
    issues.push_back({"bootstrap.replicates", "at most 100000"});
  }
  if (!c.bootstrap().has_seed()) issues.push_back({"bootstrap.seed", "required"});
  if (!c.has_observer_adjustment()) issues.push_back({"observer_adjustment", "required"});
  if (c.rank_by() != v1::RAW && c.rank_by() != v1::ADJUSTED) {
    issues.push_back({"rank_by", "must be RAW or ADJUSTED"});
  } else if (c.rank_by() == v1::ADJUSTED && !c.observer_adjustment()) {
    issues.push_back({"rank_by", "ADJUSTED needs observer_adjustment: true"});
  }
  const v1::WinnerResult winner = c.winner_result();
  if (winner != v1::TOTAL && winner != v1::ANSWERED && winner != v1::AGENT) {
    issues.push_back({"winner_result", "must be TOTAL, ANSWERED or AGENT"});
  } else if (winner == v1::AGENT && c.agent_criteria().empty()) {
    issues.push_back({"winner_result", "AGENT needs agent_criteria"});
  } else if (winner != v1::TOTAL && c.rank_by() == v1::ADJUSTED) {
    issues.push_back({"winner_result", "rank_by: ADJUSTED needs winner_result: TOTAL"});
  }
}

}  // namespace

const v1::ScoringConfig& DefaultConfig() {
  static const v1::ScoringConfig* const kDefault = [] {
    auto* config = new v1::ScoringConfig;
    const bool parsed =
        pb::TextFormat::ParseFromString(std::string(msc::DefaultConfigText()), config);
    assert(parsed && "the built-in default config parses");
    (void)parsed;
    return config;
  }();
  return *kDefault;
}

Result<v1::ScoringConfig> ParseConfigText(std::string_view text) {
  ConfigErrors errors;
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  v1::ScoringConfig config;
  if (!parser.ParseFromString(std::string(text), &config)) {
    if (errors.issues.empty()) errors.issues.push_back({"", "not a ScoringConfig"});
    return Status::Invalid(std::move(errors.issues));
  }
  return config;
}

v1::ScoringConfig ApplyOverrides(const v1::ScoringConfig& base,
                                 const v1::ScoringConfig& overrides) {
  v1::ScoringConfig out = base;
  Override(overrides, &out);
  // A catalogue given without agent criteria keeps those of the base it still has, so
  // a program that replaced the criteria before agent_criteria existed still validates.
  if (overrides.criteria_size() > 0 && overrides.agent_criteria().empty()) {
    std::set<std::string> ids;
    for (const v1::Criterion& criterion : out.criteria()) ids.insert(criterion.id());
    auto* agent = out.mutable_agent_criteria();
    agent->erase(std::remove_if(agent->begin(), agent->end(),
                                [&](const std::string& id) { return !ids.count(id); }),
                 agent->end());
  }
  return out;
}

v1::ScoringConfig EffectiveConfig(const v1::Program& program) {
  if (!program.has_config()) return DefaultConfig();
  return ApplyOverrides(DefaultConfig(), program.config());
}

void ValidateFieldwork(const v1::FieldworkPlan& plan, std::vector<FieldIssue>& issues) {
  for (int i = 0; i < plan.quotas_size(); ++i) {
    const std::string path = "fieldwork.quotas[" + std::to_string(i) + "]";
    const v1::ChannelQuota& q = plan.quotas(i);
    if (q.channel() == v1::CHANNEL_UNSPECIFIED || !v1::Channel_IsValid(q.channel()))
      issues.push_back({path + ".channel", "a channel is required"});
    if (q.contacts() < 0) issues.push_back({path + ".contacts", "must be 0 or more"});
  }
  const int opens = ParseHourMinute(plan.window_opens());
  const int closes = ParseHourMinute(plan.window_closes());
  if (opens < 0) issues.push_back({"fieldwork.window_opens", "expected local time \"HH:MM\""});
  if (closes < 0) issues.push_back({"fieldwork.window_closes", "expected local time \"HH:MM\""});
  if (opens >= 0 && closes >= 0 && closes <= opens)
    issues.push_back({"fieldwork.window_closes", "must be later than fieldwork.window_opens"});
  if (ParseHourMinute(plan.email_sent_before()) < 0)
    issues.push_back({"fieldwork.email_sent_before", "expected local time \"HH:MM\""});
  if (!plan.has_retry_on_another_day())
    issues.push_back({"fieldwork.retry_on_another_day", "required"});
  RequireAtLeast(plan.has_max_contacts_per_observer_company(),
                 plan.max_contacts_per_observer_company(), 1,
                 "fieldwork.max_contacts_per_observer_company", issues);
}

Status ValidateConfig(const v1::ScoringConfig& config) {
  std::vector<FieldIssue> issues;
  ValidateChannelRules(config, issues);
  ValidateFieldwork(config.fieldwork(), issues);
  ValidateCriteria(config, issues);
  ValidateScalars(config, issues);
  // One year is enough to check the calendar's fields.
  Result<BusinessCalendar> calendar = BusinessCalendar::Create(config.calendar(), 2000, 2000);
  if (!calendar.ok()) {
    for (const FieldIssue& issue : calendar.status().field_errors()) issues.push_back(issue);
  }
  if (issues.empty()) return Status::Ok();
  return Status::Invalid(std::move(issues));
}

const v1::ChannelRule* RuleFor(const v1::ScoringConfig& config, v1::Channel channel) {
  for (const v1::ChannelRule& rule : config.channel_rules()) {
    if (rule.channel() == channel) return &rule;
  }
  return nullptr;
}

bool CriterionApplies(const v1::Criterion& criterion, v1::Channel channel) {
  if (criterion.channels().empty()) return true;
  for (int c : criterion.channels()) {
    if (c == channel) return true;
  }
  return false;
}

std::string ConfigDigest(const v1::ScoringConfig& config) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    config.SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes);
}

}  // namespace msc::scoring
