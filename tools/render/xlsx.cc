// The workbook for spreadsheet users: one sheet per table, written with libxlsxwriter.
// Numbers are stored as numbers at full precision and shown through number formats
// (indexes to one decimal, rates as percentages, waits as durations); zones are fills.

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "msc/render/render.h"
#include "report_text.h"

namespace msc::render {
namespace {

// How a cell shows its value. Each is one number format in the workbook.
enum class Shown {
  kGeneral,   // text, booleans
  kInteger,   // counts and ranks: "0"
  kIndex,     // 0..100 indexes and means: "0.0"
  kSigned,    // leniency in index points: "+0.0;-0.0;0.0"
  kPercent,   // fractions 0..1: "0.0%"
  kDuration,  // waits, stored as a fraction of a day: "[h]:mm:ss"
};
constexpr int kShownCount = 6;
constexpr const char* kNumberFormats[kShownCount] = {
    "General", "0", "0.0", "+0.0;-0.0;0.0", "0.0%", "[h]:mm:ss",  // in the order of Shown
};

struct Cell {
  std::variant<std::monostate, std::string, double, bool> value;  // monostate: empty
  Shown shown = Shown::kGeneral;
  v1::Zone zone = v1::ZONE_UNSPECIFIED;  // filled in the zone's colour when set
};

Cell Text(std::string text) { return {std::move(text)}; }
Cell Bool(bool value) { return {value}; }
Cell Integer(int64_t value) { return {static_cast<double>(value), Shown::kInteger}; }
// An absent value is an empty cell; so is one that is not finite, which no
// spreadsheet can store.
Cell Number(const std::optional<double>& value, Shown shown, v1::Zone zone = v1::ZONE_UNSPECIFIED) {
  Cell cell{std::monostate{}, shown, zone};
  if (value && std::isfinite(*value)) cell.value = *value;
  return cell;
}
Cell Rank(const std::optional<int>& rank) {
  return rank ? Integer(*rank) : Cell{std::monostate{}, Shown::kInteger};
}
Cell Index(const std::optional<double>& value, v1::Zone zone = v1::ZONE_UNSPECIFIED) {
  return Number(value, Shown::kIndex, zone);
}
Cell Rate(const std::optional<double>& fraction) { return Number(fraction, Shown::kPercent); }
Cell Wait(const std::optional<double>& seconds) {
  return Number(seconds ? std::optional(*seconds / 86400.0) : std::nullopt, Shown::kDuration);
}
// The zone's name in its colour, so that it reads without colour vision too.
Cell ZoneCell(v1::Zone zone) {
  if (zone == v1::ZONE_UNSPECIFIED) return {};
  return {std::string(ZoneName(zone)), Shown::kGeneral, zone};
}

using Row = std::vector<Cell>;

Row Join(Row a, const Row& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One worksheet: a header row and rows of cells under it.
struct Sheet {
  std::string name;  // at most 31 characters, no []:*?/\ (Excel's rule)
  std::vector<std::string> headers;
  std::vector<Row> rows;
};

std::vector<std::string> Headers(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Rates and waits of a group. `with_contacts` false leaves out the group's contact
// count where the row already shows it.
std::vector<std::string> RateHeaders(bool with_contacts) {
  std::vector<std::string> h;
  if (with_contacts) h.push_back("Contacts");
  for (const char* name :
       {"Served", "Within expectation", "Within benchmark", "First attempt missed", "Unanswered",
        "Redirected", "Median wait", "90th percentile wait"}) {
    h.push_back(name);
  }
  return h;
}

Row RateCells(const v1::ContactRates& r, bool with_contacts) {
  Row row;
  if (with_contacts) row.push_back(Integer(r.contacts()));
  return Join(
      row, {Integer(r.served()), Rate(r.compliance_expectation()), Rate(r.compliance_benchmark()),
            Rate(r.first_attempt_missed_rate()), Rate(r.unanswered_rate()), Rate(r.redirect_rate()),
            Wait(MSC_RENDER_OPT(r, median_wait_s)), Wait(MSC_RENDER_OPT(r, p90_wait_s))});
}

std::string CompanyNames(const google::protobuf::RepeatedPtrField<std::string>& ids,
                         const Names& names) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : "; ") + names.Company(id);
  return out;
}

// Each winner's clarity in words, "; " between winners; empty without rank sets.
std::string WinnersClarity(const google::protobuf::RepeatedPtrField<std::string>& winners,
                           const google::protobuf::RepeatedPtrField<v1::WinnerClarity>& clarity,
                           const Names& names) {
  std::string out;
  for (const auto& id : winners) {
    const v1::WinnerClarity* c = ClarityOf(clarity, id);
    if (c == nullptr) continue;
    // At most 20 names: a cell holds 32,767 characters and an award may have 2,000 rivals.
    out += (out.empty() ? "" : "; ") + names.Company(id) + ": " + ClarityText(c, names, 20);
  }
  return out;
}

Sheet SummarySheet(const v1::AwardReport& r, const Names& names) {
  const v1::Summary& s = r.summary();
  Sheet sheet{"Summary", {"Measure", "Value"}, {}};
  auto text = [&](const char* what, std::string value) {
    sheet.rows.push_back({Text(what), Text(std::move(value))});
  };
  auto count = [&](const char* what, int64_t n) { sheet.rows.push_back({Text(what), Integer(n)}); };
  text("Program", r.program_name().empty() ? r.program_id() : r.program_name());
  text("Program id", r.program_id());
  text("Scoring version", r.scoring_version());
  text("Config SHA-256", r.config_sha256());
  text("Data SHA-256", r.data_sha256());
  count("Observations stored", s.observations());
  count("Counted contacts", s.counted());
  count("Excluded by review", s.excluded_by_review());
  count("Outside the period", s.outside_period());
  count("Companies", s.companies());
  count("Eligible companies", s.eligible_companies());
  count("Industries", s.industries());
  count("Ranked industries", s.ranked_industries());
  count("Observers", s.observers());
  text("Award of the year", CompanyNames(r.overall_winners(), names));
  text("Award of the year, told apart?",
       WinnersClarity(r.overall_winners(), r.overall_winner_clarity(), names));
  return sheet;
}

Sheet IndustriesSheet(const v1::AwardReport& r, const Names& names) {
  Sheet sheet{"Industries",
              Headers({"Rank", "Industry id", "Industry", "Ranked", "Index", "Answered index",
                       "Answered rank", "Agent index", "Agent rank", "Adjusted index", "Zone",
                       "Eligible companies", "Winners", "Winners told apart?"},
                      RateHeaders(true)),
              {}};
  for (const auto* i : IndustriesInRankOrder(r, names)) {
    sheet.rows.push_back(
        Join({Rank(MSC_RENDER_OPT(*i, rank)), Text(i->industry_id()),
              Text(names.Industry(i->industry_id())), Bool(i->ranked()),
              Index(MSC_RENDER_OPT(*i, index), i->zone()),
              Index(MSC_RENDER_OPT(*i, answered_index)), Rank(MSC_RENDER_OPT(*i, rank_answered)),
              Index(MSC_RENDER_OPT(*i, agent_index)), Rank(MSC_RENDER_OPT(*i, rank_agent)),
              Index(MSC_RENDER_OPT(*i, adjusted_index)), ZoneCell(i->zone()),
              Integer(i->eligible_companies()), Text(CompanyNames(i->winners(), names)),
              Text(WinnersClarity(i->winners(), i->winner_clarity(), names))},
             RateCells(i->rates(), true)));
  }
  return sheet;
}

Sheet CompaniesSheet(const v1::AwardReport& r, const Names& names) {
  // A company's rates are over all its counted contacts: "Contacts" once.
  Sheet sheet{"Companies",
              Headers({"Company id",
                       "Company",
                       "Industry id",
                       "Industry",
                       "Contacts",
                       "Eligible",
                       "Rank in industry",
                       "Overall rank",
                       "Index",
                       "95% CI low",
                       "95% CI high",
                       "Answered index",
                       "Answered rank in industry",
                       "Answered overall rank",
                       "Agent index",
                       "Agent rank in industry",
                       "Agent overall rank",
                       "Adjusted index",
                       "Zone",
                       "Win probability in industry",
                       "Win probability overall",
                       "Rank set in industry, low",
                       "Rank set in industry, high",
                       "Overall rank set, low",
                       "Overall rank set, high"},
                      RateHeaders(false)),
              {}};
  for (const auto& c : r.companies()) {
    sheet.rows.push_back(Join({Text(c.company_id()),
                               Text(names.Company(c.company_id())),
                               Text(c.industry_id()),
                               Text(names.Industry(c.industry_id())),
                               Integer(c.contacts()),
                               Bool(c.eligible()),
                               Rank(MSC_RENDER_OPT(c, rank_in_industry)),
                               Rank(MSC_RENDER_OPT(c, rank_overall)),
                               Index(MSC_RENDER_OPT(c, index), c.zone()),
                               Index(MSC_RENDER_OPT(c, ci_low)),
                               Index(MSC_RENDER_OPT(c, ci_high)),
                               Index(MSC_RENDER_OPT(c, answered_index)),
                               Rank(MSC_RENDER_OPT(c, rank_answered_in_industry)),
                               Rank(MSC_RENDER_OPT(c, rank_answered_overall)),
                               Index(MSC_RENDER_OPT(c, agent_index)),
                               Rank(MSC_RENDER_OPT(c, rank_agent_in_industry)),
                               Rank(MSC_RENDER_OPT(c, rank_agent_overall)),
                               Index(MSC_RENDER_OPT(c, adjusted_index)),
                               ZoneCell(c.zone()),
                               Rate(MSC_RENDER_OPT(c, win_probability_industry)),
                               Rate(MSC_RENDER_OPT(c, win_probability_overall)),
                               Rank(MSC_RENDER_OPT(c, rank_set_in_industry_low)),
                               Rank(MSC_RENDER_OPT(c, rank_set_in_industry_high)),
                               Rank(MSC_RENDER_OPT(c, rank_set_overall_low)),
                               Rank(MSC_RENDER_OPT(c, rank_set_overall_high))},
                              RateCells(c.rates(), false)));
  }
  return sheet;
}

Sheet ChannelsSheet(const v1::AwardReport& r, const Names&) {
  Sheet sheet{"Channels",
              Headers(Headers({"Channel"}, RateHeaders(true)),
                      {"Upsell recorded", "No upsell", "Needs-based upsell", "Pushy upsell"}),
              {}};
  auto add = [&](std::string channel, const v1::ContactRates& rates, const v1::UpsellShares& u) {
    sheet.rows.push_back(
        Join(Join({Text(std::move(channel))}, RateCells(rates, true)),
             {Integer(u.contacts()), Rate(u.none()), Rate(u.needs_based()), Rate(u.pushy())}));
  };
  for (const auto& ch : r.summary().channels()) {
    add(std::string(ChannelName(ch.channel())), ch.rates(), ch.upsell());
  }
  add("All channels", r.summary().rates(), r.summary().upsell());
  return sheet;
}

Sheet CriteriaSheet(const v1::AwardReport& r, const Names&) {
  Sheet sheet{"Criteria",
              {"Criterion id", "Question", "Answers 1", "Answers 2", "Answers 3", "Answers 4",
               "Answers 5", "Answers 6", "Not rated", "Mean (1-6)", "Mean (0-100)", "Zone"},
              {}};
  for (const auto& c : r.criteria()) {
    Row row = {Text(c.criterion_id()), Text(c.question())};
    for (int i = 0; i < 6; ++i) {
      row.push_back(i < c.counts_size() ? Integer(c.counts(i)) : Cell{});
    }
    sheet.rows.push_back(
        Join(row, {Integer(c.not_rated()), Index(MSC_RENDER_OPT(c, mean_1_6)),
                   Index(MSC_RENDER_OPT(c, mean_100), c.zone()), ZoneCell(c.zone())}));
  }
  return sheet;
}

Sheet ObserversSheet(const v1::AwardReport& r, const Names& names) {
  Sheet sheet{"Observers", {"Observer id", "Observer", "Contacts", "Leniency"}, {}};
  std::vector<const v1::ObserverResult*> observers;
  for (const auto& o : r.observers()) observers.push_back(&o);
  std::stable_sort(observers.begin(), observers.end(),
                   [](const auto* a, const auto* b) { return a->leniency() > b->leniency(); });
  for (const auto* o : observers) {
    sheet.rows.push_back({Text(o->observer_id()), Text(names.Observer(o->observer_id())),
                          Integer(o->contacts()), Number(o->leniency(), Shown::kSigned)});
  }
  return sheet;
}

// Year over year, sheets only when the report compares. Changes are index points,
// signed; rank changes are plain integers (positive: climbed).
Row ChangeCells(const v1::YearChange& c) {
  Cell significant{};
  if (c.has_significant()) significant = Bool(c.significant());
  return {Index(MSC_RENDER_OPT(c, previous_index)),
          Number(MSC_RENDER_OPT(c, change), Shown::kSigned),
          Number(MSC_RENDER_OPT(c, change_low), Shown::kSigned),
          Number(MSC_RENDER_OPT(c, change_high), Shown::kSigned), significant};
}

const std::vector<std::string> kChangeHeaders = {"Previous index", "Change", "Change 95% CI low",
                                                 "Change 95% CI high", "Significant"};

// The companies with an index in both programs, largest gain first (a tie by id), and
// whether each is among the largest gains or falls.
Sheet MoversSheet(const v1::AwardReport& r, const Names& names) {
  Sheet sheet{
      "Movers",
      Headers(
          Headers({"Company id", "Company", "Industry id", "Industry", "Index"}, kChangeHeaders),
          {"Overall rank", "Previous overall rank", "Overall rank change", "Rank in industry",
           "Previous rank in industry", "Rank change in industry", "Largest move"}),
      {}};
  std::vector<const v1::CompanyResult*> companies;
  for (const auto& c : r.companies()) {
    if (c.has_change()) companies.push_back(&c);
  }
  std::stable_sort(companies.begin(), companies.end(), [](const auto* a, const auto* b) {
    if (a->change().change() != b->change().change()) {
      return a->change().change() > b->change().change();
    }
    return a->company_id() < b->company_id();
  });
  auto largest = [&](const std::string& id) -> Cell {
    for (const auto& m : r.comparison().gains())
      if (m.company_id() == id) return Text("gain");
    for (const auto& m : r.comparison().falls())
      if (m.company_id() == id) return Text("fall");
    return {};
  };
  for (const auto* c : companies) {
    const v1::YearChange& ch = c->change();
    sheet.rows.push_back(Join(
        Join({Text(c->company_id()), Text(names.Company(c->company_id())), Text(c->industry_id()),
              Text(names.Industry(c->industry_id())), Index(MSC_RENDER_OPT(*c, index), c->zone())},
             ChangeCells(ch)),
        {Rank(MSC_RENDER_OPT(*c, rank_overall)), Rank(MSC_RENDER_OPT(ch, previous_rank)),
         Rank(MSC_RENDER_OPT(ch, rank_change)), Rank(MSC_RENDER_OPT(*c, rank_in_industry)),
         Rank(MSC_RENDER_OPT(ch, previous_rank_in_industry)),
         Rank(MSC_RENDER_OPT(ch, rank_in_industry_change)), largest(c->company_id())}));
  }
  return sheet;
}

Sheet IndustryChangesSheet(const v1::AwardReport& r, const Names& names) {
  Sheet sheet{"Industry changes",
              Headers(Headers({"Industry id", "Industry", "Index"}, kChangeHeaders),
                      {"Rank", "Previous rank", "Rank change"}),
              {}};
  for (const auto* i : IndustriesInRankOrder(r, names)) {
    if (!i->has_change()) continue;
    const v1::YearChange& ch = i->change();
    sheet.rows.push_back(
        Join(Join({Text(i->industry_id()), Text(names.Industry(i->industry_id())),
                   Index(MSC_RENDER_OPT(*i, index), i->zone())},
                  ChangeCells(ch)),
             {Rank(MSC_RENDER_OPT(*i, rank)), Rank(MSC_RENDER_OPT(ch, previous_rank)),
              Rank(MSC_RENDER_OPT(ch, rank_change))}));
  }
  return sheet;
}

// What was compared, and every difference of the rules; the programs first.
Sheet DifferencesSheet(const v1::AwardReport& r, const Names&) {
  const v1::Comparison& c = r.comparison();
  Sheet sheet{"Differences", {"Field", "This program", "Compared program"}, {}};
  sheet.rows.push_back({Text("program_id"), Text(r.program_id()), Text(c.previous_program_id())});
  sheet.rows.push_back(
      {Text("program_name"), Text(r.program_name()), Text(c.previous_program_name())});
  sheet.rows.push_back({Text("period"), Text(Period(c, false)), Text(Period(c, true))});
  sheet.rows.push_back(
      {Text("config_sha256"), Text(r.config_sha256()), Text(c.previous_config_sha256())});
  for (const auto& d : c.config_differences()) {
    sheet.rows.push_back({Text(d.field()), Text(d.current()), Text(d.previous())});
  }
  return sheet;
}

// The sheets in workbook order. Another sheet is one more function here.
// Contact types, one row per scenario and level (the program, a channel, an industry),
// as scenarios.csv.
Sheet ScenariosSheet(const v1::AwardReport& r, const Names& names) {
  Sheet sheet{"Contact types",
              Headers({"Scenario id", "Contact type", "Level", "Industry", "Channel", "Rank",
                       "Index", "Answered index", "Agent index", "Zone"},
                      RateHeaders(true)),
              {}};
  auto add = [&](const v1::ScenarioResult& s, const char* level, std::string industry,
                 std::string channel, const v1::ScenarioFigures& f) {
    Row row = {Text(s.scenario_id()),
               Text(s.name()),
               Text(level),
               Text(std::move(industry)),
               Text(std::move(channel)),
               Rank(MSC_RENDER_OPT(f, rank)),
               Index(MSC_RENDER_OPT(f, index), f.zone()),
               Index(MSC_RENDER_OPT(f, answered_index)),
               Index(MSC_RENDER_OPT(f, agent_index)),
               ZoneCell(f.zone())};
    if (f.has_rates()) {
      row = Join(row, RateCells(f.rates(), true));
    } else {
      row.push_back(Integer(f.contacts()));
    }
    sheet.rows.push_back(std::move(row));
  };
  for (const auto& s : r.scenarios()) {
    add(s, "program", "", "", s.program());
    for (const auto& c : s.channels())
      add(s, "channel", "", std::string(ChannelName(c.channel())), c.figures());
    for (const auto& i : s.industries())
      add(s, "industry", names.Industry(i.industry_id()), "", i.figures());
  }
  return sheet;
}

using SheetFn = Sheet (*)(const v1::AwardReport&, const Names&);
constexpr SheetFn kSheets[] = {SummarySheet,  IndustriesSheet, CompaniesSheet,
                               ChannelsSheet, CriteriaSheet,   ObserversSheet};
constexpr SheetFn kComparisonSheets[] = {MoversSheet, IndustryChangesSheet, DifferencesSheet};

// Owns an open workbook until workbook_close() takes it back to write its file. One
// dropped on an error path is closed too: libxlsxwriter frees a workbook only so.
struct WorkbookCloser {
  void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};
using WorkbookPtr = std::unique_ptr<lxw_workbook, WorkbookCloser>;

lxw_color_t Rgb(std::string_view hex) {  // "#rrggbb"
  return static_cast<lxw_color_t>(std::strtoul(std::string(hex.substr(1)).c_str(), nullptr, 16));
}

// The formats of a workbook, made once: one per way of showing a value and zone.
class Formats {
 public:
  explicit Formats(lxw_workbook* workbook) {
    header_ = workbook_add_format(workbook);
    format_set_bold(header_);
    format_set_bg_color(header_, Rgb("#f3f5f7"));
    format_set_bottom(header_, LXW_BORDER_THIN);
    for (int s = 0; s < kShownCount; ++s) {
      for (v1::Zone zone : {v1::ZONE_UNSPECIFIED, v1::GREEN, v1::YELLOW, v1::RED}) {
        lxw_format* f = workbook_add_format(workbook);
        format_set_num_format(f, kNumberFormats[s]);
        if (zone != v1::ZONE_UNSPECIFIED) {
          format_set_pattern(f, LXW_PATTERN_SOLID);
          format_set_bg_color(f, Rgb(ZoneLabelColor(zone)));
          format_set_font_color(f, LXW_COLOR_WHITE);
        }
        cells_[s][zone] = f;
      }
    }
  }
  lxw_format* header() const { return header_; }
  lxw_format* Of(const Cell& cell) const { return cells_[static_cast<int>(cell.shown)][cell.zone]; }

 private:
  lxw_format* header_ = nullptr;
  lxw_format* cells_[kShownCount][4] = {};  // by Shown, then by v1::Zone (0..3)
};

// Columns as wide as their widest text, within reason; numbers need about 10.
std::vector<double> ColumnWidths(const Sheet& sheet) {
  std::vector<double> widths;
  for (const auto& h : sheet.headers) widths.push_back(DisplayWidth(h) + 3.0);  // filter button
  for (const Row& row : sheet.rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      const auto* text = std::get_if<std::string>(&row[i].value);
      widths[i] = std::max(widths[i], text ? DisplayWidth(*text) + 1.0 : 10.0);
    }
  }
  for (double& w : widths) w = std::clamp(w, 8.0, 70.0);  // a SHA-256 is 64 wide
  return widths;
}

// Writes one sheet; the first failure of libxlsxwriter, or LXW_NO_ERROR.
lxw_error WriteSheet(lxw_workbook* workbook, const Formats& formats, const Sheet& sheet) {
  lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name.c_str());
  if (ws == nullptr) return LXW_ERROR_PARAMETER_VALIDATION;
  const std::vector<double> widths = ColumnWidths(sheet);
  for (size_t c = 0; c < widths.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    if (lxw_error e = worksheet_set_column(ws, col, col, widths[c], nullptr)) return e;
  }
  for (size_t c = 0; c < sheet.headers.size(); ++c) {
    if (lxw_error e = worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c),
                                             sheet.headers[c].c_str(), formats.header())) {
      return e;
    }
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const Cell& cell = sheet.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      lxw_format* format = formats.Of(cell);
      lxw_error e = LXW_NO_ERROR;
      if (const auto* text = std::get_if<std::string>(&cell.value)) {
        // Always a string cell, never a formula: a name like "=HYPERLINK(...)" stays text.
        e = worksheet_write_string(ws, row, col, text->c_str(), format);
      } else if (const auto* number = std::get_if<double>(&cell.value)) {
        e = worksheet_write_number(ws, row, col, *number, format);
      } else if (const auto* flag = std::get_if<bool>(&cell.value)) {
        e = worksheet_write_boolean(ws, row, col, *flag, format);
      }
      if (e != LXW_NO_ERROR) return e;
    }
  }
  worksheet_freeze_panes(ws, 1, 0);
  const auto last_col =
      static_cast<lxw_col_t>(sheet.headers.empty() ? 0 : sheet.headers.size() - 1);
  return worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()), last_col);
}

Status WriteWorkbook(const v1::AwardReport& report, const std::string& path) {
  WorkbookPtr workbook(workbook_new(path.c_str()));
  if (!workbook) return Status::Internal("cannot start a workbook");
  std::string title =
      (report.program_name().empty() ? report.program_id() : report.program_name()) +
      " – award report";
  std::string subject = "Customer-service award, scoring " + report.scoring_version();
  lxw_doc_properties properties = {};
  properties.title = title.data();
  properties.subject = subject.data();
  workbook_set_properties(workbook.get(), &properties);
  const Formats formats(workbook.get());
  const Names names(report);
  std::vector<SheetFn> sheets(std::begin(kSheets), std::end(kSheets));
  if (report.scenarios_size() > 0) sheets.push_back(ScenariosSheet);
  if (report.has_comparison()) {
    sheets.insert(sheets.end(), std::begin(kComparisonSheets), std::end(kComparisonSheets));
  }
  for (SheetFn make : sheets) {
    const Sheet sheet = make(report, names);
    if (lxw_error e = WriteSheet(workbook.get(), formats, sheet); e != LXW_NO_ERROR) {
      return Status::Invalid("sheet " + sheet.name, lxw_strerror(e));
    }
  }
  if (lxw_error e = workbook_close(workbook.release()); e != LXW_NO_ERROR) {
    return Status::Unavailable("cannot write the workbook: " + std::string(lxw_strerror(e)));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> RenderXlsx(const v1::AwardReport& report) {
  // libxlsxwriter writes only to a named file: one of our own, read back and removed.
  std::string path = (std::filesystem::temp_directory_path() / "msc-xlsx-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return Status::Unavailable("cannot create a temporary file: " + std::string(strerror(errno)));
  }
  ::close(fd);
  Status written = WriteWorkbook(report, path);
  std::string bytes;
  if (written.ok()) {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
    if (in.bad() || bytes.empty()) written = Status::Unavailable("cannot read back " + path);
  }
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  if (!written.ok()) return written;
  return bytes;
}

}  // namespace msc::render
