#include "msc/scoring/compare.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ranking.h"

namespace msc::scoring {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::TextFormat;

// The report's intervals are I +- 1.96 SE (METHODOLOGY.md section 4), unclamped, so
// the standard error is the interval's half width over 1.96.
constexpr double kZ95 = 1.96;

std::optional<double> StandardError(const v1::CompanyResult& company) {
  if (!company.has_ci_low() || !company.has_ci_high()) return std::nullopt;
  return (company.ci_high() - company.ci_low()) / (2 * kZ95);
}

// J(ind) is the mean of its m eligible companies' I(co); their samples are independent,
// so SE(J) = sqrt(sum SE(co)^2) / m. None when any of them has no interval.
std::map<std::string, std::optional<double>, std::less<>> IndustryStandardErrors(
    const v1::AwardReport& report) {
  struct Sum {
    double variances = 0;
    int companies = 0;
    bool complete = true;
  };
  std::map<std::string_view, Sum> sums;
  for (const v1::CompanyResult& co : report.companies()) {
    if (!co.eligible() || !co.has_index()) continue;
    Sum& sum = sums[co.industry_id()];
    ++sum.companies;
    const std::optional<double> se = StandardError(co);
    if (se) {
      sum.variances += *se * *se;
    } else {
      sum.complete = false;
    }
  }
  std::map<std::string, std::optional<double>, std::less<>> errors;
  for (const v1::IndustryResult& ind : report.industries()) {
    auto it = sums.find(ind.industry_id());
    std::optional<double>& se = errors[ind.industry_id()];
    if (it == sums.end() || !it->second.complete ||
        it->second.companies != ind.eligible_companies() || it->second.companies == 0) {
      continue;
    }
    se = std::sqrt(it->second.variances) / it->second.companies;
  }
  return errors;
}

// The change of one index and, when both have a standard error, its 95% interval.
v1::YearChange IndexChange(double index, std::optional<double> se, double previous,
                           std::optional<double> previous_se) {
  v1::YearChange change;
  change.set_previous_index(previous);
  change.set_change(index - previous);
  if (se && previous_se) {
    const double half = kZ95 * std::sqrt(*se * *se + *previous_se * *previous_se);
    change.set_change_low(change.change() - half);
    change.set_change_high(change.change() + half);
    change.set_significant(change.change_low() > 0 || change.change_high() < 0);
  }
  return change;
}

void CompareCompanies(v1::AwardReport& current, const v1::AwardReport& previous) {
  std::map<std::string_view, const v1::CompanyResult*> before;
  for (const v1::CompanyResult& co : previous.companies()) {
    if (co.has_index()) before.emplace(co.company_id(), &co);
  }
  int compared = 0;
  for (v1::CompanyResult& co : *current.mutable_companies()) {
    auto it = before.find(co.company_id());
    if (!co.has_index() || it == before.end()) continue;
    const v1::CompanyResult& prev = *it->second;
    ++compared;
    v1::YearChange change =
        IndexChange(co.index(), StandardError(co), prev.index(), StandardError(prev));
    if (prev.has_rank_overall()) {
      change.set_previous_rank(prev.rank_overall());
      if (co.has_rank_overall()) change.set_rank_change(prev.rank_overall() - co.rank_overall());
    }
    // A rank in another industry is no rank to move from.
    if (prev.has_rank_in_industry() && prev.industry_id() == co.industry_id()) {
      change.set_previous_rank_in_industry(prev.rank_in_industry());
      if (co.has_rank_in_industry()) {
        change.set_rank_in_industry_change(prev.rank_in_industry() - co.rank_in_industry());
      }
    }
    *co.mutable_change() = std::move(change);
  }
  current.mutable_comparison()->set_companies_compared(compared);
}

void CompareIndustries(v1::AwardReport& current, const v1::AwardReport& previous) {
  std::map<std::string_view, const v1::IndustryResult*> before;
  for (const v1::IndustryResult& ind : previous.industries()) {
    if (ind.has_index()) before.emplace(ind.industry_id(), &ind);
  }
  const auto errors = IndustryStandardErrors(current);
  const auto previous_errors = IndustryStandardErrors(previous);
  int compared = 0;
  for (v1::IndustryResult& ind : *current.mutable_industries()) {
    auto it = before.find(ind.industry_id());
    if (!ind.has_index() || it == before.end()) continue;
    const v1::IndustryResult& prev = *it->second;
    ++compared;
    v1::YearChange change = IndexChange(ind.index(), errors.at(ind.industry_id()), prev.index(),
                                        previous_errors.at(prev.industry_id()));
    if (prev.has_rank()) {
      change.set_previous_rank(prev.rank());
      if (ind.has_rank()) change.set_rank_change(prev.rank() - ind.rank());
    }
    *ind.mutable_change() = std::move(change);
  }
  current.mutable_comparison()->set_industries_compared(compared);
}

v1::Mover MoverOf(const v1::CompanyResult& co) {
  v1::Mover mover;
  mover.set_company_id(co.company_id());
  mover.set_name(co.name());
  mover.set_industry_id(co.industry_id());
  mover.set_previous_index(co.change().previous_index());
  mover.set_index(co.index());
  mover.set_change(co.change().change());
  if (co.change().has_change_low()) {
    mover.set_change_low(co.change().change_low());
    mover.set_change_high(co.change().change_high());
    mover.set_significant(co.change().significant());
  }
  return mover;
}

// The largest moves in one direction (sign +1: gains, -1: falls) among the companies
// eligible in both programs, by section 5's ranking of sign * change: the first
// kMovers and any tied with the last of them, a tie by id.
void AddMovers(v1::AwardReport& current, const std::map<std::string_view, bool>& eligible_before,
               int sign, google::protobuf::RepeatedPtrField<v1::Mover>& out) {
  std::vector<Candidate> candidates;
  const auto& companies = current.companies();
  for (int i = 0; i < companies.size(); ++i) {
    const v1::CompanyResult& co = companies[i];
    auto it = eligible_before.find(co.company_id());
    if (!co.has_change() || !co.eligible() || it == eligible_before.end() || !it->second) continue;
    const double move = sign * co.change().change();
    if (move <= kTieTolerance) continue;  // no move in this direction
    candidates.push_back({move, co.company_id(), static_cast<uint32_t>(i)});
  }
  const std::vector<Ranked> ranking = Rank(std::move(candidates));
  const size_t shown = TopListSize(ranking, kMovers);
  for (size_t k = 0; k < shown; ++k) *out.Add() = MoverOf(companies[ranking[k].item]);
}

std::string FieldText(const Message& message, const FieldDescriptor* field, int index) {
  std::string text;
  const Descriptor* type = field->message_type();
  if (type) {
    const Reflection* reflection = message.GetReflection();
    const Message& value = index < 0 ? reflection->GetMessage(message, field)
                                     : reflection->GetRepeatedMessage(message, field, index);
    TextFormat::Printer printer;
    printer.SetSingleLineMode(true);
    printer.PrintToString(value, &text);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return "{" + text + "}";
  }
  TextFormat::PrintFieldValueToString(message, field, index, &text);
  return text;
}

std::string ListText(const Message& message, const FieldDescriptor* field) {
  const int n = message.GetReflection()->FieldSize(message, field);
  std::string text = "[";
  for (int i = 0; i < n; ++i) text += (i ? ", " : "") + FieldText(message, field, i);
  return text + "]";
}

// Well-known types (durations) read best whole, as one value.
bool IsLeaf(const FieldDescriptor* field) {
  return !field->message_type() || field->message_type()->file()->package() == "google.protobuf";
}

void DiffMessages(const Message& current, const Message& previous, const std::string& prefix,
                  std::vector<v1::ConfigDifference>& out);

void Push(std::string path, std::string current, std::string previous,
          std::vector<v1::ConfigDifference>& out) {
  v1::ConfigDifference& d = out.emplace_back();
  d.set_field(std::move(path));
  d.set_current(std::move(current));
  d.set_previous(std::move(previous));
}

void DiffRepeated(const Message& current, const Message& previous, const FieldDescriptor* field,
                  const std::string& path, std::vector<v1::ConfigDifference>& out) {
  const Reflection* reflection = current.GetReflection();
  const int n = reflection->FieldSize(current, field);
  if (n != reflection->FieldSize(previous, field)) {
    Push(path, ListText(current, field), ListText(previous, field), out);
    return;
  }
  for (int i = 0; i < n; ++i) {
    const std::string element = path + "[" + std::to_string(i) + "]";
    if (!IsLeaf(field)) {
      DiffMessages(reflection->GetRepeatedMessage(current, field, i),
                   reflection->GetRepeatedMessage(previous, field, i), element + ".", out);
      continue;
    }
    std::string a = FieldText(current, field, i), b = FieldText(previous, field, i);
    if (a != b) Push(element, std::move(a), std::move(b), out);
  }
}

std::string SingularText(const Message& message, const FieldDescriptor* field) {
  if (field->has_presence() && !message.GetReflection()->HasField(message, field)) return "";
  return FieldText(message, field, -1);
}

void DiffMessages(const Message& current, const Message& previous, const std::string& prefix,
                  std::vector<v1::ConfigDifference>& out) {
  const Descriptor* type = current.GetDescriptor();
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < type->field_count(); ++i) fields.push_back(type->field(i));
  std::sort(fields.begin(), fields.end(),
            [](auto* a, auto* b) { return a->number() < b->number(); });
  const Reflection* reflection = current.GetReflection();
  for (const FieldDescriptor* field : fields) {
    const std::string path = prefix + std::string(field->name());
    if (field->is_repeated()) {
      DiffRepeated(current, previous, field, path, out);
    } else if (!IsLeaf(field)) {
      DiffMessages(reflection->GetMessage(current, field), reflection->GetMessage(previous, field),
                   path + ".", out);
    } else {
      std::string a = SingularText(current, field), b = SingularText(previous, field);
      if (a != b) Push(path, std::move(a), std::move(b), out);
    }
  }
}

}  // namespace

std::vector<v1::ConfigDifference> ConfigDifferences(const v1::ScoringConfig& current,
                                                    const v1::ScoringConfig& previous) {
  std::vector<v1::ConfigDifference> out;
  DiffMessages(current, previous, "", out);
  return out;
}

Status Compare(v1::AwardReport& current, const v1::AwardReport& previous,
               const ComparedPrograms& programs) {
  if (current.program_id() == previous.program_id()) {
    return Status::Invalid(
        "previous", "a program cannot be compared with itself ('" + current.program_id() + "')");
  }
  v1::Comparison& comparison = *current.mutable_comparison();
  comparison.set_previous_program_id(previous.program_id());
  comparison.set_previous_program_name(previous.program_name());
  comparison.set_previous_scoring_version(previous.scoring_version());
  comparison.set_previous_config_sha256(previous.config_sha256());
  if (programs.current.has_period_start())
    *comparison.mutable_period_start() = programs.current.period_start();
  if (programs.current.has_period_end())
    *comparison.mutable_period_end() = programs.current.period_end();
  if (programs.previous.has_period_start())
    *comparison.mutable_previous_period_start() = programs.previous.period_start();
  if (programs.previous.has_period_end())
    *comparison.mutable_previous_period_end() = programs.previous.period_end();
  std::vector<v1::ConfigDifference> differences;
  if (current.scoring_version() != previous.scoring_version()) {
    Push("scoring_version", current.scoring_version(), previous.scoring_version(), differences);
  }
  DiffMessages(current.config(), previous.config(), "", differences);
  for (v1::ConfigDifference& d : differences) *comparison.add_config_differences() = std::move(d);
  CompareCompanies(current, previous);
  CompareIndustries(current, previous);
  std::map<std::string_view, bool> eligible_before;
  for (const v1::CompanyResult& co : previous.companies()) {
    eligible_before.emplace(co.company_id(), co.eligible());
  }
  AddMovers(current, eligible_before, +1, *comparison.mutable_gains());
  AddMovers(current, eligible_before, -1, *comparison.mutable_falls());
  return Status::Ok();
}

}  // namespace msc::scoring
