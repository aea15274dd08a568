// The publishable page: one HTML file with inline CSS and SVG. It opens offline, in
// any browser, without scripts, and prints well.

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "msc/render/render.h"
#include "report_text.h"
#include "svg_chart.h"

namespace msc::render {
namespace {

// Zone fills keep at least 3:1 contrast against white (WCAG non-text contrast).
constexpr const char* kGreen = "#2e7d32";
constexpr const char* kYellow = "#b7791f";
constexpr const char* kRed = "#c62828";
constexpr const char* kNeutral = "#5b6b7b";

constexpr const char* kStyle = R"(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1f2328; background: #fff; }
header.hero { background: #14365d; color: #fff; padding: 2.5rem 1.5rem 2rem; }
header.hero h1 { margin: 0 0 .3rem; font-size: 2.1rem; line-height: 1.2; }
header.hero p { margin: 0; color: #dbe6f3; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h2 { margin-top: 2.6rem; border-bottom: 2px solid #14365d; padding-bottom: .2rem; }
h3 { margin-top: 2rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .8rem;
         margin: 1.2rem 0; }
.card { border: 1px solid #d0d7de; border-radius: .5rem; padding: .8rem 1rem; }
.card .figure { font-size: 1.7rem; font-weight: 700; color: #14365d; }
.card .what { font-size: .9rem; color: #4a5562; }
.award { border: 2px solid #b08d1a; background: #fffaf0; border-radius: .6rem;
         padding: 1rem 1.4rem; margin: 1.5rem 0; }
.award h2 { border: 0; margin: 0 0 .4rem; }
.award .winner { font-size: 1.6rem; font-weight: 700; }
figure { margin: 1.2rem 0 1.8rem; overflow-x: auto; }
figcaption { font-size: .92rem; color: #4a5562; margin-top: .3rem; }
svg.chart { display: block; max-width: none; }
svg.chart text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                 fill: #1f2328; }
svg.chart text.tick { fill: #4a5562; font-size: 12px; }
svg.chart text.inbar { font-size: 12px; }
svg.chart text.value { paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg.chart line.grid { stroke: #e3e7eb; }
svg.chart line.axis { stroke: #1f2328; }
svg.chart line.whisker { stroke: #1f2328; stroke-width: 1.4; }
svg.chart line.threshold { stroke-width: 1.4; stroke-dasharray: 4 3; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .8rem 0 1.4rem; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid #e3e7eb; text-align: left; }
th { background: #f3f5f7; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.zone { display: inline-block; min-width: 3.8rem; padding: 0 .4rem; border-radius: .3rem;
        color: #fff; font-size: .85rem; text-align: center; }
)";

// The zone labels' colours are the workbook's zone cells' too.
std::string ZoneLabelStyle() {
  auto rule = [](v1::Zone zone) {
    return ".zone." + std::string(ZoneName(zone)) +
           " { background: " + std::string(ZoneLabelColor(zone)) + "; }";
  };
  return rule(v1::GREEN) + " " + rule(v1::YELLOW) + "\n" + rule(v1::RED);
}

constexpr const char* kStyleTail = R"(
footer { border-top: 1px solid #d0d7de; margin-top: 3rem; padding-top: 1rem; font-size: .9rem;
         color: #4a5562; }
footer code { word-break: break-all; color: #1f2328; }
@media print { header.hero { background: #fff; color: #000; } header.hero p { color: #333; }
               h2 { break-after: avoid; } figure { break-inside: avoid; } }
)";

std::string Esc(const std::string& s) { return EscapeHtml(s); }

std::string ZoneFill(v1::Zone zone) {
  switch (zone) {
    case v1::GREEN:
      return kGreen;
    case v1::YELLOW:
      return kYellow;
    case v1::RED:
      return kRed;
    default:
      return kNeutral;
  }
}

// A zone is written, not only coloured, so that it reads without colour vision.
std::string ZoneBadge(v1::Zone zone) {
  if (zone == v1::ZONE_UNSPECIFIED) return std::string(kAbsent);
  std::string name(ZoneName(zone));
  return "<span class=\"zone " + name + "\">" + name + "</span>";
}

double GreenFrom(const v1::AwardReport& r) {
  return r.config().zones().has_green_from() ? r.config().zones().green_from() : 70;
}
double YellowFrom(const v1::AwardReport& r) {
  return r.config().zones().has_yellow_from() ? r.config().zones().yellow_from() : 60;
}

std::vector<Threshold> ZoneLines(const v1::AwardReport& r) {
  return {{YellowFrom(r), "yellow from " + Fixed1(YellowFrom(r)), kYellow},
          {GreenFrom(r), "green from " + Fixed1(GreenFrom(r)), kGreen}};
}

std::string Figure(const std::string& svg, const std::string& caption) {
  return "<figure>\n" + svg + "<figcaption>" + caption + "</figcaption>\n</figure>\n";
}

// A table: header cells ending in '#' are numeric (right-aligned); '#' is dropped.
class HtmlTable {
 public:
  explicit HtmlTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // Cells are HTML already: callers escape text with Esc().
  void Add(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string Render() const {
    std::string out = "<table>\n<thead><tr>";
    for (const auto& h : headers_) {
      out += Numeric(h) ? "<th class=\"n\" scope=\"col\">" + Esc(h.substr(0, h.size() - 1))
                        : "<th scope=\"col\">" + Esc(h);
      out += "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : rows_) {
      out += "<tr>";
      for (size_t i = 0; i < row.size(); ++i) {
        bool n = i < headers_.size() && Numeric(headers_[i]);
        out += (n ? "<td class=\"n\">" : "<td>") + row[i] + "</td>";
      }
      out += "</tr>\n";
    }
    return out + "</tbody>\n</table>\n";
  }

 private:
  static bool Numeric(const std::string& h) { return !h.empty() && h.back() == '#'; }
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

std::string Card(const std::string& figure, const std::string& what) {
  return "<div class=\"card\"><div class=\"figure\">" + Esc(figure) + "</div><div class=\"what\">" +
         Esc(what) + "</div></div>\n";
}

const v1::CompanyResult* FindCompany(const v1::AwardReport& r, const std::string& id) {
  for (const auto& c : r.companies()) {
    if (c.company_id() == id) return &c;
  }
  return nullptr;
}

// Written without std::optional: GCC 12 at -O2 warns of a maybe-uninitialized
// optional<double> here, a known false positive that -Werror would turn fatal.
std::string WinProbability(const v1::CompanyResult& co) {
  return co.has_win_probability_industry() ? Percent1(co.win_probability_industry())
                                           : std::string(kAbsent);
}

std::string Hero(const v1::AwardReport& r) {
  const std::string name = r.program_name().empty() ? r.program_id() : r.program_name();
  return "<header class=\"hero\"><h1>" + Esc(name) + "</h1><p>Customer-service award · " +
         std::to_string(r.summary().counted()) + " contacts with " +
         std::to_string(r.summary().companies()) + " companies in " +
         std::to_string(r.summary().industries()) + " industries, by " +
         std::to_string(r.summary().observers()) + " mystery shoppers</p></header>\n";
}

// A company's overall rank set, "1-4", or "-".
std::string OverallRankSet(const v1::AwardReport& r, const std::string& id) {
  const auto* co = FindCompany(r, id);
  return co ? RankSetText(*co, RankScope::kOverall) : std::string(kAbsent);
}

std::string AwardOfTheYear(const v1::AwardReport& r, const Names& names) {
  if (r.overall_winners().empty()) return "";
  std::string out =
      "<section class=\"award\" aria-labelledby=\"award\"><h2 id=\"award\">"
      "Award of the year</h2>\n";
  for (const auto& id : r.overall_winners()) {
    const auto* co = FindCompany(r, id);
    out += "<div class=\"winner\">" + Esc(names.Company(id)) + "</div>";
    if (co) {
      out += "<div>" + Esc(names.Industry(co->industry_id())) + " · index " +
             Fixed1(MSC_RENDER_OPT(*co, index)) + "</div>\n";
    }
  }
  if (r.overall_winners_size() > 1) out += "<p>Joint winners: their indexes are equal.</p>\n";
  for (const auto& id : r.overall_winners()) {
    const v1::WinnerClarity* clarity = ClarityOf(r.overall_winner_clarity(), id);
    if (clarity == nullptr) continue;
    out +=
        "<p class=\"clarity\">" + Esc(names.Company(id)) + ": " +
        Esc(clarity->clear() ? "a clear winner, surely ahead of every other company (rank "
                               "set {1} at 95% confidence)"
                             : ClarityText(clarity, names, 10) + " at 95% confidence (rank set " +
                                   OverallRankSet(r, id) + ")") +
        "</p>\n";
  }
  return out + "</section>\n";
}

std::string KeyFigures(const v1::AwardReport& r) {
  const v1::Summary& s = r.summary();
  std::string out =
      "<section aria-labelledby=\"summary\"><h2 id=\"summary\">Summary</h2>\n"
      "<div class=\"cards\">\n";
  out += Card(std::to_string(s.counted()), "contacts counted");
  out += Card(std::to_string(s.eligible_companies()) + " / " + std::to_string(s.companies()),
              "companies eligible");
  out += Card(std::to_string(s.ranked_industries()) + " / " + std::to_string(s.industries()),
              "industries ranked");
  out += Card(std::to_string(s.observers()), "observers");
  for (const auto& ch : s.channels()) {
    out += Card(Percent1(ch.rates().first_attempt_missed_rate()),
                std::string(ChannelName(ch.channel())) + ": first attempt missed");
  }
  out += "</div>\n";
  HtmlTable t({"", "count#"});
  auto add = [&](const char* what, int64_t n) { t.Add({what, std::to_string(n)}); };
  add("Observations stored", s.observations());
  add("Counted contacts", s.counted());
  add("Excluded by review", s.excluded_by_review());
  add("Outside the period", s.outside_period());
  return out + t.Render() + "</section>\n";
}

std::string IndustryRanking(const v1::AwardReport& r, const Names& names) {
  BarChart chart{"Industry ranking by index, 0 to 100", 0, 100, "", {}, ZoneLines(r)};
  HtmlTable t({"Rank#", "Industry", "Index#", "Answered index#", "Answered rank#", "Agent index#",
               "Agent rank#", "Zone", "Eligible companies#"});
  for (const auto* ind : IndustriesInRankOrder(r, names)) {
    const std::string name = names.Industry(ind->industry_id());
    t.Add({Rank(MSC_RENDER_OPT(*ind, rank)), Esc(name), Fixed1(MSC_RENDER_OPT(*ind, index)),
           Fixed1(MSC_RENDER_OPT(*ind, answered_index)), Rank(MSC_RENDER_OPT(*ind, rank_answered)),
           Fixed1(MSC_RENDER_OPT(*ind, agent_index)), Rank(MSC_RENDER_OPT(*ind, rank_agent)),
           ZoneBadge(ind->zone()), std::to_string(ind->eligible_companies())});
    if (!ind->ranked() || !ind->has_index()) continue;
    chart.bars.push_back({std::to_string(ind->rank()) + ". " + name,
                          ind->index(),
                          {},
                          {},
                          ZoneFill(ind->zone()),
                          Fixed1(ind->index()) + " " + std::string(ZoneName(ind->zone())),
                          ""});
  }
  return "<section aria-labelledby=\"industries\"><h2 id=\"industries\">Industry ranking</h2>\n" +
         Figure(RenderBars(chart),
                "Industry index: the mean of its eligible companies' indexes. Dashed lines mark "
                "the zone thresholds. Industries with fewer than the required eligible companies "
                "are listed in the table but not ranked.") +
         t.Render() + "</section>\n";
}

std::string ChannelRule(const v1::AwardReport& r, v1::Channel channel) {
  for (const auto& rule : r.config().channel_rules()) {
    if (rule.channel() != channel) continue;
    const bool business = rule.clock() == v1::BUSINESS;
    auto text = [&](int64_t s) {
      return business ? Fixed1(s / 3600.0) + " business h" : Wait(static_cast<double>(s));
    };
    return text(rule.expectation().seconds()) + " / " + text(rule.benchmark().seconds());
  }
  return "";
}

std::string Channels(const v1::AwardReport& r) {
  GroupedChart compliance{"First-attempt compliance per channel",
                          100,
                          "%",
                          {{"within expectation", "#1f5f99"}, {"within benchmark", "#7fb1dc"}},
                          {}};
  GroupedChart missed{"Unanswered contacts per channel",
                      100,
                      "%",
                      {{"first attempt missed", "#b35806"}, {"not served at all", kRed}},
                      {}};
  HtmlTable t({"Channel", "Expectation / benchmark", "Contacts#", "Within expectation#",
               "Within benchmark#", "First attempt missed#", "Unanswered#", "Median wait#",
               "90th percentile wait#"});
  double worst = 0;
  for (const auto& ch : r.summary().channels()) {
    const auto& x = ch.rates();
    const std::string name(ChannelName(ch.channel()));
    compliance.groups.push_back(
        {name,
         {100 * x.compliance_expectation(), 100 * x.compliance_benchmark()},
         {Percent1(x.compliance_expectation()), Percent1(x.compliance_benchmark())}});
    missed.groups.push_back(
        {name,
         {100 * x.first_attempt_missed_rate(), 100 * x.unanswered_rate()},
         {Percent1(x.first_attempt_missed_rate()), Percent1(x.unanswered_rate())}});
    worst = std::max({worst, x.first_attempt_missed_rate(), x.unanswered_rate()});
    t.Add({Esc(name), Esc(ChannelRule(r, ch.channel())), std::to_string(x.contacts()),
           Percent1(x.compliance_expectation()), Percent1(x.compliance_benchmark()),
           Percent1(x.first_attempt_missed_rate()), Percent1(x.unanswered_rate()),
           Wait(MSC_RENDER_OPT(x, median_wait_s)), Wait(MSC_RENDER_OPT(x, p90_wait_s))});
  }
  // Unanswered rates are small; a 0-100 axis would flatten them.
  missed.max = std::min(100.0, std::max(10.0, std::ceil(worst * 10 + 0.5) * 10));
  return "<section aria-labelledby=\"channels\"><h2 id=\"channels\">Channels</h2>\n" +
         Figure(RenderGroupedBars(compliance),
                "Share of contacts whose first attempt was answered within the channel's "
                "expectation and benchmark. E-mail is measured in business hours.") +
         Figure(RenderGroupedBars(missed),
                "First attempt missed: not answered within the limit on the first try. Not "
                "served: no attempt answered within the limit.") +
         t.Render() + "</section>\n";
}

std::string TopIndustries(const v1::AwardReport& r, const Names& names) {
  if (r.channel_top_industries().empty()) return "";
  std::string out =
      "<section aria-labelledby=\"top\"><h2 id=\"top\">Top industries per channel</h2>\n";
  for (const auto& list : r.channel_top_industries()) {
    const std::string channel(ChannelName(list.channel()));
    BarChart chart{"Top industries, " + channel, 0, 100, "", {}, ZoneLines(r)};
    for (const auto& top : list.industries()) {
      const std::string name = top.name().empty() ? names.Industry(top.industry_id()) : top.name();
      chart.bars.push_back({std::to_string(top.rank()) + ". " + name,
                            top.index(),
                            {},
                            {},
                            ZoneFill(top.zone()),
                            Fixed1(top.index()),
                            ""});
    }
    out += Figure(RenderBars(chart), Esc(channel) + ": industry channel index.");
  }
  return out + "</section>\n";
}

std::string IndustryWinners(const v1::AwardReport& r, const Names& names) {
  HtmlTable t({"Industry", "Winner", "Index#", "95% interval#", "Win probability#",
               "Rank (95% rank set)#", "Told apart?"});
  for (const auto* ind : IndustriesInRankOrder(r, names)) {
    for (const auto& id : ind->winners()) {
      const auto* co = FindCompany(r, id);
      t.Add({Esc(names.Industry(ind->industry_id())), Esc(names.Company(id)),
             co ? Fixed1(MSC_RENDER_OPT(*co, index)) : std::string(kAbsent),
             co ? Esc(Interval(MSC_RENDER_OPT(*co, ci_low), MSC_RENDER_OPT(*co, ci_high)))
                : std::string(kAbsent),
             co ? WinProbability(*co) : std::string(kAbsent),
             co ? Esc(CompanyRank(r, *co, DecidingResult(r), RankScope::kIndustry))
                : std::string(kAbsent),
             Esc(ClarityText(ClarityOf(ind->winner_clarity(), id), names))});
    }
  }
  return "<section aria-labelledby=\"winners\"><h2 id=\"winners\">Industry winners</h2>\n" +
         t.Render() +
         "<p>A rank set holds the ranks a company may have at 95% confidence, given how many "
         "contacts it had. A clear winner is surely ahead of every other company in its "
         "industry; otherwise the companies it cannot be told apart from are named.</p>\n"
         "</section>\n";
}

// The overall rank sets of the first companies by the deciding result's rank.
constexpr int kRankSetChartCompanies = 15;

std::string RankSets(const v1::AwardReport& r, const Names& names) {
  std::vector<const v1::CompanyResult*> ranked;
  for (const auto& co : r.companies()) {
    if (co.has_rank_set_overall_low()) ranked.push_back(&co);
  }
  if (ranked.empty()) return "";
  const v1::WinnerResult result = DecidingResult(r);
  auto rank_of = [&](const v1::CompanyResult* co) {
    switch (result) {
      case v1::ANSWERED:
        return co->rank_answered_overall();
      case v1::AGENT:
        return co->rank_agent_overall();
      default:
        return co->rank_overall();
    }
  };
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](const auto* a, const auto* b) { return rank_of(a) < rank_of(b); });
  if (ranked.size() > kRankSetChartCompanies) ranked.resize(kRankSetChartCompanies);
  int widest = 5;  // whole-number ticks
  for (const auto* co : ranked) widest = std::max(widest, co->rank_set_overall_high());
  RangeChart chart{"Rank sets of the first " + std::to_string(ranked.size()) +
                       " companies overall, 95% confidence",
                   0.5,
                   widest + 0.5,
                   {}};
  for (const auto* co : ranked) {
    const std::string name = names.Company(co->company_id());
    const std::string rank = CompanyRank(r, *co, result, RankScope::kOverall);
    const bool clear = co->rank_set_overall_low() == co->rank_set_overall_high();
    chart.rows.push_back({name, co->rank_set_overall_low() - 0.5, co->rank_set_overall_high() + 0.5,
                          static_cast<double>(rank_of(co)), clear ? "#b08d1a" : "#7fb1dc", rank,
                          name + ": rank " + rank + ", may be ranked " +
                              RankSetText(*co, RankScope::kOverall) + " at 95% confidence"});
  }
  return "<section aria-labelledby=\"ranksets\"><h2 id=\"ranksets\">How sure the ranks "
         "are</h2>\n" +
         Figure(RenderRanges(chart),
                "Each bar spans the ranks the company may hold at 95% confidence (marginal "
                "confidence sets for ranks, from the bootstrap); the dot marks its rank. A bar "
                "over one rank only is a rank told apart from every other company's.") +
         "</section>\n";
}

std::string Criteria(const v1::AwardReport& r) {
  if (r.criteria().empty()) return "";
  StackedChart chart{"Distribution of answers 1 to 6 per criterion",
                     {{"1", "#b2182b"},
                      {"2", "#ef8a62"},
                      {"3", "#fddbc7"},
                      {"4", "#d1e5f0"},
                      {"5", "#67a9cf"},
                      {"6", "#2166ac"}},
                     {}};
  for (const auto& c : r.criteria()) {
    StackedRow row{c.question().empty() ? c.criterion_id() : c.question(), {}, ""};
    for (int64_t n : c.counts()) row.parts.push_back(static_cast<double>(n));
    row.note =
        "mean " + Fixed1(MSC_RENDER_OPT(c, mean_1_6)) + " · " + std::string(ZoneName(c.zone()));
    chart.rows.push_back(std::move(row));
  }
  return "<section aria-labelledby=\"criteria\"><h2 id=\"criteria\">What the shoppers "
         "experienced</h2>\n" +
         Figure(RenderStackedBars(chart),
                "Share of answers per value on the scale 1 (worst) to 6 (best), over served "
                "contacts where the criterion applies; the mean on the 1-6 scale and its zone "
                "beside each bar.") +
         "</section>\n";
}

std::string ScenarioName(const v1::ScenarioResult& s) {
  return s.name().empty() ? s.scenario_id() : s.name();
}

// The cells after a row's key: rank, figures, zone and the main rates.
std::vector<std::string> ScenarioCells(const v1::ScenarioFigures& f) {
  const v1::ContactRates& x = f.rates();
  const bool rated = f.has_rates();
  return {Rank(MSC_RENDER_OPT(f, rank)),
          std::to_string(f.contacts()),
          Fixed1(MSC_RENDER_OPT(f, index)),
          Fixed1(MSC_RENDER_OPT(f, answered_index)),
          Fixed1(MSC_RENDER_OPT(f, agent_index)),
          ZoneBadge(f.zone()),
          rated ? Percent1(x.compliance_expectation()) : std::string(kAbsent),
          rated ? Percent1(x.unanswered_rate()) : std::string(kAbsent),
          Wait(MSC_RENDER_OPT(x, median_wait_s))};
}

std::vector<std::string> ScenarioHeaders(std::vector<std::string> keys) {
  for (const char* h : {"Rank#", "Contacts#", "Index#", "Answered index#", "Agent index#", "Zone",
                        "Within expectation#", "Unanswered#", "Median wait#"})
    keys.push_back(h);
  return keys;
}

std::string ScenarioCriteria(const v1::AwardReport& r) {
  std::vector<std::string> headers = {"Criterion"};
  for (const auto& s : r.scenarios()) headers.push_back(ScenarioName(s) + "#");
  HtmlTable t(std::move(headers));
  for (int k = 0; k < r.criteria_size(); ++k) {
    const v1::CriterionStats& all = r.criteria(k);
    std::vector<std::string> row = {
        Esc(all.question().empty() ? all.criterion_id() : all.question())};
    for (const auto& s : r.scenarios()) {
      row.push_back(k < s.criteria_size() ? Fixed1(MSC_RENDER_OPT(s.criteria(k), mean_100))
                                          : std::string(kAbsent));
    }
    t.Add(std::move(row));
  }
  return t.Render();
}

// Contact types: a chart of the program-wide index, then tables per channel and
// industry and the criteria of each.
std::string Scenarios(const v1::AwardReport& r, const Names& names) {
  if (r.scenarios().empty()) return "";
  BarChart chart{"Index per contact type, 0 to 100", 0, 100, "", {}, ZoneLines(r)};
  HtmlTable all(ScenarioHeaders({"Contact type"}));
  HtmlTable channels(ScenarioHeaders({"Channel", "Contact type"}));
  HtmlTable industries(ScenarioHeaders({"Industry", "Contact type"}));
  for (const auto& s : r.scenarios()) {
    const std::string name = ScenarioName(s);
    std::vector<std::string> row = {Esc(name)};
    for (std::string& cell : ScenarioCells(s.program())) row.push_back(std::move(cell));
    all.Add(std::move(row));
    for (const auto& c : s.channels()) {
      std::vector<std::string> cells = {Esc(std::string(ChannelName(c.channel()))), Esc(name)};
      for (std::string& cell : ScenarioCells(c.figures())) cells.push_back(std::move(cell));
      channels.Add(std::move(cells));
    }
    for (const auto& i : s.industries()) {
      std::vector<std::string> cells = {Esc(names.Industry(i.industry_id())), Esc(name)};
      for (std::string& cell : ScenarioCells(i.figures())) cells.push_back(std::move(cell));
      industries.Add(std::move(cells));
    }
    const v1::ScenarioFigures& f = s.program();
    if (!f.has_index()) continue;
    chart.bars.push_back(
        {(f.has_rank() ? std::to_string(f.rank()) + ". " : "") + name,
         f.index(),
         {},
         {},
         ZoneFill(f.zone()),
         Fixed1(f.index()) + " (" + std::to_string(f.contacts()) + ")",
         name + ": " + Fixed1(f.index()) + " over " + std::to_string(f.contacts()) + " contacts"});
  }
  // Best first, as the other rankings are drawn; the table keeps the register's order.
  std::stable_sort(chart.bars.begin(), chart.bars.end(),
                   [](const Bar& a, const Bar& b) { return a.value > b.value; });
  std::string note;
  if (r.contacts_without_scenario() > 0) {
    note = "<p>" + std::to_string(r.contacts_without_scenario()) +
           " counted contacts name no listed contact type and are in none of these.</p>\n";
  }
  return "<section aria-labelledby=\"scenarios\"><h2 id=\"scenarios\">Contact types</h2>\n" +
         Figure(RenderBars(chart),
                "Index of each contact type (role-play scenario) over all its contacts, "
                "aggregated across channels as a company's index is; contacts in brackets. "
                "Types with fewer contacts than a company needs to be ranked are not ranked.") +
         all.Render() + note + "<h3>Per channel</h3>\n" + channels.Render() +
         "<details><summary>Per industry</summary>\n" + industries.Render() +
         "</details>\n<h3>Criteria per contact type (index 0-100)</h3>\n" + ScenarioCriteria(r) +
         "</section>\n";
}

std::string IndustryDetail(const v1::AwardReport& r, const v1::IndustryResult& ind,
                           const Names& names) {
  const std::string industry = names.Industry(ind.industry_id());
  BarChart chart{industry + ": company index with 95% interval", 0, 100, "", {}, ZoneLines(r)};
  HtmlTable t({"Rank#", "Company", "Contacts#", "Index#", "95% interval#", "Answered index#",
               "Answered rank#", "Agent index#", "Agent rank#", "Zone", "Win probability#"});
  for (const auto* co : CompaniesOf(r, ind.industry_id(), names)) {
    const std::string name = names.Company(co->company_id());
    t.Add({Esc(CompanyRank(r, *co, v1::TOTAL, RankScope::kIndustry)),
           Esc(name) + (co->eligible() ? "" : " <small>(not eligible)</small>"),
           std::to_string(co->contacts()), Fixed1(MSC_RENDER_OPT(*co, index)),
           Esc(Interval(MSC_RENDER_OPT(*co, ci_low), MSC_RENDER_OPT(*co, ci_high))),
           Fixed1(MSC_RENDER_OPT(*co, answered_index)),
           Esc(CompanyRank(r, *co, v1::ANSWERED, RankScope::kIndustry)),
           Fixed1(MSC_RENDER_OPT(*co, agent_index)),
           Esc(CompanyRank(r, *co, v1::AGENT, RankScope::kIndustry)), ZoneBadge(co->zone()),
           WinProbability(*co)});
    if (!co->eligible() || !co->has_index()) continue;
    Bar bar{name,
            co->index(),
            MSC_RENDER_OPT(*co, ci_low),
            MSC_RENDER_OPT(*co, ci_high),
            ZoneFill(co->zone()),
            Fixed1(co->index()),
            ""};
    bar.tooltip = name + ": " + Fixed1(co->index()) +
                  (bar.low && bar.high ? " (95% interval " + Interval(bar.low, bar.high) + ")"
                                       : std::string());
    chart.bars.push_back(std::move(bar));
  }
  std::string out = "<h3>" + Esc(industry) + " <small>" +
                    (ind.has_rank() ? "rank " + std::to_string(ind.rank()) + ", " : "") + "index " +
                    Fixed1(MSC_RENDER_OPT(ind, index)) + "</small></h3>\n";
  if (!chart.bars.empty()) {
    out += Figure(RenderBars(chart), Esc(industry) +
                                         ": eligible companies by index; whiskers show the 95% "
                                         "interval where the company has enough contacts.");
  }
  return out + t.Render();
}

std::string Industries(const v1::AwardReport& r, const Names& names) {
  std::string out =
      "<section aria-labelledby=\"detail\"><h2 id=\"detail\">Companies per industry</h2>\n";
  for (const auto* ind : IndustriesInRankOrder(r, names)) out += IndustryDetail(r, *ind, names);
  return out + "</section>\n";
}

std::string Observers(const v1::AwardReport& r, const Names& names) {
  if (r.observers().empty()) return "";
  std::vector<const v1::ObserverResult*> obs;
  double extent = 1;
  for (const auto& o : r.observers()) {
    obs.push_back(&o);
    extent = std::max(extent, std::abs(o.leniency()));
  }
  std::stable_sort(obs.begin(), obs.end(),
                   [](const auto* a, const auto* b) { return a->leniency() > b->leniency(); });
  extent = std::ceil(extent / 5) * 5;
  BarChart chart{"Observer leniency, index points", -extent, extent, "", {}, {}};
  for (const auto* o : obs) {
    const std::string name = names.Observer(o->observer_id());
    chart.bars.push_back({name,
                          o->leniency(),
                          {},
                          {},
                          o->leniency() >= 0 ? "#1f5f99" : "#b35806",
                          Signed1(o->leniency()) + " (" + std::to_string(o->contacts()) + ")",
                          name + ": " + Signed1(o->leniency()) + " points over " +
                              std::to_string(o->contacts()) + " contacts"});
  }
  return "<section aria-labelledby=\"observers\"><h2 id=\"observers\">Observer leniency</h2>\n" +
         Figure(RenderBars(chart),
                "How much more (right) or less (left) generously each observer rated than the "
                "model expects for the same company and channel, in index points; contacts in "
                "brackets.") +
         "</section>\n";
}

// Year over year. Its styles are added only when the report compares, so that a
// report without a comparison stays the page it was.
constexpr const char* kComparisonStyle = R"(
.up { color: #1f5f99; } .down { color: #b35806; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
           overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
)";
constexpr const char* kUp = "#1f5f99";    // the leniency chart's colours: they read
constexpr const char* kDown = "#b35806";  // apart without colour vision too

// An arrow for the eye and a word for a screen reader: "▲ +8.0".
std::string Arrow(double change) {
  const std::string_view direction = Direction(change);
  const std::string glyph = direction == "up" ? "▲" : direction == "down" ? "▼" : "=";
  return "<span class=\"" + std::string(direction == "unchanged" ? "same" : direction) +
         "\"><span aria-hidden=\"true\">" + glyph + "</span><span class=\"sr-only\">" +
         std::string(direction) + "</span> " + Signed1(change) + "</span>";
}

std::string Significance(bool has, bool significant) {
  if (!has) return std::string(kAbsent);
  return significant ? "yes" : "no";
}

std::string ComparedPrograms(const v1::AwardReport& r) {
  const v1::Comparison& c = r.comparison();
  const std::string previous =
      c.previous_program_name().empty() ? c.previous_program_id() : c.previous_program_name();
  std::string out = "<p>Compared with <strong>" + Esc(previous) + "</strong> (<code>" +
                    Esc(c.previous_program_id()) +
                    "</code>): " + std::to_string(c.companies_compared()) + " companies and " +
                    std::to_string(c.industries_compared()) +
                    " industries have an index in both. A change is this program's index minus "
                    "the compared one's, with its 95% interval; it is significant when the "
                    "interval leaves out 0.</p>\n";
  HtmlTable programs({"", "Program", "Period", "Scoring version"});
  programs.Add({"This program", Esc(r.program_name().empty() ? r.program_id() : r.program_name()),
                Esc(Period(c, false)), "<code>" + Esc(r.scoring_version()) + "</code>"});
  programs.Add({"Compared with", Esc(previous), Esc(Period(c, true)),
                "<code>" + Esc(c.previous_scoring_version()) + "</code>"});
  out += programs.Render();
  out += "<h3>Differences in the rules</h3>\n";
  if (c.config_differences().empty()) {
    return out + "<p>The two programs were scored with the same config and scoring version.</p>\n";
  }
  out +=
      "<p>The two programs were not scored by the same rules: changes below may come from "
      "these differences as well as from the companies.</p>\n";
  HtmlTable diffs({"Field", "This program", "Compared program"});
  auto value = [](const std::string& v) {
    return v.empty() ? "(not set)" : "<code>" + Esc(v) + "</code>";
  };
  for (const auto& d : c.config_differences()) {
    diffs.Add({"<code>" + Esc(d.field()) + "</code>", value(d.current()), value(d.previous())});
  }
  return out + diffs.Render();
}

std::string MoversChart(const v1::AwardReport& r, const Names& names) {
  const v1::Comparison& c = r.comparison();
  double extent = 1;
  std::vector<const v1::Mover*> movers;
  for (const auto& m : c.gains()) movers.push_back(&m);
  for (auto it = c.falls().rbegin(); it != c.falls().rend(); ++it) movers.push_back(&*it);
  for (const auto* m : movers) {
    extent = std::max(
        {extent, std::abs(m->change()), std::abs(m->change_low()), std::abs(m->change_high())});
  }
  extent = std::ceil(extent / 5) * 5;
  BarChart chart{"Largest gains and falls, change of index in points", -extent, extent, "", {}, {}};
  for (const auto* m : movers) {
    const std::string name = m->name().empty() ? names.Company(m->company_id()) : m->name();
    const bool up = m->change() > 0;
    Bar bar{std::string(up ? "▲ " : "▼ ") + name,
            m->change(),
            MSC_RENDER_OPT(*m, change_low),
            MSC_RENDER_OPT(*m, change_high),
            up ? kUp : kDown,
            Signed1(m->change()) + (m->significant() ? " *" : ""),
            ""};
    bar.tooltip = name + ": " + std::string(Direction(m->change())) + " " + Signed1(m->change()) +
                  " points, from " + Fixed1(m->previous_index()) + " to " + Fixed1(m->index()) +
                  (bar.low && bar.high ? " (95% interval " + ChangeInterval(bar.low, bar.high) + ")"
                                       : std::string());
    chart.bars.push_back(std::move(bar));
  }
  if (chart.bars.empty()) return "<p>No company eligible in both programs moved.</p>\n";
  return Figure(RenderBars(chart),
                "The largest gains (▲, right) and falls (▼, left) of companies eligible in both "
                "programs; whiskers show the 95% interval of the change, * marks a change whose "
                "interval leaves out 0.");
}

std::string MoversTable(const v1::AwardReport& r, const Names& names) {
  HtmlTable t({"Move", "Company", "Industry", "Previous#", "Index#", "Change#",
               "95% interval of change#", "Significant"});
  auto add = [&](const char* move, const auto& list) {
    for (const v1::Mover& m : list) {
      t.Add({move, Esc(m.name().empty() ? names.Company(m.company_id()) : m.name()),
             Esc(names.Industry(m.industry_id())), Fixed1(m.previous_index()), Fixed1(m.index()),
             Arrow(m.change()),
             Esc(ChangeInterval(MSC_RENDER_OPT(m, change_low), MSC_RENDER_OPT(m, change_high))),
             Significance(m.has_significant(), m.significant())});
    }
  };
  add("Gain", r.comparison().gains());
  add("Fall", r.comparison().falls());
  return t.Render();
}

std::string IndustryChanges(const v1::AwardReport& r, const Names& names) {
  HtmlTable t({"Industry", "Index#", "Previous#", "Change#", "95% interval of change#", "Rank#",
               "Previous rank#", "Rank change#"});
  for (const auto* ind : IndustriesInRankOrder(r, names)) {
    if (!ind->has_change()) continue;
    const v1::YearChange& ch = ind->change();
    t.Add({Esc(names.Industry(ind->industry_id())), Fixed1(MSC_RENDER_OPT(*ind, index)),
           Fixed1(ch.previous_index()), Arrow(ch.change()),
           Esc(ChangeInterval(MSC_RENDER_OPT(ch, change_low), MSC_RENDER_OPT(ch, change_high))),
           Rank(MSC_RENDER_OPT(*ind, rank)), Rank(MSC_RENDER_OPT(ch, previous_rank)),
           RankChange(MSC_RENDER_OPT(ch, rank_change))});
  }
  return t.Render();
}

std::string CompanyChanges(const v1::AwardReport& r, const Names& names) {
  HtmlTable t({"Company", "Industry", "Index#", "Previous#", "Change#", "95% interval of change#",
               "Overall rank#", "Previous#", "Rank change#"});
  for (const auto* ind : IndustriesInRankOrder(r, names)) {
    for (const auto* co : CompaniesOf(r, ind->industry_id(), names)) {
      if (!co->has_change()) continue;
      const v1::YearChange& ch = co->change();
      t.Add({Esc(names.Company(co->company_id())), Esc(names.Industry(co->industry_id())),
             Fixed1(MSC_RENDER_OPT(*co, index)), Fixed1(ch.previous_index()), Arrow(ch.change()),
             Esc(ChangeInterval(MSC_RENDER_OPT(ch, change_low), MSC_RENDER_OPT(ch, change_high))),
             Rank(MSC_RENDER_OPT(*co, rank_overall)), Rank(MSC_RENDER_OPT(ch, previous_rank)),
             RankChange(MSC_RENDER_OPT(ch, rank_change))});
    }
  }
  return t.Render();
}

std::string YearOverYear(const v1::AwardReport& r, const Names& names) {
  if (!r.has_comparison()) return "";
  return "<section aria-labelledby=\"yoy\"><h2 id=\"yoy\">Year over year</h2>\n" +
         ComparedPrograms(r) + "<h3>Movers</h3>\n" + MoversChart(r, names) + MoversTable(r, names) +
         "<h3>Industries</h3>\n" + IndustryChanges(r, names) + "<h3>Companies</h3>\n" +
         CompanyChanges(r, names) + "</section>\n";
}

std::string Footer(const v1::AwardReport& r) {
  return "<footer><p>Program <code>" + Esc(r.program_id()) + "</code>, scoring version <code>" +
         Esc(r.scoring_version()) + "</code>.</p>\n<p>Config SHA-256: <code>" +
         Esc(r.config_sha256()) + "</code><br>Data SHA-256: <code>" + Esc(r.data_sha256()) +
         "</code></p>\n<p>The digests identify the exact scoring configuration and the counted "
         "submissions; anyone holding the data can re-score it and compare.</p></footer>\n";
}

}  // namespace

std::string RenderHtml(const v1::AwardReport& report) {
  const Names names(report);
  const std::string name =
      report.program_name().empty() ? report.program_id() : report.program_name();
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      Esc(name) + " – award report</title>\n<style>" + kStyle + ZoneLabelStyle() + kStyleTail +
      (report.has_comparison() ? kComparisonStyle : "") + "</style>\n</head>\n<body>\n";
  out += Hero(report);
  out += "<main>\n";
  out += AwardOfTheYear(report, names);
  out += KeyFigures(report);
  out += IndustryRanking(report, names);
  out += Channels(report);
  out += TopIndustries(report, names);
  out += IndustryWinners(report, names);
  out += RankSets(report, names);
  out += YearOverYear(report, names);
  out += Criteria(report);
  out += Scenarios(report, names);
  out += Industries(report, names);
  out += Observers(report, names);
  out += Footer(report);
  return out + "</main>\n</body>\n</html>\n";
}

}  // namespace msc::render
