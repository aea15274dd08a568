#include "report_text.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace msc::render {

std::string Fixed1(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  std::string s = buf;
  if (s == "-0.0") s = "0.0";
  return s;
}

std::string Percent1(double fraction) { return Fixed1(fraction * 100.0) + "%"; }

std::string Signed1(double value) {
  std::string s = Fixed1(value);
  return (value > 0 && s != "0.0") ? "+" + s : s;
}

std::string Wait(double seconds) {
  if (seconds < 120) return Fixed1(seconds) + " s";
  if (seconds < 2 * 3600) return Fixed1(seconds / 60) + " min";
  return Fixed1(seconds / 3600) + " h";
}

std::string Exact(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

std::string Fixed1(const std::optional<double>& value) {
  return value ? Fixed1(*value) : std::string(kAbsent);
}

std::string Wait(const std::optional<double>& seconds) {
  return seconds ? Wait(*seconds) : std::string(kAbsent);
}

std::string Rank(const std::optional<int>& rank) {
  return rank ? std::to_string(*rank) : std::string(kAbsent);
}

std::string Interval(const std::optional<double>& low, const std::optional<double>& high) {
  if (!low || !high) return std::string(kAbsent);
  return Fixed1(*low) + "–" + Fixed1(*high);
}

std::string Signed1(const std::optional<double>& value) {
  return value ? Signed1(*value) : std::string(kAbsent);
}

std::string ChangeInterval(const std::optional<double>& low, const std::optional<double>& high) {
  if (!low || !high) return std::string(kAbsent);
  return Signed1(*low) + " to " + Signed1(*high);
}

std::string RankChange(const std::optional<int>& change) {
  if (!change) return std::string(kAbsent);
  return *change > 0 ? "+" + std::to_string(*change) : std::to_string(*change);
}

std::string Period(const v1::Comparison& c, bool previous) {
  const bool has_start = previous ? c.has_previous_period_start() : c.has_period_start();
  const bool has_end = previous ? c.has_previous_period_end() : c.has_period_end();
  const std::string start = has_start ? google::protobuf::util::TimeUtil::ToString(
                                            previous ? c.previous_period_start() : c.period_start())
                                      : "open";
  const std::string end = has_end ? google::protobuf::util::TimeUtil::ToString(
                                        previous ? c.previous_period_end() : c.period_end())
                                  : "open";
  return start + " to " + end;
}

std::string_view Direction(double change) {
  const std::string rounded = Fixed1(change);
  if (rounded == "0.0") return "unchanged";
  return change > 0 ? "up" : "down";
}

v1::WinnerResult DecidingResult(const v1::AwardReport& report) {
  const v1::WinnerResult result = report.config().winner_result();
  return result == v1::WINNER_RESULT_UNSPECIFIED ? v1::TOTAL : result;
}

std::string RankSetText(const v1::CompanyResult& co, RankScope scope) {
  const bool industry = scope == RankScope::kIndustry;
  if (industry ? !co.has_rank_set_in_industry_low() : !co.has_rank_set_overall_low()) {
    return std::string(kAbsent);
  }
  const int low = industry ? co.rank_set_in_industry_low() : co.rank_set_overall_low();
  const int high = industry ? co.rank_set_in_industry_high() : co.rank_set_overall_high();
  return std::to_string(low) + "-" + std::to_string(high);
}

std::string CompanyRank(const v1::AwardReport& report, const v1::CompanyResult& co,
                        v1::WinnerResult result, RankScope scope) {
  const bool industry = scope == RankScope::kIndustry;
  std::optional<int> rank;
  switch (result) {
    case v1::ANSWERED:
      rank = industry ? MSC_RENDER_OPT(co, rank_answered_in_industry)
                      : MSC_RENDER_OPT(co, rank_answered_overall);
      break;
    case v1::AGENT:
      rank = industry ? MSC_RENDER_OPT(co, rank_agent_in_industry)
                      : MSC_RENDER_OPT(co, rank_agent_overall);
      break;
    default:
      rank = industry ? MSC_RENDER_OPT(co, rank_in_industry) : MSC_RENDER_OPT(co, rank_overall);
  }
  const std::string set = RankSetText(co, scope);
  if (!rank || result != DecidingResult(report) || set == kAbsent) return Rank(rank);
  return std::to_string(*rank) + " (" + set + ")";
}

std::string ClarityText(const v1::WinnerClarity* clarity, const Names& names, size_t names_shown) {
  if (clarity == nullptr || !clarity->has_clear()) return std::string(kAbsent);
  if (clarity->clear()) return "clear winner";
  const auto& alike = clarity->indistinguishable_from();
  const size_t shown = std::min(static_cast<size_t>(alike.size()), names_shown);
  std::string out = "cannot be told apart from ";
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) out += i + 1 == shown && shown == static_cast<size_t>(alike.size()) ? " and " : ", ";
    out += names.Company(alike[static_cast<int>(i)]);
  }
  if (shown < static_cast<size_t>(alike.size())) {
    out += " and " + std::to_string(alike.size() - shown) + " more";
  }
  return out;
}

const v1::WinnerClarity* ClarityOf(
    const google::protobuf::RepeatedPtrField<v1::WinnerClarity>& clarity,
    const std::string& company_id) {
  for (const auto& c : clarity) {
    if (c.company_id() == company_id) return &c;
  }
  return nullptr;
}

std::string_view ChannelName(v1::Channel channel) {
  switch (channel) {
    case v1::PHONE:
      return "Phone";
    case v1::CHAT:
      return "Chat";
    case v1::EMAIL:
      return "E-mail";
    case v1::SOCIAL:
      return "Social";
    default:
      return "Unspecified";
  }
}

std::string_view ZoneName(v1::Zone zone) {
  switch (zone) {
    case v1::GREEN:
      return "green";
    case v1::YELLOW:
      return "yellow";
    case v1::RED:
      return "red";
    default:
      return kAbsent;
  }
}

std::string_view ZoneLabelColor(v1::Zone zone) {
  switch (zone) {
    case v1::GREEN:
      return "#2e7d32";
    case v1::YELLOW:
      return "#8a5a00";
    case v1::RED:
      return "#c62828";
    default:
      return "";
  }
}

size_t DisplayWidth(std::string_view utf8) {
  // Continuation bytes (10xxxxxx) do not start a character.
  return std::count_if(utf8.begin(), utf8.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

namespace {

std::string Lookup(const std::map<std::string, std::string, std::less<>>& names,
                   const std::string& id) {
  auto it = names.find(id);
  return it == names.end() || it->second.empty() ? id : it->second;
}

}  // namespace

Names::Names(const v1::AwardReport& report) {
  for (const auto& c : report.companies()) companies_[c.company_id()] = c.name();
  for (const auto& i : report.industries()) industries_[i.industry_id()] = i.name();
  for (const auto& list : report.channel_top_industries()) {
    for (const auto& t : list.industries()) {
      if (Lookup(industries_, t.industry_id()) == t.industry_id() && !t.name().empty()) {
        industries_[t.industry_id()] = t.name();
      }
    }
  }
  for (const auto& o : report.observers()) observers_[o.observer_id()] = o.name();
}

std::string Names::Company(const std::string& id) const { return Lookup(companies_, id); }
std::string Names::Industry(const std::string& id) const { return Lookup(industries_, id); }
std::string Names::Observer(const std::string& id) const { return Lookup(observers_, id); }

std::vector<const v1::IndustryResult*> IndustriesInRankOrder(const v1::AwardReport& report,
                                                             const Names& names) {
  std::vector<const v1::IndustryResult*> out;
  for (const auto& i : report.industries()) out.push_back(&i);
  std::stable_sort(out.begin(), out.end(), [&](const auto* a, const auto* b) {
    if (a->has_rank() != b->has_rank()) return a->has_rank();
    if (a->has_rank() && a->rank() != b->rank()) return a->rank() < b->rank();
    return names.Industry(a->industry_id()) < names.Industry(b->industry_id());
  });
  return out;
}

std::vector<const v1::CompanyResult*> CompaniesOf(const v1::AwardReport& report,
                                                  const std::string& industry_id,
                                                  const Names& names) {
  std::vector<const v1::CompanyResult*> out;
  for (const auto& c : report.companies()) {
    if (c.industry_id() == industry_id) out.push_back(&c);
  }
  std::stable_sort(out.begin(), out.end(), [&](const auto* a, const auto* b) {
    if (a->has_rank_in_industry() != b->has_rank_in_industry()) return a->has_rank_in_industry();
    if (a->has_rank_in_industry() && a->rank_in_industry() != b->rank_in_industry()) {
      return a->rank_in_industry() < b->rank_in_industry();
    }
    return names.Company(a->company_id()) < names.Company(b->company_id());
  });
  return out;
}

}  // namespace msc::render
