// The terminal rendering: plain aligned columns a program manager reads in a shell.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "msc/render/render.h"
#include "report_text.h"

namespace msc::render {
namespace {

enum class Align { kLeft, kRight };

struct Cell {
  std::string text;
  v1::Zone zone = v1::ZONE_UNSPECIFIED;  // coloured when the table is in colour
};

// A titled grid whose columns are as wide as their widest cell.
class TextTable {
 public:
  TextTable(std::string title, std::vector<std::string> headers, std::vector<Align> aligns)
      : title_(std::move(title)), headers_(std::move(headers)), aligns_(std::move(aligns)) {}

  void Add(std::vector<Cell> row) { rows_.push_back(std::move(row)); }

  std::string Render(bool color) const {
    std::vector<size_t> widths = Widths();
    std::string out = title_ + "\n";
    std::vector<Cell> header_cells;
    for (const auto& h : headers_) header_cells.push_back({h});
    out += Line(header_cells, widths, false);
    size_t total = 0;
    for (size_t w : widths) total += w;
    total += 2 * (widths.empty() ? 0 : widths.size() - 1);
    out += std::string(total, '-') + "\n";
    for (const auto& row : rows_) out += Line(row, widths, color);
    if (rows_.empty()) out += "(none)\n";
    return out + "\n";
  }

 private:
  std::vector<size_t> Widths() const {
    std::vector<size_t> widths;
    for (const auto& h : headers_) widths.push_back(DisplayWidth(h));
    for (const auto& row : rows_) {
      for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
        widths[i] = std::max(widths[i], DisplayWidth(row[i].text));
      }
    }
    return widths;
  }

  std::string Line(const std::vector<Cell>& row, const std::vector<size_t>& widths,
                   bool color) const {
    std::string line;
    for (size_t i = 0; i < widths.size(); ++i) {
      const Cell empty;
      const Cell& cell = i < row.size() ? row[i] : empty;
      std::string pad(widths[i] - DisplayWidth(cell.text), ' ');
      std::string text = color ? Colored(cell) : cell.text;
      if (i > 0) line += "  ";
      line += aligns_[i] == Align::kRight ? pad + text : text + pad;
    }
    // Trailing blanks only make diffs and copy-paste noisy.
    line.erase(line.find_last_not_of(' ') + 1);
    return line + "\n";
  }

  static std::string Colored(const Cell& cell) {
    const char* code = nullptr;
    switch (cell.zone) {
      case v1::GREEN:
        code = "\x1b[32m";
        break;
      case v1::YELLOW:
        code = "\x1b[33m";
        break;
      case v1::RED:
        code = "\x1b[31m";
        break;
      default:
        return cell.text;
    }
    return code + cell.text + "\x1b[0m";
  }

  std::string title_;
  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<Cell>> rows_;
};

constexpr Align L = Align::kLeft;
constexpr Align R = Align::kRight;

Cell ZoneCell(v1::Zone zone) { return {std::string(ZoneName(zone)), zone}; }

Cell Probability(const std::optional<double>& p) {
  return {p ? Percent1(*p) : std::string(kAbsent)};
}

std::vector<Cell> RateCells(const v1::ContactRates& r) {
  return {{std::to_string(r.contacts())},
          {std::to_string(r.served())},
          {Percent1(r.compliance_expectation())},
          {Percent1(r.compliance_benchmark())},
          {Percent1(r.first_attempt_missed_rate())},
          {Percent1(r.unanswered_rate())},
          {Wait(MSC_RENDER_OPT(r, median_wait_s))},
          {Wait(MSC_RENDER_OPT(r, p90_wait_s))}};
}

TextTable RateTable(std::string title, std::vector<std::string> key_headers) {
  std::vector<std::string> headers = std::move(key_headers);
  std::vector<Align> aligns(headers.size(), L);
  for (const char* h : {"contacts", "served", "expectation", "benchmark", "1st missed",
                        "unanswered", "median wait", "p90 wait"}) {
    headers.push_back(h);
    aligns.push_back(R);
  }
  return TextTable(std::move(title), std::move(headers), std::move(aligns));
}

std::vector<Cell> Join(std::vector<Cell> a, const std::vector<Cell>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::string Summary(const v1::AwardReport& r, bool color) {
  const v1::Summary& s = r.summary();
  TextTable counts("Summary", {"", "count"}, {L, R});
  auto add = [&](const char* what, int64_t n) { counts.Add({{what}, {std::to_string(n)}}); };
  add("observations", s.observations());
  add("counted contacts", s.counted());
  add("excluded by review", s.excluded_by_review());
  add("outside the period", s.outside_period());
  add("companies", s.companies());
  add("eligible companies", s.eligible_companies());
  add("industries", s.industries());
  add("ranked industries", s.ranked_industries());
  add("observers", s.observers());

  TextTable channels = RateTable("Channel compliance (first attempt)", {"channel"});
  for (const auto& ch : s.channels()) {
    channels.Add(Join({{std::string(ChannelName(ch.channel()))}}, RateCells(ch.rates())));
  }
  channels.Add(Join({{"all"}}, RateCells(s.rates())));
  return counts.Render(color) + channels.Render(color);
}

std::string IndustryRanking(const v1::AwardReport& r, const Names& names, bool color) {
  TextTable t("Industry ranking",
              {"rank", "industry", "index", "answered", "answered rank", "agent", "agent rank",
               "adjusted", "zone", "eligible", "without CI"},
              {R, L, R, R, R, R, R, R, L, R, R});
  for (const auto* ind : IndustriesInRankOrder(r, names)) {
    // Companies whose interval is absent (a channel with under two contacts) are
    // ranked on a point value alone; the committee wants to see how many.
    int no_interval = 0;
    for (const auto* co : CompaniesOf(r, ind->industry_id(), names)) {
      if (co->eligible() && !(co->has_ci_low() && co->has_ci_high())) ++no_interval;
    }
    t.Add({{Rank(MSC_RENDER_OPT(*ind, rank))},
           {names.Industry(ind->industry_id())},
           {Fixed1(MSC_RENDER_OPT(*ind, index))},
           {Fixed1(MSC_RENDER_OPT(*ind, answered_index))},
           {Rank(MSC_RENDER_OPT(*ind, rank_answered))},
           {Fixed1(MSC_RENDER_OPT(*ind, agent_index))},
           {Rank(MSC_RENDER_OPT(*ind, rank_agent))},
           {Fixed1(MSC_RENDER_OPT(*ind, adjusted_index))},
           ZoneCell(ind->zone()),
           {std::to_string(ind->eligible_companies())},
           {std::to_string(no_interval)}});
  }
  return t.Render(color);
}

std::string IndustryCompanies(const v1::AwardReport& r, const v1::IndustryResult& ind,
                              const Names& names, bool color) {
  const std::string industry = names.Industry(ind.industry_id());
  TextTable t(industry + ": companies",
              {"rank", "company", "contacts", "index", "95% CI", "answered", "answered rank",
               "agent", "agent rank", "adjusted", "zone", "P(win industry)", "P(win overall)",
               "overall rank", "answered overall", "agent overall"},
              {R, L, R, R, R, R, R, R, R, R, L, R, R, R, R, R});
  TextTable ch = RateTable(industry + ": channel compliance", {"company", "channel", "index"});
  for (const auto* co : CompaniesOf(r, ind.industry_id(), names)) {
    std::string name = names.Company(co->company_id());
    // Ranks by the deciding result carry their 95% rank sets: "2 (1-4)".
    auto rank = [&](v1::WinnerResult result, RankScope scope) -> Cell {
      return {CompanyRank(r, *co, result, scope)};
    };
    t.Add({rank(v1::TOTAL, RankScope::kIndustry),
           {co->eligible() ? name : name + " (not eligible)"},
           {std::to_string(co->contacts())},
           {Fixed1(MSC_RENDER_OPT(*co, index))},
           {Interval(MSC_RENDER_OPT(*co, ci_low), MSC_RENDER_OPT(*co, ci_high))},
           {Fixed1(MSC_RENDER_OPT(*co, answered_index))},
           rank(v1::ANSWERED, RankScope::kIndustry),
           {Fixed1(MSC_RENDER_OPT(*co, agent_index))},
           rank(v1::AGENT, RankScope::kIndustry),
           {Fixed1(MSC_RENDER_OPT(*co, adjusted_index))},
           ZoneCell(co->zone()),
           Probability(MSC_RENDER_OPT(*co, win_probability_industry)),
           Probability(MSC_RENDER_OPT(*co, win_probability_overall)),
           rank(v1::TOTAL, RankScope::kOverall),
           rank(v1::ANSWERED, RankScope::kOverall),
           rank(v1::AGENT, RankScope::kOverall)});
    for (const auto& c : co->channels()) {
      ch.Add(Join(
          {{name}, {std::string(ChannelName(c.channel()))}, {Fixed1(MSC_RENDER_OPT(c, index))}},
          RateCells(c.rates())));
    }
  }
  return t.Render(color) + ch.Render(color);
}

std::string TopLists(const v1::AwardReport& r, const Names& names, bool color) {
  TextTable t("Top industries per channel", {"channel", "rank", "industry", "index", "zone"},
              {L, R, L, R, L});
  for (const auto& list : r.channel_top_industries()) {
    for (const auto& top : list.industries()) {
      t.Add({{std::string(ChannelName(list.channel()))},
             {std::to_string(top.rank())},
             {top.name().empty() ? names.Industry(top.industry_id()) : top.name()},
             {Fixed1(top.index())},
             ZoneCell(top.zone())});
    }
  }
  return t.Render(color);
}

std::string Winners(const v1::AwardReport& r, const Names& names, bool color) {
  TextTable t("Winners (rank with its 95% rank set)",
              {"award", "company", "index", "rank", "told apart?"}, {L, L, R, R, L});
  std::map<std::string, const v1::CompanyResult*> by_id;
  for (const auto& co : r.companies()) by_id[co.company_id()] = &co;
  auto index_of = [&](const std::string& id) {
    auto it = by_id.find(id);
    return it == by_id.end() ? std::string(kAbsent) : Fixed1(MSC_RENDER_OPT(*it->second, index));
  };
  auto rank_of = [&](const std::string& id, RankScope scope) {
    auto it = by_id.find(id);
    return it == by_id.end() ? std::string(kAbsent)
                             : CompanyRank(r, *it->second, DecidingResult(r), scope);
  };
  for (const auto& id : r.overall_winners()) {
    t.Add({{"Award of the year"},
           {names.Company(id)},
           {index_of(id)},
           {rank_of(id, RankScope::kOverall)},
           {ClarityText(ClarityOf(r.overall_winner_clarity(), id), names)}});
  }
  for (const auto* ind : IndustriesInRankOrder(r, names)) {
    for (const auto& id : ind->winners()) {
      t.Add({{names.Industry(ind->industry_id())},
             {names.Company(id)},
             {index_of(id)},
             {rank_of(id, RankScope::kIndustry)},
             {ClarityText(ClarityOf(ind->winner_clarity(), id), names)}});
    }
  }
  return t.Render(color);
}

std::string Criteria(const v1::AwardReport& r, bool color) {
  TextTable t("Criteria (answers 1-6)",
              {"criterion", "1", "2", "3", "4", "5", "6", "not rated", "mean", "index", "zone"},
              {L, R, R, R, R, R, R, R, R, R, L});
  for (const auto& c : r.criteria()) {
    std::vector<Cell> row = {{c.criterion_id()}};
    for (int i = 0; i < 6; ++i) {
      row.push_back({i < c.counts_size() ? std::to_string(c.counts(i)) : std::string(kAbsent)});
    }
    row.push_back({std::to_string(c.not_rated())});
    row.push_back({Fixed1(MSC_RENDER_OPT(c, mean_1_6))});
    row.push_back({Fixed1(MSC_RENDER_OPT(c, mean_100))});
    row.push_back(ZoneCell(c.zone()));
    t.Add(std::move(row));
  }
  return t.Render(color);
}

std::string Observers(const v1::AwardReport& r, const Names& names, bool color) {
  TextTable t("Observer leniency (points on the 0-100 scale, + = more lenient)",
              {"observer", "contacts", "leniency"}, {L, R, R});
  std::vector<const v1::ObserverResult*> obs;
  for (const auto& o : r.observers()) obs.push_back(&o);
  std::stable_sort(obs.begin(), obs.end(),
                   [](const auto* a, const auto* b) { return a->leniency() > b->leniency(); });
  for (const auto* o : obs) {
    t.Add({{names.Observer(o->observer_id())},
           {std::to_string(o->contacts())},
           {Signed1(o->leniency())}});
  }
  return t.Render(color);
}

std::vector<Cell> ScenarioCells(const v1::ScenarioFigures& f) {
  return Join({{Rank(MSC_RENDER_OPT(f, rank))},
               {Fixed1(MSC_RENDER_OPT(f, index))},
               {Fixed1(MSC_RENDER_OPT(f, answered_index))},
               {Fixed1(MSC_RENDER_OPT(f, agent_index))},
               ZoneCell(f.zone())},
              f.has_rates() ? RateCells(f.rates()) : std::vector<Cell>{{"0"}});
}

TextTable ScenarioTable(std::string title, std::vector<std::string> key_headers) {
  std::vector<std::string> headers = std::move(key_headers);
  std::vector<Align> aligns(headers.size(), L);
  for (const char* h : {"rank", "index", "answered", "agent", "zone"}) headers.push_back(h);
  aligns.insert(aligns.end(), {R, R, R, R, L});
  for (const char* h : {"contacts", "served", "expectation", "benchmark", "1st missed",
                        "unanswered", "median wait", "p90 wait"}) {
    headers.push_back(h);
    aligns.push_back(R);
  }
  return TextTable(std::move(title), std::move(headers), std::move(aligns));
}

// Contact types: the program, then per channel, per industry and the criteria.
std::string Scenarios(const v1::AwardReport& r, const Names& names, bool color) {
  if (r.scenarios_size() == 0) return "";
  TextTable all = ScenarioTable("Contact types", {"scenario"});
  TextTable channels = ScenarioTable("Contact types per channel", {"channel", "scenario"});
  TextTable industries = ScenarioTable("Contact types per industry", {"industry", "scenario"});
  std::vector<std::string> criteria_headers = {"criterion"};
  for (const auto& s : r.scenarios()) {
    const std::string name = s.name().empty() ? s.scenario_id() : s.name();
    criteria_headers.push_back(name);
    all.Add(Join({{name}}, ScenarioCells(s.program())));
    for (const auto& c : s.channels())
      channels.Add(
          Join({{std::string(ChannelName(c.channel()))}, {name}}, ScenarioCells(c.figures())));
    for (const auto& i : s.industries())
      industries.Add(Join({{names.Industry(i.industry_id())}, {name}}, ScenarioCells(i.figures())));
  }
  std::vector<Align> criteria_aligns(criteria_headers.size(), R);
  criteria_aligns[0] = L;
  TextTable criteria("Contact types: criteria (index 0-100 over served contacts)",
                     std::move(criteria_headers), std::move(criteria_aligns));
  for (int k = 0; k < r.criteria_size(); ++k) {
    std::vector<Cell> row = {{r.criteria(k).criterion_id()}};
    for (const auto& s : r.scenarios()) {
      if (k >= s.criteria_size()) {
        row.push_back({std::string(kAbsent)});
        continue;
      }
      const v1::CriterionStats& c = s.criteria(k);
      row.push_back({Fixed1(MSC_RENDER_OPT(c, mean_100)), c.zone()});
    }
    criteria.Add(std::move(row));
  }
  std::string out = all.Render(color) + channels.Render(color) + industries.Render(color) +
                    criteria.Render(color);
  if (r.contacts_without_scenario() > 0) {
    out += std::to_string(r.contacts_without_scenario()) +
           " counted contacts name no listed scenario and are in none of these.\n\n";
  }
  return out;
}

// Year over year (only when the report compares): what was compared, what differs in
// the rules, then the changes and the largest moves.
std::string Comparison(const v1::AwardReport& r, const Names& names, bool color) {
  const v1::Comparison& c = r.comparison();
  TextTable programs("Year over year", {"", "program", "period", "scoring"}, {L, L, L, L});
  programs.Add({{"this"},
                {r.program_name().empty() ? r.program_id() : r.program_name()},
                {Period(c, false)},
                {r.scoring_version()}});
  programs.Add(
      {{"compared with"},
       {(c.previous_program_name().empty() ? c.previous_program_id() : c.previous_program_name()) +
        " (" + c.previous_program_id() + ")"},
       {Period(c, true)},
       {c.previous_scoring_version()}});
  TextTable diffs("Config and methodology differences", {"field", "this program", "compared"},
                  {L, L, L});
  for (const auto& d : c.config_differences()) {
    diffs.Add({{d.field()},
               {d.current().empty() ? "(not set)" : d.current()},
               {d.previous().empty() ? "(not set)" : d.previous()}});
  }
  TextTable industries("Industries year over year",
                       {"industry", "index", "previous", "change", "95% CI of change", "rank",
                        "previous rank", "rank change"},
                       {L, R, R, R, R, R, R, R});
  for (const auto* ind : IndustriesInRankOrder(r, names)) {
    if (!ind->has_change()) continue;
    const v1::YearChange& ch = ind->change();
    industries.Add(
        {{names.Industry(ind->industry_id())},
         {Fixed1(MSC_RENDER_OPT(*ind, index))},
         {Fixed1(ch.previous_index())},
         {Signed1(ch.change())},
         {ChangeInterval(MSC_RENDER_OPT(ch, change_low), MSC_RENDER_OPT(ch, change_high))},
         {Rank(MSC_RENDER_OPT(*ind, rank))},
         {Rank(MSC_RENDER_OPT(ch, previous_rank))},
         {RankChange(MSC_RENDER_OPT(ch, rank_change))}});
  }
  TextTable companies(
      "Companies year over year",
      {"company", "industry", "index", "previous", "change", "95% CI of change", "overall rank",
       "previous", "rank change", "industry rank", "previous", "rank change"},
      {L, L, R, R, R, R, R, R, R, R, R, R});
  for (const auto* ind : IndustriesInRankOrder(r, names)) {
    for (const auto* co : CompaniesOf(r, ind->industry_id(), names)) {
      if (!co->has_change()) continue;
      const v1::YearChange& ch = co->change();
      companies.Add(
          {{names.Company(co->company_id())},
           {names.Industry(co->industry_id())},
           {Fixed1(MSC_RENDER_OPT(*co, index))},
           {Fixed1(ch.previous_index())},
           {Signed1(ch.change())},
           {ChangeInterval(MSC_RENDER_OPT(ch, change_low), MSC_RENDER_OPT(ch, change_high))},
           {Rank(MSC_RENDER_OPT(*co, rank_overall))},
           {Rank(MSC_RENDER_OPT(ch, previous_rank))},
           {RankChange(MSC_RENDER_OPT(ch, rank_change))},
           {Rank(MSC_RENDER_OPT(*co, rank_in_industry))},
           {Rank(MSC_RENDER_OPT(ch, previous_rank_in_industry))},
           {RankChange(MSC_RENDER_OPT(ch, rank_in_industry_change))}});
    }
  }
  auto movers = [&](const char* title, const auto& list) {
    TextTable t(
        title,
        {"company", "industry", "previous", "index", "change", "95% CI of change", "significant"},
        {L, L, R, R, R, R, L});
    for (const auto& m : list) {
      t.Add({{m.name().empty() ? m.company_id() : m.name()},
             {names.Industry(m.industry_id())},
             {Fixed1(m.previous_index())},
             {Fixed1(m.index())},
             {Signed1(m.change())},
             {ChangeInterval(MSC_RENDER_OPT(m, change_low), MSC_RENDER_OPT(m, change_high))},
             {!m.has_significant() ? std::string(kAbsent)
              : m.significant()    ? "yes"
                                   : "no"}});
    }
    return t.Render(color);
  };
  return programs.Render(color) + diffs.Render(color) + industries.Render(color) +
         companies.Render(color) + movers("Largest gains", c.gains()) +
         movers("Largest falls", c.falls());
}

}  // namespace

std::string RenderTable(const v1::AwardReport& report, const TableOptions& options) {
  const Names names(report);
  const bool color = options.color;
  std::string out = report.program_name().empty() ? report.program_id() : report.program_name();
  out += " (" + report.program_id() + "), scoring " + report.scoring_version() + "\n\n";
  out += Summary(report, color);
  out += IndustryRanking(report, names, color);
  for (const auto* ind : IndustriesInRankOrder(report, names)) {
    out += IndustryCompanies(report, *ind, names, color);
  }
  out += TopLists(report, names, color);
  out += Winners(report, names, color);
  out += Criteria(report, color);
  out += Scenarios(report, names, color);
  out += Observers(report, names, color);
  if (report.has_comparison()) out += Comparison(report, names, color);
  return out;
}

}  // namespace msc::render
