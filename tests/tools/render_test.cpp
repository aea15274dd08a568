#include <catch2/catch.hpp>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "msc/client/csv.h"
#include "msc/render/render.h"

namespace {

namespace v1 = msc::v1;
using msc::render::RenderCsvTables;
using msc::render::RenderHtml;
using msc::render::RenderJson;
using msc::render::RenderTable;
using msc::render::TableOptions;
using msc::render::WriteCsvDirectory;

const char* const kXss = "<script>alert(1)</script>";
const char* const kQuoted = "Komma, \"Sitat\" AS";
const char* const kConfigDigest =
    "c0ffee0000000000000000000000000000000000000000000000000000000001";
const char* const kDataDigest = "da7a000000000000000000000000000000000000000000000000000000000002";

void Rates(v1::ContactRates* r, int64_t contacts, double missed, std::optional<double> median) {
  r->set_contacts(contacts);
  r->set_served(contacts - 1);
  r->set_compliance_expectation(0.5);
  r->set_compliance_benchmark(0.75);
  r->set_first_attempt_missed_rate(missed);
  r->set_unanswered_rate(0.0);
  if (median) r->set_median_wait_s(*median);
  if (median) r->set_p90_wait_s(*median * 3);
}

v1::CompanyResult* Company(v1::AwardReport& r, const std::string& id, const std::string& name,
                           const std::string& industry, double index) {
  v1::CompanyResult* c = r.add_companies();
  c->set_company_id(id);
  c->set_name(name);
  c->set_industry_id(industry);
  c->set_contacts(25);
  c->set_eligible(true);
  c->set_index(index);
  c->set_answered_index(index + 5);
  c->set_zone(index >= 70 ? v1::GREEN : index >= 60 ? v1::YELLOW : v1::RED);
  auto* ch = c->add_channels();
  ch->set_channel(v1::PHONE);
  ch->set_index(index);
  Rates(ch->mutable_rates(), 12, 0.0833, 41.26);
  return c;
}

// A small report by hand: two ranked industries with Norwegian names, one unranked
// industry without figures, and companies whose names try to break each renderer.
v1::AwardReport Report() {
  v1::AwardReport r;
  r.set_program_id("test-2026");
  r.set_program_name("Testprisen 2026");
  r.set_scoring_version("1.2.3");
  r.set_config_sha256(kConfigDigest);
  r.set_data_sha256(kDataDigest);
  auto* s = r.mutable_summary();
  s->set_observations(80);
  s->set_counted(75);
  s->set_outside_period(0);
  s->set_companies(4);
  s->set_eligible_companies(4);
  s->set_industries(3);
  s->set_ranked_industries(2);
  s->set_observers(2);
  Rates(s->mutable_rates(), 75, 0.12, 63.0);
  auto* phone = s->add_channels();
  phone->set_channel(v1::PHONE);
  Rates(phone->mutable_rates(), 40, 0.0642, 38.26);
  auto* mail = s->add_channels();
  mail->set_channel(v1::EMAIL);
  Rates(mail->mutable_rates(), 35, 0.2, std::nullopt);

  auto* fiber = Company(r, "aerlig-fiber", "Ærlig Fiber", "bredband", 75.06);
  fiber->set_ci_low(70.01);
  fiber->set_ci_high(80.11);
  fiber->set_rank_in_industry(1);
  fiber->set_rank_overall(1);
  fiber->set_win_probability_industry(0.873);
  fiber->set_win_probability_overall(0.55);
  // By the agent result the second company of bredband leads.
  fiber->set_rank_answered_in_industry(1);
  fiber->set_rank_answered_overall(1);
  fiber->set_agent_index(81.44);
  fiber->set_rank_agent_in_industry(2);
  fiber->set_rank_agent_overall(2);
  auto* quoted = Company(r, "komma", kQuoted, "bredband", 69.6);
  quoted->set_rank_in_industry(2);
  quoted->set_agent_index(83.26);
  quoted->set_rank_agent_in_industry(1);
  quoted->set_rank_agent_overall(1);
  auto* xss = Company(r, "xss", kXss, "strom", 61.27);
  xss->set_rank_in_industry(1);
  Company(r, "nameless-co", "", "strom", 58.0)->set_rank_in_industry(2);

  auto* bredband = r.add_industries();
  bredband->set_industry_id("bredband");
  bredband->set_name("Bredbånd");
  bredband->set_eligible_companies(2);
  bredband->set_ranked(true);
  bredband->set_index(72.345);
  bredband->set_answered_index(77.0);
  bredband->set_zone(v1::GREEN);
  bredband->set_rank(1);
  bredband->set_rank_answered(1);
  bredband->set_agent_index(82.36);
  bredband->set_rank_agent(1);
  bredband->add_winners("aerlig-fiber");
  auto* strom = r.add_industries();
  strom->set_industry_id("strom");
  strom->set_name("Strøm");
  strom->set_eligible_companies(2);
  strom->set_ranked(true);
  strom->set_index(61.27);
  strom->set_zone(v1::YELLOW);
  strom->set_rank(2);
  strom->add_winners("xss");
  auto* mat = r.add_industries();
  mat->set_industry_id("mat-pa-nett");
  mat->set_name("Mat på nett");

  auto* top = r.add_channel_top_industries();
  top->set_channel(v1::PHONE);
  auto* t1 = top->add_industries();
  t1->set_industry_id("bredband");
  t1->set_name("Bredbånd");
  t1->set_index(73.01);
  t1->set_rank(1);
  t1->set_zone(v1::GREEN);
  r.add_overall_winners("aerlig-fiber");

  auto* o1 = r.add_observers();
  o1->set_observer_id("obs-001");
  o1->set_name("Åse Løken");
  o1->set_contacts(40);
  o1->set_leniency(2.345);
  auto* o2 = r.add_observers();
  o2->set_observer_id("obs-002");
  o2->set_contacts(35);
  o2->set_leniency(-1.26);

  auto* welcome = r.add_criteria();
  welcome->set_criterion_id("welcome");
  welcome->set_question("How were you received and welcomed?");
  for (int n : {1, 2, 3, 10, 20, 5}) welcome->add_counts(n);
  welcome->set_mean_1_6(4.63);
  welcome->set_mean_100(72.6);
  welcome->set_zone(v1::GREEN);
  r.mutable_config()->mutable_zones()->set_green_from(70);
  r.mutable_config()->mutable_zones()->set_yellow_from(60);
  return r;
}

size_t Width(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The block of lines from the one equal to `title` to the next blank line.
std::vector<std::string> Block(const std::string& text, const std::string& title) {
  std::vector<std::string> out;
  bool in = false;
  for (const auto& line : Lines(text)) {
    if (line == title) in = true;
    if (in && line.empty()) break;
    if (in) out.push_back(line);
  }
  return out;
}

const std::string* Find(const std::vector<std::string>& lines, const std::string& needle) {
  for (const auto& l : lines) {
    if (l.find(needle) != std::string::npos) return &l;
  }
  return nullptr;
}

// Display column just after the first occurrence of `token` in `line`.
size_t EndColumn(const std::string& line, const std::string& token) {
  return Width(line.substr(0, line.find(token) + token.size()));
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::filesystem::path ScratchDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("msc-render-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace

TEST_CASE("the table aligns columns by display width, not bytes") {
  const std::string table = RenderTable(Report());
  const auto block = Block(table, "Industry ranking");
  REQUIRE(block.size() >= 5);
  const std::string* header = Find(block, "industry");
  const std::string* bredband = Find(block, "Bredbånd");
  const std::string* strom = Find(block, "Strøm");
  const std::string* mat = Find(block, "Mat på nett");
  REQUIRE(header);
  REQUIRE(bredband);
  REQUIRE(strom);
  REQUIRE(mat);
  // Index is right-aligned: every row's index ends where the header's does.
  const size_t end = EndColumn(*header, "index");
  CHECK(EndColumn(*bredband, "72.3") == end);
  CHECK(EndColumn(*strom, "61.3") == end);
  // Names start the same column and the zone column starts at one place.
  CHECK(Width(bredband->substr(0, bredband->find("green"))) ==
        Width(strom->substr(0, strom->find("yellow"))));
}

TEST_CASE("the table colours zones only when asked") {
  const std::string plain = RenderTable(Report());
  const std::string color = RenderTable(Report(), TableOptions{true});
  CHECK(plain.find("\x1b[") == std::string::npos);
  CHECK(color.find("\x1b[32mgreen\x1b[0m") != std::string::npos);
  CHECK(color.find("\x1b[33myellow\x1b[0m") != std::string::npos);
  CHECK(color.find("\x1b[31mred\x1b[0m") != std::string::npos);
}

TEST_CASE("the table rounds to one decimal and shows absent values as -") {
  const std::string table = RenderTable(Report());
  CHECK(table.find("72.3") != std::string::npos);
  CHECK(table.find("72.345") == std::string::npos);
  CHECK(table.find("87.3%") != std::string::npos);   // win probability
  CHECK(table.find("6.4%") != std::string::npos);    // phone first attempt missed
  CHECK(table.find("38.3 s") != std::string::npos);  // phone median wait
  CHECK(table.find("70.0–80.1") != std::string::npos);
  CHECK(table.find("+2.3") != std::string::npos);  // leniency is signed
  CHECK(table.find("-1.3") != std::string::npos);
  const auto block = Block(table, "Industry ranking");
  const std::string* mat = Find(block, "Mat på nett");
  REQUIRE(mat);
  std::istringstream cells(*mat);
  std::vector<std::string> tokens;
  for (std::string t; cells >> t;) tokens.push_back(t);
  CHECK(tokens.front() == "-");  // no rank
  CHECK(std::count(tokens.begin(), tokens.end(), "-") >= 4);
  const auto compliance = Block(table, "Channel compliance (first attempt)");
  const std::string* mail = Find(compliance, "E-mail");
  REQUIRE(mail);
  CHECK(mail->substr(mail->size() - 1) == "-");  // no p90 wait
}

TEST_CASE("the table falls back to ids for companies without a name") {
  CHECK(RenderTable(Report()).find("nameless-co") != std::string::npos);
}

TEST_CASE("CSV files are what Excel opens: BOM, CRLF, RFC 4180 quoting") {
  const auto dir = ScratchDir("csv");
  REQUIRE(WriteCsvDirectory(Report(), (dir / "nested").string()).ok());
  for (const char* name :
       {"summary.csv", "channels.csv", "industries.csv", "companies.csv", "company_channels.csv",
        "top_industries.csv", "winners.csv", "criteria.csv", "observers.csv"}) {
    INFO(name);
    const std::string text = ReadFile(dir / "nested" / name);
    REQUIRE(text.size() > 3);
    CHECK(text.substr(0, 3) == "\xEF\xBB\xBF");
    CHECK(text.substr(text.size() - 2) == "\r\n");
    for (size_t i = text.find('\n'); i != std::string::npos; i = text.find('\n', i + 1)) {
      CHECK(text[i - 1] == '\r');
    }
  }
  const std::string companies = ReadFile(dir / "nested" / "companies.csv");
  CHECK(companies.find("\"Komma, \"\"Sitat\"\" AS\"") != std::string::npos);
  CHECK(companies.find("75.06") != std::string::npos);  // full precision
  CHECK(companies.find("Ærlig Fiber") != std::string::npos);
  const std::string industries = ReadFile(dir / "nested" / "industries.csv");
  CHECK(industries.find(",72.345,") != std::string::npos);
  CHECK(industries.find("\xEF\xBB\xBFrank,industry_id,industry,") == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("CSV export reports a directory it cannot create") {
  const auto dir = ScratchDir("blocked");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "file") << "x";
  const msc::Status s = WriteCsvDirectory(Report(), (dir / "file").string());
  CHECK_FALSE(s.ok());
  CHECK(s.ToString().find("file") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("CSV guards names against spreadsheet formulas") {
  v1::AwardReport r = Report();
  r.mutable_companies(0)->set_name("=HYPERLINK(\"x\")");
  const auto dir = ScratchDir("formula");
  REQUIRE(WriteCsvDirectory(r, dir.string()).ok());
  CHECK(ReadFile(dir / "companies.csv").find(",\"'=HYPERLINK(\"\"x\"\")\",") != std::string::npos);
  std::filesystem::remove_all(dir);
}

namespace {

// Reads CSV text with the client's reader (the one `msc import` uses), not the
// renderer's code: records as lists of fields, the BOM dropped.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text, char separator) {
  std::istringstream in(text);
  msc::client::CsvReader reader(in, separator);
  std::vector<std::vector<std::string>> records;
  msc::client::CsvRecord record;
  while (reader.Next(&record)) {
    INFO("line " << record.line << ": " << record.error);
    REQUIRE(record.error.empty());
    records.push_back(record.fields);
  }
  return records;
}

// The text of one of the rendered tables.
std::string TableText(const std::vector<msc::render::CsvFile>& files, const std::string& name) {
  auto file =
      std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.name == name; });
  REQUIRE(file != files.end());
  return file->text;
}

// The whole text as one double, or nothing ("1.2.3" and "" are not numbers).
std::optional<double> ParseNumber(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

TEST_CASE("every CSV table names each of its columns once") {
  for (const auto& file : RenderCsvTables(Report())) {
    INFO(file.name);
    const auto records = ParseCsv(file.text, ',');
    REQUIRE_FALSE(records.empty());
    std::set<std::string> seen;
    for (const auto& name : records.front()) {
      INFO(name);
      CHECK(seen.insert(name).second);
    }
  }
}

TEST_CASE("the companies table tells its own contacts from those its rates are over") {
  const auto header = ParseCsv(TableText(RenderCsvTables(Report()), "companies.csv"), ',').front();
  CHECK(std::count(header.begin(), header.end(), "contacts") == 1);
  CHECK(std::count(header.begin(), header.end(), "rate_contacts") == 1);
  const auto contacts = std::find(header.begin(), header.end(), "contacts");
  const auto rate_contacts = std::find(header.begin(), header.end(), "rate_contacts");
  CHECK(contacts < rate_contacts);
  CHECK(*(rate_contacts + 1) == "served");  // it heads the block of rates
}

TEST_CASE("the default CSV dialect writes commas between fields and a decimal point") {
  CHECK(TableText(RenderCsvTables(Report()), "observers.csv") ==
        "\xEF\xBB\xBFobserver_id,observer,contacts,leniency\r\n"
        "obs-001,Åse Løken,40,2.345\r\n"
        "obs-002,obs-002,35,-1.26\r\n");
}

TEST_CASE("the nb CSV dialect writes semicolons between fields and decimal commas") {
  const auto nb = RenderCsvTables(Report(), {msc::render::CsvDialect::kNorwegian});
  CHECK(TableText(nb, "observers.csv") ==
        "\xEF\xBB\xBFobserver_id;observer;contacts;leniency\r\n"
        "obs-001;Åse Løken;40;2,345\r\n"
        "obs-002;obs-002;35;-1,26\r\n");
}

TEST_CASE("the nb CSV dialect reads back to the default dialect's text and numbers") {
  v1::AwardReport report = Report();
  report.mutable_companies(1)->set_name("Semikolon; \"Sitat\", Komma AS");
  report.mutable_industries(0)->add_winners("komma");  // winners are joined with ';'
  report.set_scoring_version("1.2");                   // a text that looks like a number
  const auto plain = RenderCsvTables(report);
  const auto nb = RenderCsvTables(report, {msc::render::CsvDialect::kNorwegian});
  REQUIRE(plain.size() == nb.size());
  int numbers = 0, commas = 0;
  for (size_t f = 0; f < plain.size(); ++f) {
    INFO(plain[f].name);
    REQUIRE(plain[f].name == nb[f].name);
    CHECK(nb[f].text.substr(0, 3) == "\xEF\xBB\xBF");
    const auto a = ParseCsv(plain[f].text, ',');
    const auto b = ParseCsv(nb[f].text, ';');
    REQUIRE(a.size() == b.size());
    for (size_t r = 0; r < a.size(); ++r) {
      REQUIRE(a[r].size() == b[r].size());
      for (size_t c = 0; c < a[r].size(); ++c) {
        INFO("row " << r << " column " << a[r][c] << " | " << b[r][c]);
        const bool text_column = r > 0 && a[0][c] == "value";  // summary.csv: any measure
        if (auto number = ParseNumber(a[r][c]); number && !text_column) {
          std::string decimal_comma = b[r][c];
          CHECK(decimal_comma.find('.') == std::string::npos);
          commas += decimal_comma.find(',') != std::string::npos;
          std::replace(decimal_comma.begin(), decimal_comma.end(), ',', '.');
          const auto back = ParseNumber(decimal_comma);
          REQUIRE(back);
          CHECK(*back == *number);
          ++numbers;
        } else {
          CHECK(b[r][c] == a[r][c]);
        }
      }
    }
  }
  CHECK(numbers > 100);
  CHECK(commas > 20);
  CHECK(TableText(nb, "companies.csv").find(";\"Semikolon; \"\"Sitat\"\", Komma AS\";") !=
        std::string::npos);
}

TEST_CASE("the HTML page is self-contained") {
  const std::string html = RenderHtml(Report());
  for (const char* external : {"src=\"http", "href=\"http", "src='http", "href='http", "<script",
                               "<link", "url(http", "@import"}) {
    INFO(external);
    CHECK(html.find(external) == std::string::npos);
  }
  CHECK(html.find("<!DOCTYPE html>") == 0);
  CHECK(html.find("<title>Testprisen 2026") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<figure>") != std::string::npos);
  CHECK(html.find("<figcaption>") != std::string::npos);
  CHECK(html.find("Bredbånd") != std::string::npos);
}

TEST_CASE("the HTML page escapes names that come from users") {
  const std::string html = RenderHtml(Report());
  CHECK(html.find(kXss) == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("Komma, &quot;Sitat&quot; AS") != std::string::npos);
}

TEST_CASE("the HTML page shows the digests and the scoring version") {
  const std::string html = RenderHtml(Report());
  CHECK(html.find(kConfigDigest) != std::string::npos);
  CHECK(html.find(kDataDigest) != std::string::npos);
  CHECK(html.find("1.2.3") != std::string::npos);
  CHECK(html.find("Award of the year") != std::string::npos);
}

TEST_CASE("a report with many companies renders as one print of the whole report") {
  v1::AwardReport report = Report();
  for (int i = 0; i < 700; ++i) {  // enough to print in two halves
    auto* c = Company(report, "co-" + std::to_string(i), "Firma " + std::to_string(i), "strom",
                      40.0 + i / 20.0);
    c->set_rank_in_industry(i + 3);
    if (i % 3 == 0) c->set_name("Linje\nskift \"" + std::to_string(i) + "\"");
    if (i % 7 == 0) c->clear_channels();
  }
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string whole;
  REQUIRE(google::protobuf::util::MessageToJsonString(report, &whole, options).ok());
  const std::string rendered = RenderJson(report);
  if (!whole.empty() && whole.back() != '\n') whole += '\n';
  CHECK(rendered.size() == whole.size());
  CHECK(rendered == whole);
}

TEST_CASE("the JSON rendering round-trips to the same report") {
  const v1::AwardReport report = Report();
  const std::string json = RenderJson(report);
  REQUIRE(!json.empty());
  CHECK(json.back() == '\n');
  CHECK(json.find("\"outsidePeriod\": \"0\"") != std::string::npos);  // a zero figure shows
  CHECK(json.find("excludedByReview") == std::string::npos);          // an absent one does not
  v1::AwardReport back;
  REQUIRE(google::protobuf::util::JsonStringToMessage(json, &back).ok());
  CHECK(google::protobuf::util::MessageDifferencer::Equals(back, report));
}

TEST_CASE("the workbook is an xlsx file of six worksheets") {
  const msc::Result<std::string> workbook = msc::render::RenderXlsx(Report());
  REQUIRE(workbook.ok());
  CHECK(workbook->substr(0, 4) == "PK\x03\x04");  // a zip archive; its names are plain
  CHECK(workbook->find("xl/workbook.xml") != std::string::npos);
  CHECK(workbook->find("xl/worksheets/sheet6.xml") != std::string::npos);
  CHECK(workbook->find("xl/worksheets/sheet7.xml") == std::string::npos);
}

TEST_CASE("a name longer than a cell holds fails the workbook and names the sheet") {
  v1::AwardReport report = Report();
  report.mutable_companies(3)->set_name(std::string(40000, 'x'));  // Excel holds 32,767
  const msc::Result<std::string> workbook = msc::render::RenderXlsx(report);
  REQUIRE_FALSE(workbook.ok());
  CHECK_THAT(workbook.status().ToString(), Catch::Contains("Companies"));
}

TEST_CASE("the table shows the answered and agent results and the ranks by each") {
  const std::string table = RenderTable(Report());
  const auto industries = Block(table, "Industry ranking");
  const std::string* header = Find(industries, "industry");
  REQUIRE(header);
  CHECK(header->find("answered rank") != std::string::npos);
  CHECK(header->find("agent rank") != std::string::npos);
  const std::string* bredband = Find(industries, "Bredbånd");
  REQUIRE(bredband);
  CHECK(bredband->find("82.4") != std::string::npos);  // agent index 82.36
  const auto companies = Block(table, "Bredbånd: companies");
  const std::string* company_header = Find(companies, "company");
  REQUIRE(company_header);
  CHECK(company_header->find("agent overall") != std::string::npos);
  const std::string* fiber = Find(companies, "Ærlig Fiber");
  REQUIRE(fiber);
  // The agent index lines up under its header.
  CHECK(EndColumn(*fiber, "81.4") == EndColumn(*company_header, "agent"));
}

TEST_CASE("the CSV tables carry the agent index and the ranks by each result") {
  const auto companies = ParseCsv(TableText(RenderCsvTables(Report()), "companies.csv"), ',');
  const auto& header = companies.front();
  auto column = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<size_t>(it - header.begin());
  };
  const auto& fiber = companies.at(1);
  REQUIRE(fiber.at(column("company_id")) == "aerlig-fiber");
  CHECK(fiber.at(column("agent_index")) == "81.44");
  CHECK(fiber.at(column("rank_agent_in_industry")) == "2");
  CHECK(fiber.at(column("rank_agent_overall")) == "2");
  CHECK(fiber.at(column("rank_answered_in_industry")) == "1");
  CHECK(fiber.at(column("rank_answered_overall")) == "1");
  CHECK(companies.at(3).at(column("rank_agent_overall")).empty());  // xss: none
  const auto industries = ParseCsv(TableText(RenderCsvTables(Report()), "industries.csv"), ',');
  const auto& ind_header = industries.front();
  const auto agent = std::find(ind_header.begin(), ind_header.end(), "agent_index");
  const auto rank_agent = std::find(ind_header.begin(), ind_header.end(), "rank_agent");
  REQUIRE(agent != ind_header.end());
  REQUIRE(rank_agent != ind_header.end());
  CHECK(std::find(ind_header.begin(), ind_header.end(), "rank_answered") != ind_header.end());
  CHECK(industries.at(1).at(agent - ind_header.begin()) == "82.36");
  CHECK(industries.at(1).at(rank_agent - ind_header.begin()) == "1");
  for (const char* name : {"company_channels.csv", "industry_channels.csv"}) {
    const auto channel_header = ParseCsv(TableText(RenderCsvTables(Report()), name), ',').front();
    CHECK(std::count(channel_header.begin(), channel_header.end(), "agent_index") == 1);
  }
}

TEST_CASE("the HTML page shows the agent index and the ranks by each result") {
  const std::string html = RenderHtml(Report());
  CHECK(html.find("Answered rank") != std::string::npos);
  CHECK(html.find("Agent index") != std::string::npos);
  CHECK(html.find("Agent rank") != std::string::npos);
  CHECK(html.find("83.3") != std::string::npos);  // komma's agent index 83.26
  CHECK(html.find("82.4") != std::string::npos);  // bredband's 82.36
}

namespace {

// Report() compared with last year: Ærlig Fiber up 6.0 (+1.1 to +10.9, significant),
// the XSS company down 2.5 without an interval, and one rule changed.
v1::AwardReport Compared() {
  v1::AwardReport r = Report();
  for (auto& co : *r.mutable_companies()) {
    if (co.company_id() == "aerlig-fiber") {
      v1::YearChange* ch = co.mutable_change();
      ch->set_previous_index(69.06);
      ch->set_change(6.0);
      ch->set_change_low(1.1);
      ch->set_change_high(10.9);
      ch->set_significant(true);
      ch->set_previous_rank(3);
      ch->set_rank_change(2);
    }
    if (co.company_id() == "xss") {
      co.mutable_change()->set_previous_index(63.77);
      co.mutable_change()->set_change(-2.5);
    }
  }
  v1::Comparison* c = r.mutable_comparison();
  c->set_previous_program_id("test-2025");
  c->set_previous_program_name("Testprisen 2025");
  c->set_previous_scoring_version("msc-scoring-0");
  c->mutable_previous_period_start()->set_seconds(1735689600);  // 2025-01-01
  c->set_companies_compared(2);
  c->set_industries_compared(0);
  v1::ConfigDifference* d = c->add_config_differences();
  d->set_field("zones.green_from");
  d->set_current("70");
  d->set_previous("75");
  v1::Mover* gain = c->add_gains();
  gain->set_company_id("aerlig-fiber");
  gain->set_name("Ærlig Fiber");
  gain->set_industry_id("bredband");
  gain->set_previous_index(69.06);
  gain->set_index(75.06);
  gain->set_change(6.0);
  gain->set_change_low(1.1);
  gain->set_change_high(10.9);
  gain->set_significant(true);
  v1::Mover* fall = c->add_falls();
  fall->set_company_id("xss");
  fall->set_name(kXss);
  fall->set_industry_id("strom");
  fall->set_previous_index(63.77);
  fall->set_index(61.27);
  fall->set_change(-2.5);
  return r;
}

}  // namespace

TEST_CASE("the table adds year over year after everything else only when the report compares") {
  const std::string plain = RenderTable(Report());
  const std::string compared = RenderTable(Compared());
  CHECK(plain.find("Year over year") == std::string::npos);
  REQUIRE(compared.substr(0, plain.size()) == plain);
  const std::string part = compared.substr(plain.size());
  CHECK_THAT(part, Catch::Contains("Testprisen 2025 (test-2025)") &&
                       Catch::Contains("2025-01-01T00:00:00Z to open") &&
                       Catch::Contains("zones.green_from  70            75") &&
                       Catch::Contains("+1.1 to +10.9") && Catch::Contains("Largest falls"));
}

TEST_CASE("the HTML page shows movers with arrows, words for screen readers and the rule changes") {
  const std::string plain = RenderHtml(Report());
  const std::string html = RenderHtml(Compared());
  CHECK(plain.find("Year over year") == std::string::npos);
  CHECK(plain.find("sr-only") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("<h2 id=\"yoy\">Year over year</h2>") &&
                       Catch::Contains("aria-label=\"Largest gains and falls") &&
                       Catch::Contains("▲ Ærlig Fiber") && Catch::Contains("+6.0 *") &&
                       Catch::Contains("<span aria-hidden=\"true\">▼</span><span "
                                       "class=\"sr-only\">down</span> -2.5") &&
                       Catch::Contains("<code>zones.green_from</code>") &&
                       Catch::Contains("not scored by the same rules"));
  CHECK(html.find(kXss) == std::string::npos);  // escaped in the movers too
}

TEST_CASE("CSV files and workbook sheets for year over year exist only when the report compares") {
  std::set<std::string> plain, compared;
  for (const auto& f : RenderCsvTables(Report())) plain.insert(f.name);
  for (const auto& f : RenderCsvTables(Compared())) compared.insert(f.name);
  std::set<std::string> added;
  std::set_difference(compared.begin(), compared.end(), plain.begin(), plain.end(),
                      std::inserter(added, added.end()));
  CHECK(added == std::set<std::string>{"config_differences.csv", "movers.csv", "yoy_companies.csv",
                                       "yoy_industries.csv"});
  for (const auto& f : RenderCsvTables(Compared())) {
    if (f.name != "movers.csv") continue;
    const auto records = ParseCsv(f.text, ',');
    REQUIRE(records.size() == 3);
    CHECK(records[1][0] == "gain");
    CHECK(records[1][2] == "aerlig-fiber");
    CHECK(records[2][0] == "fall");
    CHECK(records[2][7] == "-2.5");
    CHECK(records[2][10].empty());  // no interval, so no significance either
  }
  const msc::Result<std::string> workbook = msc::render::RenderXlsx(Compared());
  REQUIRE(workbook.ok());
  CHECK(workbook->find("xl/worksheets/sheet9.xml") != std::string::npos);
}

// The report with rank sets: Ærlig Fiber a clear winner in Bredbånd but not told
// apart from Komma overall; xss not told apart from nameless-co in Strøm.
v1::AwardReport WithRankSets() {
  v1::AwardReport r = Report();
  auto set = [&](int company, int industry_low, int industry_high, int low, int high) {
    v1::CompanyResult* c = r.mutable_companies(company);
    c->set_rank_set_in_industry_low(industry_low);
    c->set_rank_set_in_industry_high(industry_high);
    c->set_rank_set_overall_low(low);
    c->set_rank_set_overall_high(high);
  };
  set(0, 1, 1, 1, 2);  // aerlig-fiber, rank 1 overall
  set(1, 2, 2, 1, 4);  // komma
  set(2, 1, 2, 2, 4);  // xss
  set(3, 1, 2, 2, 4);  // nameless-co
  r.mutable_companies(1)->set_rank_overall(2);
  r.mutable_companies(2)->set_rank_overall(3);
  r.mutable_companies(3)->set_rank_overall(4);
  auto* fiber = r.mutable_industries(0)->add_winner_clarity();
  fiber->set_company_id("aerlig-fiber");
  fiber->set_clear(true);
  auto* xss = r.mutable_industries(1)->add_winner_clarity();
  xss->set_company_id("xss");
  xss->set_clear(false);
  xss->add_indistinguishable_from("nameless-co");
  auto* award = r.add_overall_winner_clarity();
  award->set_company_id("aerlig-fiber");
  award->set_clear(false);
  award->add_indistinguishable_from("komma");
  return r;
}

TEST_CASE("the table prints ranks by the deciding result with their rank sets, as 2 (1-4)") {
  const std::string table = RenderTable(WithRankSets());
  const auto companies = Block(table, "Bredbånd: companies");
  const std::string* fiber = Find(companies, "Ærlig Fiber");
  const std::string* komma = Find(companies, "Sitat");
  REQUIRE(fiber);
  REQUIRE(komma);
  CHECK(fiber->rfind("1 (1-1)", 0) == 0);              // the rank column comes first
  CHECK(fiber->find("1 (1-2)") != std::string::npos);  // overall
  CHECK(komma->find("2 (2-2)") != std::string::npos);
  CHECK(komma->find("2 (1-4)") != std::string::npos);
  // The answered and agent ranks are not what the sets are of: plain ranks, so the
  // row has two sets, the rank's in the industry and overall.
  CHECK(std::count(fiber->begin(), fiber->end(), '(') == 2);
  const auto winners = Block(table, "Winners (rank with its 95% rank set)");
  const std::string* award = Find(winners, "Award of the year");
  REQUIRE(award);
  CHECK(award->find("1 (1-2)") != std::string::npos);
  CHECK(award->find(std::string("cannot be told apart from ") + kQuoted) != std::string::npos);
  const std::string* bredband = Find(winners, "Bredbånd");
  REQUIRE(bredband);
  CHECK(bredband->find("clear winner") != std::string::npos);
  const std::string* strom = Find(winners, "Strøm");
  REQUIRE(strom);
  CHECK(strom->find("cannot be told apart from nameless-co") != std::string::npos);
}

TEST_CASE("a report without rank sets prints plain ranks and no clarity") {
  const std::string table = RenderTable(Report());
  CHECK(table.find("(1-") == std::string::npos);
  CHECK(table.find("told apart from") == std::string::npos);
  CHECK(table.find("clear winner") == std::string::npos);
  CHECK(RenderHtml(Report()).find("Rank sets of the first") == std::string::npos);
}

TEST_CASE("with winner_result ANSWERED the rank sets go with the answered ranks") {
  v1::AwardReport report = WithRankSets();
  report.mutable_config()->set_winner_result(v1::ANSWERED);
  const auto companies = Block(RenderTable(report), "Bredbånd: companies");
  const std::string* fiber = Find(companies, "Ærlig Fiber");
  REQUIRE(fiber);
  const std::string row = fiber->substr(fiber->find_first_not_of(' '));
  CHECK(row.rfind("1  Ærlig Fiber", 0) == 0);       // the total's rank is plain now
  CHECK(row.find("1 (1-1)") != std::string::npos);  // the answered rank in the industry
  CHECK(std::count(row.begin(), row.end(), '(') == 2);
}

TEST_CASE("the CSV tables carry the rank set bounds and each winner's clarity") {
  const auto tables = RenderCsvTables(WithRankSets());
  const auto companies = ParseCsv(TableText(tables, "companies.csv"), ',');
  const auto& header = companies.front();
  auto column = [&](const std::vector<std::string>& h, const std::string& name) {
    const auto it = std::find(h.begin(), h.end(), name);
    REQUIRE(it != h.end());
    return static_cast<size_t>(it - h.begin());
  };
  const auto& komma = companies.at(2);
  REQUIRE(komma.at(column(header, "company_id")) == "komma");
  CHECK(komma.at(column(header, "rank_set_in_industry_low")) == "2");
  CHECK(komma.at(column(header, "rank_set_in_industry_high")) == "2");
  CHECK(komma.at(column(header, "rank_set_overall_low")) == "1");
  CHECK(komma.at(column(header, "rank_set_overall_high")) == "4");
  const auto winners = ParseCsv(TableText(tables, "winners.csv"), ',');
  const auto& wh = winners.front();
  REQUIRE(winners.size() == 4);  // the award and two industry winners
  CHECK(winners[1].at(column(wh, "company_id")) == "aerlig-fiber");
  CHECK(winners[1].at(column(wh, "clear")) == "false");
  CHECK(winners[1].at(column(wh, "indistinguishable_from")) == "komma");
  CHECK(winners[2].at(column(wh, "clear")) == "true");
  CHECK(winners[2].at(column(wh, "indistinguishable_from")).empty());
  CHECK(winners[3].at(column(wh, "indistinguishable_from")) == "nameless-co");
  // Without rank sets the columns are there, empty.
  const auto plain = ParseCsv(TableText(RenderCsvTables(Report()), "winners.csv"), ',');
  CHECK(plain[1].at(column(plain.front(), "clear")).empty());
}

TEST_CASE("the HTML page states each winner's clarity and draws the overall rank sets") {
  const std::string html = RenderHtml(WithRankSets());
  CHECK(html.find("1 (1-1)") != std::string::npos);
  CHECK(html.find("clear winner") != std::string::npos);
  CHECK(html.find("cannot be told apart from nameless-co") != std::string::npos);
  CHECK(html.find("Ærlig Fiber: cannot be told apart from Komma, &quot;Sitat&quot; AS at 95% "
                  "confidence (rank set 1-2)") != std::string::npos);
  const size_t chart = html.find("aria-label=\"Rank sets of the first 4 companies overall");
  REQUIRE(chart != std::string::npos);
  // Its rows in overall rank order, each with its rank and set.
  const size_t fiber = html.find(">1 (1-2)</text>", chart);
  const size_t komma = html.find(">2 (1-4)</text>", chart);
  CHECK(fiber != std::string::npos);
  CHECK(komma != std::string::npos);
  CHECK(fiber < komma);
}
