#ifndef MSC_RENDER_RENDER_H_
#define MSC_RENDER_RENDER_H_

// Renderers of an AwardReport for its readers: a terminal table for the program
// manager, CSV files or an Excel workbook for a spreadsheet, one HTML page for
// publication, and JSON for other programs. Renderers only format: every figure comes
// from the report, rounded to one decimal for people and kept at full precision for
// machines.

#include <string>
#include <vector>

#include "msc/proto/status.h"
#include "msc/v1/report.pb.h"

namespace msc::render {

struct TableOptions {
  bool color = false;  // ANSI colours for the zones (a terminal, not a pipe)
};

// Aligned plain-text tables: summary, industry ranking, companies per industry,
// channel compliance, channel top lists, winners and observer leniency; then, when the
// report compares (AwardReport.comparison), year over year.
std::string RenderTable(const v1::AwardReport& report, const TableOptions& options = {});

// The CSV dialects. Excel reads a CSV file with its locale's list separator and
// decimal mark: in English ',' and '.', in Norwegian ';' and ','.
enum class CsvDialect {
  kDefault,    // ',' between fields, '.' as the decimal mark
  kNorwegian,  // ';' between fields, ',' as the decimal mark ("nb")
};

struct CsvOptions {
  CsvDialect dialect = CsvDialect::kDefault;
};

// One CSV file per table in `dir` (created if missing), in a dialect Excel opens
// without a wizard: UTF-8 with BOM, RFC 4180 quoting (of fields holding the dialect's
// separator), CRLF, a header row with unique names and numbers at full precision.
// A report that compares adds yoy_companies, yoy_industries, movers and
// config_differences.
// Fails when a file cannot be written.
Status WriteCsvDirectory(const v1::AwardReport& report, const std::string& dir,
                         const CsvOptions& options = {});

// The tables WriteCsvDirectory writes, as file names ("companies.csv") and contents.
struct CsvFile {
  std::string name;
  std::string text;
};
std::vector<CsvFile> RenderCsvTables(const v1::AwardReport& report, const CsvOptions& options = {});

// A self-contained HTML page (inline CSS and SVG, no scripts, no external assets).
std::string RenderHtml(const v1::AwardReport& report);

// An Excel workbook (.xlsx), as the bytes of its file: the sheets Summary,
// Industries, Companies, Channels, Criteria and Observers (and Movers, Industry
// changes and Differences when the report compares), each with a frozen header
// row and an autofilter. Numbers are stored as numbers at full precision and shown
// through number formats (indexes "0.0", rates "0.0%", waits as durations); zones
// are cell colours, the HTML page's. Fails when the workbook cannot be written (its
// temporary file) or a text is longer than a cell holds.
Result<std::string> RenderXlsx(const v1::AwardReport& report);

// The protobuf JSON mapping, pretty-printed with zeros shown, newline-terminated.
// Takes the report by value: a large one is taken apart to print on two threads.
std::string RenderJson(v1::AwardReport report);

}  // namespace msc::render

#endif  // MSC_RENDER_RENDER_H_
