// CSV export: one file per table, in the dialect spreadsheets open without questions:
// ',' and '.' by default, ';' and ',' for a spreadsheet in Norwegian.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "msc/render/render.h"
#include "report_text.h"

namespace msc::render {
namespace {

// A field's text as the default dialect writes it; a number's decimal mark is
// changed to the dialect's when the line is written.
struct Field {
  Field(std::string s) : text(std::move(s)) {}  // NOLINT: text by default
  Field(const char* s) : text(s) {}             // NOLINT
  Field(std::string s, bool is_number) : text(std::move(s)), number(is_number) {}
  std::string text;
  bool number = false;
};

using Row = std::vector<Field>;

struct CsvTable {
  std::string file;
  Row header;
  std::vector<Row> rows;
};

// Names come from users; a spreadsheet would run "=HYPERLINK(...)" as a formula.
// Text starting with a formula character gets a leading apostrophe, as OWASP advises.
std::string Text(const std::string& s) {
  if (!s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos) {
    return "'" + s;
  }
  return s;
}

Field Num(double v) { return {Exact(v), true}; }
Field Num(int64_t v) { return {std::to_string(v), true}; }
std::string Bool(bool v) { return v ? "true" : "false"; }
Field Opt(const std::optional<double>& v) { return {v ? Exact(*v) : "", true}; }
Field Opt(const std::optional<int>& v) { return {v ? std::to_string(*v) : "", true}; }
std::string Channel(v1::Channel c) { return v1::Channel_Name(c); }
std::string ZoneText(v1::Zone z) { return z == v1::ZONE_UNSPECIFIED ? "" : v1::Zone_Name(z); }

char Separator(CsvDialect d) { return d == CsvDialect::kNorwegian ? ';' : ','; }

// RFC 4180: a field with the separator, a quote or a line break is quoted, quotes
// doubled. A number's '.' becomes the dialect's decimal mark.
std::string Quoted(const Field& field, CsvDialect dialect) {
  const char separator = Separator(dialect);
  std::string s = field.text;
  if (field.number && dialect == CsvDialect::kNorwegian) std::replace(s.begin(), s.end(), '.', ',');
  if (s.find_first_of(std::string{separator, '"', '\r', '\n'}) == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Line(const Row& row, CsvDialect dialect) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += Separator(dialect);
    out += Quoted(row[i], dialect);
  }
  return out + "\r\n";
}

const Row kRateHeader = {"contacts",
                         "served",
                         "compliance_expectation",
                         "compliance_benchmark",
                         "first_attempt_missed_rate",
                         "unanswered_rate",
                         "redirect_rate",
                         "median_wait_s",
                         "p90_wait_s"};

Row Rates(const v1::ContactRates& r) {
  return {Num(r.contacts()),
          Num(r.served()),
          Num(r.compliance_expectation()),
          Num(r.compliance_benchmark()),
          Num(r.first_attempt_missed_rate()),
          Num(r.unanswered_rate()),
          Num(r.redirect_rate()),
          Opt(MSC_RENDER_OPT(r, median_wait_s)),
          Opt(MSC_RENDER_OPT(r, p90_wait_s))};
}

Row Join(Row a, const Row& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

CsvTable Summary(const v1::AwardReport& r) {
  CsvTable t{"summary.csv", {"measure", "value"}, {}};
  const v1::Summary& s = r.summary();
  t.rows = {{"program_id", Text(r.program_id())},
            {"program_name", Text(r.program_name())},
            {"scoring_version", Text(r.scoring_version())},
            {"config_sha256", r.config_sha256()},
            {"data_sha256", r.data_sha256()},
            {"observations", Num(s.observations())},
            {"counted", Num(s.counted())},
            {"excluded_by_review", Num(s.excluded_by_review())},
            {"outside_period", Num(s.outside_period())},
            {"companies", Num(s.companies())},
            {"eligible_companies", Num(s.eligible_companies())},
            {"industries", Num(s.industries())},
            {"ranked_industries", Num(s.ranked_industries())},
            {"observers", Num(s.observers())}};
  return t;
}

Row Upsell(const v1::UpsellShares& u) {
  return {Num(u.contacts()), Num(u.none()), Num(u.needs_based()), Num(u.pushy())};
}

CsvTable Channels(const v1::AwardReport& r) {
  CsvTable t{"channels.csv",
             Join(Join({"channel"}, kRateHeader),
                  {"upsell_contacts", "upsell_none", "upsell_needs_based", "upsell_pushy"}),
             {}};
  for (const auto& ch : r.summary().channels()) {
    t.rows.push_back(Join(Join({Channel(ch.channel())}, Rates(ch.rates())), Upsell(ch.upsell())));
  }
  t.rows.push_back(Join(Join({"ALL"}, Rates(r.summary().rates())), Upsell(r.summary().upsell())));
  return t;
}

std::string Ids(const google::protobuf::RepeatedPtrField<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ";") + id;
  return out;
}

CsvTable Industries(const v1::AwardReport& r, const Names& names) {
  CsvTable t{
      "industries.csv",
      Join({"rank", "industry_id", "industry", "ranked", "index", "answered_index", "rank_answered",
            "agent_index", "rank_agent", "adjusted_index", "zone", "eligible_companies", "winners"},
           kRateHeader),
      {}};
  for (const auto* i : IndustriesInRankOrder(r, names)) {
    t.rows.push_back(
        Join({Opt(MSC_RENDER_OPT(*i, rank)), Text(i->industry_id()),
              Text(names.Industry(i->industry_id())), Bool(i->ranked()),
              Opt(MSC_RENDER_OPT(*i, index)), Opt(MSC_RENDER_OPT(*i, answered_index)),
              Opt(MSC_RENDER_OPT(*i, rank_answered)), Opt(MSC_RENDER_OPT(*i, agent_index)),
              Opt(MSC_RENDER_OPT(*i, rank_agent)), Opt(MSC_RENDER_OPT(*i, adjusted_index)),
              ZoneText(i->zone()), Num(int64_t{i->eligible_companies()}), Text(Ids(i->winners()))},
             Rates(i->rates())));
  }
  return t;
}

CsvTable IndustryChannels(const v1::AwardReport& r, const Names& names) {
  CsvTable t{"industry_channels.csv",
             Join({"industry_id", "industry", "channel", "companies", "ranked", "index", "rank",
                   "agent_index"},
                  kRateHeader),
             {}};
  for (const auto* i : IndustriesInRankOrder(r, names)) {
    for (const auto& c : i->channels()) {
      t.rows.push_back(Join(
          {Text(i->industry_id()), Text(names.Industry(i->industry_id())), Channel(c.channel()),
           Num(int64_t{c.companies()}), Bool(c.ranked()), Opt(MSC_RENDER_OPT(c, index)),
           Opt(MSC_RENDER_OPT(c, rank)), Opt(MSC_RENDER_OPT(c, agent_index))},
          Rates(c.rates())));
    }
  }
  return t;
}

CsvTable Companies(const v1::AwardReport& r, const Names& names) {
  // "contacts" counts the company's contacts (its eligibility); "rate_contacts" is the
  // group its rates are over, as "contacts" is in the other tables. Both are all the
  // company's counted contacts, but each column has its own name.
  Row rate_header = kRateHeader;
  rate_header.front() = "rate_contacts";
  CsvTable t{"companies.csv",
             Join({"company_id",
                   "company",
                   "industry_id",
                   "industry",
                   "contacts",
                   "eligible",
                   "rank_in_industry",
                   "rank_overall",
                   "rank_answered_in_industry",
                   "rank_answered_overall",
                   "rank_agent_in_industry",
                   "rank_agent_overall",
                   "index",
                   "answered_index",
                   "agent_index",
                   "adjusted_index",
                   "ci_low",
                   "ci_high",
                   "zone",
                   "win_probability_industry",
                   "win_probability_overall",
                   "rank_set_in_industry_low",
                   "rank_set_in_industry_high",
                   "rank_set_overall_low",
                   "rank_set_overall_high"},
                  rate_header),
             {}};
  for (const auto& c : r.companies()) {
    t.rows.push_back(Join({Text(c.company_id()),
                           Text(names.Company(c.company_id())),
                           Text(c.industry_id()),
                           Text(names.Industry(c.industry_id())),
                           Num(c.contacts()),
                           Bool(c.eligible()),
                           Opt(MSC_RENDER_OPT(c, rank_in_industry)),
                           Opt(MSC_RENDER_OPT(c, rank_overall)),
                           Opt(MSC_RENDER_OPT(c, rank_answered_in_industry)),
                           Opt(MSC_RENDER_OPT(c, rank_answered_overall)),
                           Opt(MSC_RENDER_OPT(c, rank_agent_in_industry)),
                           Opt(MSC_RENDER_OPT(c, rank_agent_overall)),
                           Opt(MSC_RENDER_OPT(c, index)),
                           Opt(MSC_RENDER_OPT(c, answered_index)),
                           Opt(MSC_RENDER_OPT(c, agent_index)),
                           Opt(MSC_RENDER_OPT(c, adjusted_index)),
                           Opt(MSC_RENDER_OPT(c, ci_low)),
                           Opt(MSC_RENDER_OPT(c, ci_high)),
                           ZoneText(c.zone()),
                           Opt(MSC_RENDER_OPT(c, win_probability_industry)),
                           Opt(MSC_RENDER_OPT(c, win_probability_overall)),
                           Opt(MSC_RENDER_OPT(c, rank_set_in_industry_low)),
                           Opt(MSC_RENDER_OPT(c, rank_set_in_industry_high)),
                           Opt(MSC_RENDER_OPT(c, rank_set_overall_low)),
                           Opt(MSC_RENDER_OPT(c, rank_set_overall_high))},
                          Rates(c.rates())));
  }
  return t;
}

CsvTable CompanyChannels(const v1::AwardReport& r, const Names& names) {
  CsvTable t{"company_channels.csv",
             Join({"company_id", "company", "channel", "index", "answered_index", "agent_index"},
                  kRateHeader),
             {}};
  for (const auto& co : r.companies()) {
    for (const auto& c : co.channels()) {
      t.rows.push_back(
          Join({Text(co.company_id()), Text(names.Company(co.company_id())), Channel(c.channel()),
                Opt(MSC_RENDER_OPT(c, index)), Opt(MSC_RENDER_OPT(c, answered_index)),
                Opt(MSC_RENDER_OPT(c, agent_index))},
               Rates(c.rates())));
    }
  }
  return t;
}

const Row kCriterionHeader = {"criterion_id", "question",  "answers_1", "answers_2",
                              "answers_3",    "answers_4", "answers_5", "answers_6",
                              "not_rated",    "mean_1_6",  "mean_100",  "zone"};

Row Criterion(const v1::CriterionStats& c) {
  Row row = {Text(c.criterion_id()), Text(c.question())};
  for (int i = 0; i < 6; ++i) row.push_back(i < c.counts_size() ? Num(c.counts(i)) : Field(""));
  return Join(row, {Num(c.not_rated()), Opt(MSC_RENDER_OPT(c, mean_1_6)),
                    Opt(MSC_RENDER_OPT(c, mean_100)), ZoneText(c.zone())});
}

CsvTable Criteria(const v1::AwardReport& r) {
  CsvTable t{"criteria.csv", kCriterionHeader, {}};
  for (const auto& c : r.criteria()) t.rows.push_back(Criterion(c));
  return t;
}

CsvTable CompanyCriteria(const v1::AwardReport& r, const Names& names) {
  CsvTable t{"company_criteria.csv", Join({"company_id", "company"}, kCriterionHeader), {}};
  for (const auto& co : r.companies()) {
    for (const auto& c : co.criteria()) {
      t.rows.push_back(
          Join({Text(co.company_id()), Text(names.Company(co.company_id()))}, Criterion(c)));
    }
  }
  return t;
}

CsvTable TopIndustries(const v1::AwardReport& r, const Names& names) {
  CsvTable t{
      "top_industries.csv", {"channel", "rank", "industry_id", "industry", "index", "zone"}, {}};
  for (const auto& list : r.channel_top_industries()) {
    for (const auto& i : list.industries()) {
      t.rows.push_back({Channel(list.channel()), Num(int64_t{i.rank()}), Text(i.industry_id()),
                        Text(i.name().empty() ? names.Industry(i.industry_id()) : i.name()),
                        Num(i.index()), ZoneText(i.zone())});
    }
  }
  return t;
}

// Whether a winner is told apart (rank set {1}) and the ids it is not told apart
// from, joined with ';'; empty without rank sets.
Row Clarity(const v1::WinnerClarity* c) {
  if (c == nullptr || !c->has_clear()) return {"", ""};
  return {Bool(c->clear()), Text(Ids(c->indistinguishable_from()))};
}

CsvTable Winners(const v1::AwardReport& r, const Names& names) {
  CsvTable t{"winners.csv",
             {"award", "industry_id", "industry", "company_id", "company", "clear",
              "indistinguishable_from"},
             {}};
  for (const auto& id : r.overall_winners()) {
    t.rows.push_back(Join({"award_of_the_year", "", "", Text(id), Text(names.Company(id))},
                          Clarity(ClarityOf(r.overall_winner_clarity(), id))));
  }
  for (const auto* i : IndustriesInRankOrder(r, names)) {
    for (const auto& id : i->winners()) {
      t.rows.push_back(
          Join({"industry_winner", Text(i->industry_id()), Text(names.Industry(i->industry_id())),
                Text(id), Text(names.Company(id))},
               Clarity(ClarityOf(i->winner_clarity(), id))));
    }
  }
  return t;
}

CsvTable Observers(const v1::AwardReport& r, const Names& names) {
  CsvTable t{"observers.csv", {"observer_id", "observer", "contacts", "leniency"}, {}};
  for (const auto& o : r.observers()) {
    t.rows.push_back({Text(o.observer_id()), Text(names.Observer(o.observer_id())),
                      Num(o.contacts()), Num(o.leniency())});
  }
  return t;
}

const Row kScenarioHeader =
    Join({"scenario_id", "scenario", "level", "industry_id", "industry", "channel", "rank", "index",
          "answered_index", "agent_index", "zone"},
         kRateHeader);

Row ScenarioRow(const v1::ScenarioResult& s, const char* level, const std::string& industry_id,
                const Names& names, const std::string& channel, const v1::ScenarioFigures& f) {
  Row row = {Text(s.scenario_id()),
             Text(s.name()),
             level,
             Text(industry_id),
             Text(industry_id.empty() ? "" : names.Industry(industry_id)),
             channel,
             Opt(MSC_RENDER_OPT(f, rank)),
             Opt(MSC_RENDER_OPT(f, index)),
             Opt(MSC_RENDER_OPT(f, answered_index)),
             Opt(MSC_RENDER_OPT(f, agent_index)),
             ZoneText(f.zone())};
  if (f.has_rates()) return Join(row, Rates(f.rates()));
  row.push_back(Num(f.contacts()));
  row.resize(kScenarioHeader.size(), Field("", true));
  return row;
}

// Contact types, one row per scenario and level (the program, a channel, an industry).
CsvTable Scenarios(const v1::AwardReport& r, const Names& names) {
  CsvTable t{"scenarios.csv", kScenarioHeader, {}};
  for (const auto& s : r.scenarios()) {
    t.rows.push_back(ScenarioRow(s, "program", "", names, "", s.program()));
    for (const auto& c : s.channels())
      t.rows.push_back(ScenarioRow(s, "channel", "", names, Channel(c.channel()), c.figures()));
    for (const auto& i : s.industries())
      t.rows.push_back(ScenarioRow(s, "industry", i.industry_id(), names, "", i.figures()));
  }
  return t;
}

CsvTable ScenarioCriteria(const v1::AwardReport& r) {
  CsvTable t{"scenario_criteria.csv", Join({"scenario_id", "scenario"}, kCriterionHeader), {}};
  for (const auto& s : r.scenarios()) {
    for (const auto& c : s.criteria())
      t.rows.push_back(Join({Text(s.scenario_id()), Text(s.name())}, Criterion(c)));
  }
  return t;
}

std::string Text(const CsvTable& table, CsvDialect dialect) {
  // The BOM tells Excel it is UTF-8.
  std::string out = "\xEF\xBB\xBF" + Line(table.header, dialect);
  for (const Row& row : table.rows) out += Line(row, dialect);
  return out;
}

// Year over year, in files of their own so that the others stay as they are.
Row ChangeFields(const v1::YearChange& c) {
  return {Opt(MSC_RENDER_OPT(c, previous_index)), Opt(MSC_RENDER_OPT(c, change)),
          Opt(MSC_RENDER_OPT(c, change_low)), Opt(MSC_RENDER_OPT(c, change_high)),
          c.has_significant() ? Bool(c.significant()) : ""};
}

CsvTable YearOverYearIndustries(const v1::AwardReport& r, const Names& names) {
  CsvTable t{"yoy_industries.csv",
             {"industry_id", "industry", "index", "previous_index", "change", "change_low",
              "change_high", "significant", "rank", "previous_rank", "rank_change"},
             {}};
  for (const auto* i : IndustriesInRankOrder(r, names)) {
    if (!i->has_change()) continue;
    const v1::YearChange& c = i->change();
    t.rows.push_back(Join(Join({Text(i->industry_id()), Text(names.Industry(i->industry_id())),
                                Opt(MSC_RENDER_OPT(*i, index))},
                               ChangeFields(c)),
                          {Opt(MSC_RENDER_OPT(*i, rank)), Opt(MSC_RENDER_OPT(c, previous_rank)),
                           Opt(MSC_RENDER_OPT(c, rank_change))}));
  }
  return t;
}

CsvTable YearOverYearCompanies(const v1::AwardReport& r, const Names& names) {
  CsvTable t{
      "yoy_companies.csv",
      {"company_id", "company", "industry_id", "index", "previous_index", "change", "change_low",
       "change_high", "significant", "rank_overall", "previous_rank_overall", "rank_overall_change",
       "rank_in_industry", "previous_rank_in_industry", "rank_in_industry_change"},
      {}};
  for (const auto& co : r.companies()) {
    if (!co.has_change()) continue;
    const v1::YearChange& c = co.change();
    t.rows.push_back(
        Join(Join({Text(co.company_id()), Text(names.Company(co.company_id())),
                   Text(co.industry_id()), Opt(MSC_RENDER_OPT(co, index))},
                  ChangeFields(c)),
             {Opt(MSC_RENDER_OPT(co, rank_overall)), Opt(MSC_RENDER_OPT(c, previous_rank)),
              Opt(MSC_RENDER_OPT(c, rank_change)), Opt(MSC_RENDER_OPT(co, rank_in_industry)),
              Opt(MSC_RENDER_OPT(c, previous_rank_in_industry)),
              Opt(MSC_RENDER_OPT(c, rank_in_industry_change))}));
  }
  return t;
}

CsvTable Movers(const v1::AwardReport& r) {
  CsvTable t{"movers.csv",
             {"direction", "place", "company_id", "company", "industry_id", "previous_index",
              "index", "change", "change_low", "change_high", "significant"},
             {}};
  auto add = [&](const char* direction, const auto& list) {
    int64_t place = 0;
    for (const v1::Mover& m : list) {
      t.rows.push_back({direction, Num(++place), Text(m.company_id()), Text(m.name()),
                        Text(m.industry_id()), Opt(MSC_RENDER_OPT(m, previous_index)),
                        Opt(MSC_RENDER_OPT(m, index)), Opt(MSC_RENDER_OPT(m, change)),
                        Opt(MSC_RENDER_OPT(m, change_low)), Opt(MSC_RENDER_OPT(m, change_high)),
                        m.has_significant() ? Bool(m.significant()) : ""});
    }
  };
  add("gain", r.comparison().gains());
  add("fall", r.comparison().falls());
  return t;
}

CsvTable ConfigDifferences(const v1::AwardReport& r) {
  CsvTable t{"config_differences.csv", {"field", "current", "previous"}, {}};
  for (const auto& d : r.comparison().config_differences()) {
    t.rows.push_back({Text(d.field()), Text(d.current()), Text(d.previous())});
  }
  return t;
}

}  // namespace

std::vector<CsvFile> RenderCsvTables(const v1::AwardReport& report, const CsvOptions& options) {
  const Names names(report);
  std::vector<CsvFile> files;
  for (const CsvTable& t :
       {Summary(report), Channels(report), Industries(report, names),
        IndustryChannels(report, names), Companies(report, names), CompanyChannels(report, names),
        Criteria(report), CompanyCriteria(report, names), TopIndustries(report, names),
        Winners(report, names), Observers(report, names)}) {
    files.push_back({t.file, Text(t, options.dialect)});
  }
  // Only programs that list contact types have these files.
  if (report.scenarios_size() > 0) {
    for (const CsvTable& t : {Scenarios(report, names), ScenarioCriteria(report)})
      files.push_back({t.file, Text(t, options.dialect)});
  }
  if (report.has_comparison()) {
    for (const CsvTable& t :
         {YearOverYearIndustries(report, names), YearOverYearCompanies(report, names),
          Movers(report), ConfigDifferences(report)}) {
      files.push_back({t.file, Text(t, options.dialect)});
    }
  }
  return files;
}

Status WriteCsvDirectory(const v1::AwardReport& report, const std::string& dir,
                         const CsvOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    return Status::Invalid("dir", "cannot create directory " + dir +
                                      (ec ? ": " + ec.message() : ": a file is in the way"));
  }
  for (const CsvFile& f : RenderCsvTables(report, options)) {
    const std::filesystem::path path = std::filesystem::path(dir) / f.name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << f.text;
    out.close();
    if (!out) return Status::Unavailable("cannot write " + path.string());
  }
  return Status::Ok();
}

}  // namespace msc::render
