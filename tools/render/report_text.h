#ifndef MSC_RENDER_REPORT_TEXT_H_
#define MSC_RENDER_REPORT_TEXT_H_

// How every human-facing renderer spells the report's values, so that the table and
// the HTML page never disagree about a rounding or a name.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msc/v1/report.pb.h"

namespace msc::render {

inline constexpr std::string_view kAbsent = "-";

// One decimal, and never "-0.0": a rounded zero is a zero.
std::string Fixed1(double value);
// A 0..1 fraction as a percentage with one decimal: 0.0642 -> "6.4%".
std::string Percent1(double fraction);
// A signed value with one decimal: "+1.2", "-0.4", "0.0".
std::string Signed1(double value);
// A wait in seconds in the unit a reader grasps: "38.0 s", "2.5 min", "6.1 h".
std::string Wait(double seconds);
// Shortest text that reads back as the same double (for machines).
std::string Exact(double value);

std::string Fixed1(const std::optional<double>& value);
std::string Wait(const std::optional<double>& seconds);
std::string Rank(const std::optional<int>& rank);
std::string Interval(const std::optional<double>& low, const std::optional<double>& high);
std::string Signed1(const std::optional<double>& value);
// A change's interval, signs shown: "-9.0 to +1.0".
std::string ChangeInterval(const std::optional<double>& low, const std::optional<double>& high);
// A rank change, positive for a climb: "+2", "-1", "0".
std::string RankChange(const std::optional<int>& change);
// A program's period [start, end) in RFC 3339 UTC, "2024-01-01T00:00:00Z to
// 2025-01-01T00:00:00Z" (the end excluded, METHODOLOGY.md section 2); absent: "open".
std::string Period(const v1::Comparison& c, bool previous);
// Year over year in words: "up", "down" or "unchanged" (a change that rounds to 0.0).
std::string_view Direction(double change);

class Names;

// Where a rank is counted: among the company's industry or among all companies.
enum class RankScope { kIndustry, kOverall };

// A company's rank by `result` in `scope`, with its rank set when the report's sets
// are of that result (config.winner_result): "2 (1-4)"; the rank alone otherwise.
std::string CompanyRank(const v1::AwardReport& report, const v1::CompanyResult& company,
                        v1::WinnerResult result, RankScope scope);
// The rank set alone, "1-4", or "-".
std::string RankSetText(const v1::CompanyResult& company, RankScope scope);
// The result whose ranks the rank sets are of (TOTAL when the config does not say).
v1::WinnerResult DecidingResult(const v1::AwardReport& report);

// A winner's clarity in words: "clear winner", or "cannot be told apart from A, B and
// C" (at most `names_shown` names, then "and N more"). "-" without one.
std::string ClarityText(const v1::WinnerClarity* clarity, const Names& names,
                        size_t names_shown = 5);
// The clarity of `company_id` in a list of winners' clarity, or nullptr.
const v1::WinnerClarity* ClarityOf(
    const google::protobuf::RepeatedPtrField<v1::WinnerClarity>& clarity,
    const std::string& company_id);

std::string_view ChannelName(v1::Channel channel);
std::string_view ZoneName(v1::Zone zone);
// The colour behind a zone's name written in white, as "#rrggbb" (the HTML page's
// zone labels, the workbook's zone cells): at least 4.5:1 against the white text.
// Empty for no zone.
std::string_view ZoneLabelColor(v1::Zone zone);

// Columns line up by what a terminal shows, not by bytes: "Bredbånd" is 8 wide.
size_t DisplayWidth(std::string_view utf8);

// The optional fields of the generated classes, as std::optional.
#define MSC_RENDER_OPT(msg, field) \
  ((msg).has_##field() ? std::optional((msg).field()) : std::nullopt)

// Display names for ids, falling back to the id when the report carries no name.
class Names {
 public:
  explicit Names(const v1::AwardReport& report);
  std::string Company(const std::string& id) const;
  std::string Industry(const std::string& id) const;
  std::string Observer(const std::string& id) const;

 private:
  std::map<std::string, std::string, std::less<>> companies_;
  std::map<std::string, std::string, std::less<>> industries_;
  std::map<std::string, std::string, std::less<>> observers_;
};

// Industries in reading order: ranked by rank, then the unranked by name.
std::vector<const v1::IndustryResult*> IndustriesInRankOrder(const v1::AwardReport& report,
                                                             const Names& names);
// One industry's companies: eligible by rank, then the rest by name.
std::vector<const v1::CompanyResult*> CompaniesOf(const v1::AwardReport& report,
                                                  const std::string& industry_id,
                                                  const Names& names);

}  // namespace msc::render

#endif  // MSC_RENDER_REPORT_TEXT_H_
