#include "msc/client/contact_csv.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <limits>
#include <map>

#include "msc/client/uuid.h"
#include "msc/proto/serialize.h"

namespace msc::client {

const char kContactColumns[] =
    "Columns (header row required, any order, names case-insensitive; * = required):\n"
    "  submission_id        UUID; when absent or empty, derived from the row's content\n"
    "                       (UUID v7: first attempt's time + a content hash), so\n"
    "                       importing the same file again never duplicates\n"
    "  program_id *         program id in the register\n"
    "  company_id *         company id in the register\n"
    "  observer_id          observer id; an observer token fills in its own\n"
    "  channel *            phone, chat, email or social (telefon, e-post accepted)\n"
    "  scenario             role-play scenario id, e.g. new-customer-mobile\n"
    "  attempt1_started_at *  RFC 3339 with offset: 2025-11-12T09:30:00+01:00 or ...Z\n"
    "                       (a space may replace the T; local times without offset are\n"
    "                       refused, since they are ambiguous around DST changes)\n"
    "  attempt1_wait_s *    seconds until answered or given up: 45, 12.5 or 12,5\n"
    "  attempt1_answered *  yes/no, true/false, 1/0, ja/nei\n"
    "  attempt2_started_at, attempt2_wait_s, attempt2_answered\n"
    "                       a second attempt; leave all three empty when there was none\n"
    "  welcome, understood_need, engaged, competent, written_language, solution,\n"
    "  efficiency, overall  ratings 1..6 by criterion id; empty = not rated\n"
    "  rating.ID            a rating for another criterion of the program's config\n"
    "  upsell               none, needs_based or pushy; empty = not recorded\n"
    "  redirected           yes/no (empty = no): sent to another channel\n"
    "  comment              free text, may hold separators, quotes and newlines\n"
    "  other_ratings        more ratings as id=value;id=value (as msc export writes them)\n"
    "The other columns of 'msc export --format csv' (received_at, review_state,\n"
    "review_note, reviewed_by, version, latest, config_sha256, version_made_at,\n"
    "version_made_by) are accepted and not sent: the collector records those itself.\n"
    "A row with latest=false (an earlier version, export --history) is skipped.\n"
    "Separators ',' or ';' (detected from the header), RFC 4180 quoting, UTF-8 with\n"
    "or without BOM.\n";

enum class ContactTable::Column {
  kSubmissionId,
  kProgram,
  kCompany,
  kObserver,
  kChannel,
  kScenario,
  kStarted1,
  kWait1,
  kAnswered1,
  kStarted2,
  kWait2,
  kAnswered2,
  kRating,
  kUpsell,
  kRedirected,
  kComment,
  kOtherRatings,
  kLatest,
  kRecordKeeping,  // written by msc export, kept by the collector: not sent
};

namespace {

using Column = ContactTable::Column;

struct Named {
  const char* name;
  Column column;
  bool required;
};

constexpr std::array<Named, 25> kNamed = {{
    {"submission_id", Column::kSubmissionId, false},
    {"program_id", Column::kProgram, true},
    {"company_id", Column::kCompany, true},
    {"observer_id", Column::kObserver, false},
    {"channel", Column::kChannel, true},
    {"scenario", Column::kScenario, false},
    {"attempt1_started_at", Column::kStarted1, true},
    {"attempt1_wait_s", Column::kWait1, true},
    {"attempt1_answered", Column::kAnswered1, true},
    {"attempt2_started_at", Column::kStarted2, false},
    {"attempt2_wait_s", Column::kWait2, false},
    {"attempt2_answered", Column::kAnswered2, false},
    {"upsell", Column::kUpsell, false},
    {"redirected", Column::kRedirected, false},
    {"comment", Column::kComment, false},
    {"other_ratings", Column::kOtherRatings, false},
    {"latest", Column::kLatest, false},
    {"received_at", Column::kRecordKeeping, false},
    {"review_state", Column::kRecordKeeping, false},
    {"review_note", Column::kRecordKeeping, false},
    {"reviewed_by", Column::kRecordKeeping, false},
    {"version", Column::kRecordKeeping, false},
    {"config_sha256", Column::kRecordKeeping, false},
    {"version_made_at", Column::kRecordKeeping, false},
    {"version_made_by", Column::kRecordKeeping, false},
}};

// The criteria of the shipped default config; others come as "rating.ID".
constexpr std::array<const char*, 8> kCriteria = {"welcome",    "understood_need",  "engaged",
                                                  "competent",  "written_language", "solution",
                                                  "efficiency", "overall"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ParseBool(std::string_view text, bool* out) {
  static const std::map<std::string, bool, std::less<>> kWords = {
      {"yes", true}, {"no", false}, {"true", true}, {"false", false}, {"1", true},
      {"0", false},  {"ja", true},  {"nei", false}, {"y", true},      {"n", false}};
  auto it = kWords.find(Lower(text));
  if (it == kWords.end()) return false;
  *out = it->second;
  return true;
}

bool ParseChannel(std::string_view text, v1::Channel* out) {
  static const std::map<std::string, v1::Channel, std::less<>> kWords = {
      {"phone", v1::PHONE},  {"telefon", v1::PHONE}, {"chat", v1::CHAT},   {"email", v1::EMAIL},
      {"e-mail", v1::EMAIL}, {"e-post", v1::EMAIL},  {"epost", v1::EMAIL}, {"social", v1::SOCIAL}};
  auto it = kWords.find(Lower(text));
  if (it == kWords.end()) return false;
  *out = it->second;
  return true;
}

bool ParseUpsell(std::string_view text, v1::Upsell* out) {
  std::string word = Lower(text);
  std::replace(word.begin(), word.end(), '-', '_');
  if (word == "none")
    *out = v1::NONE;
  else if (word == "needs_based")
    *out = v1::NEEDS_BASED;
  else if (word == "pushy")
    *out = v1::PUSHY;
  else
    return false;
  return true;
}

// Parses a fixed count of digits at `pos`.
bool Digits(std::string_view s, size_t pos, size_t count, int* out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

bool ParseSecondsNs(std::string_view text, int64_t* ns) {
  text = Trim(text);
  bool negative = !text.empty() && text.front() == '-';
  if (negative || (!text.empty() && text.front() == '+')) text.remove_prefix(1);
  size_t point = text.find_first_of(".,");
  std::string_view whole = text.substr(0, point);
  std::string_view frac = point == std::string_view::npos ? "" : text.substr(point + 1);
  if (whole.empty() && frac.empty()) return false;
  if (point != std::string_view::npos && frac.empty()) return false;
  int64_t seconds = 0;
  if (!whole.empty()) {
    auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
    if (ec != std::errc() || end != whole.data() + whole.size()) return false;
    if (seconds > 100LL * 365 * 86400) return false;  // no contact waits a century
  }
  int64_t nanos = 0, scale = 100'000'000;  // digits beyond nanoseconds are dropped
  for (char c : frac) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    nanos += (c - '0') * scale;
    scale /= 10;
  }
  *ns = (negative ? -1 : 1) * (seconds * 1'000'000'000 + nanos);
  return true;
}

bool ParseTimestampNs(std::string_view s, int64_t* ns) {
  s = Trim(s);
  int year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &month) ||
      s[7] != '-' || !Digits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !Digits(s, 11, 2, &hour) || s[13] != ':' || !Digits(s, 14, 2, &minute) || s[16] != ':' ||
      !Digits(s, 17, 2, &second)) {
    return false;
  }
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    int64_t scale = 100'000'000;
    size_t start = ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      nanos += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return false;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return false;
    }
    offset_minutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return false;  // no offset: a local time is ambiguous
  }
  if (pos != s.size()) return false;
  using namespace std::chrono;
  year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                      std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return false;
  int64_t secs = sys_days(date).time_since_epoch().count() * 86400LL + hour * 3600 + minute * 60 +
                 second - offset_minutes * 60;
  // Unix nanoseconds in an int64 reach from 1677 to 2262: refuse a year beyond
  // instead of overflowing (found by tests/fuzz/csv_fuzz.cpp).
  constexpr int64_t kMaxSeconds = std::numeric_limits<int64_t>::max() / 1'000'000'000 - 1;
  if (secs > kMaxSeconds || secs < -kMaxSeconds) return false;
  *ns = secs * 1'000'000'000 + nanos;
  return true;
}

namespace {

// A rating cell: a whole number (the range 1..6 is the server's rule).
bool ParseRating(std::string_view cell, int* value) {
  auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), *value);
  return ec == std::errc() && end == cell.data() + cell.size();
}

// "id=value;id=value": more ratings, as msc export writes the ones without a column.
bool ParseOtherRatings(std::string_view cell, v1::Observation* obs) {
  while (!cell.empty()) {
    std::string_view item = cell.substr(0, cell.find(';'));
    cell.remove_prefix(std::min(cell.size(), item.size() + 1));
    const size_t eq = item.find('=');
    int value = 0;
    if (eq == std::string_view::npos || eq == 0 || !ParseRating(Trim(item.substr(eq + 1)), &value))
      return false;
    (*obs->mutable_ratings())[std::string(Trim(item.substr(0, eq)))] = value;
  }
  return true;
}

}  // namespace

std::string RatingColumn(std::string_view criterion) {
  if (std::find(kCriteria.begin(), kCriteria.end(), criterion) != kCriteria.end())
    return std::string(criterion);
  return "rating." + std::string(criterion);
}

bool ContactTable::IsEarlierVersion(const std::vector<std::string>& row) const {
  for (size_t i = 0; i < bindings_.size() && i < row.size(); ++i) {
    bool latest = true;
    if (bindings_[i].column == Column::kLatest && ParseBool(Trim(row[i]), &latest)) return !latest;
  }
  return false;
}

Result<ContactTable> ContactTable::FromHeader(const std::vector<std::string>& header) {
  ContactTable table;
  std::vector<FieldIssue> issues;
  std::vector<std::string> seen;
  for (const std::string& raw : header) {
    std::string name = Lower(Trim(raw));
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      issues.push_back({name, "the column appears twice in the header"});
      continue;
    }
    seen.push_back(name);
    auto named =
        std::find_if(kNamed.begin(), kNamed.end(), [&](const Named& n) { return name == n.name; });
    if (named != kNamed.end()) {
      table.bindings_.push_back({named->column, name, ""});
    } else if (std::find(kCriteria.begin(), kCriteria.end(), name) != kCriteria.end()) {
      table.bindings_.push_back({Column::kRating, name, name});
    } else if (name.rfind("rating.", 0) == 0 && name.size() > 7) {
      table.bindings_.push_back({Column::kRating, name, name.substr(7)});
    } else {
      issues.push_back({name.empty() ? "(empty)" : name,
                        "unknown column (see 'msc import --help' for the columns)"});
    }
  }
  for (const Named& n : kNamed) {
    if (n.required && std::find(seen.begin(), seen.end(), n.name) == seen.end()) {
      issues.push_back({n.name, "required column missing from the header"});
    }
  }
  if (!issues.empty()) return Status::Invalid(std::move(issues));
  return table;
}

Result<v1::Observation> ContactTable::Parse(const std::vector<std::string>& row) const {
  if (row.size() != bindings_.size()) {
    return Status::Invalid("", "the row has " + std::to_string(row.size()) +
                                   " fields, the header " + std::to_string(bindings_.size()));
  }
  v1::Observation obs;
  std::vector<FieldIssue> issues;
  auto bad = [&issues](const Binding& b, std::string reason) {
    issues.push_back({b.name, std::move(reason)});
  };
  // Attempt cells, gathered first: a second attempt exists when any of its cells does.
  struct AttemptCells {
    const Binding* started = nullptr;
    const Binding* wait = nullptr;
    const Binding* answered = nullptr;
    std::string_view started_text, wait_text, answered_text;
  } attempts[2];

  for (size_t i = 0; i < row.size(); ++i) {
    const Binding& b = bindings_[i];
    std::string_view cell = b.column == Column::kComment ? row[i] : Trim(row[i]);
    switch (b.column) {
      case Column::kSubmissionId:
        obs.set_submission_id(std::string(cell));
        break;
      case Column::kProgram:
        obs.set_program_id(std::string(cell));
        break;
      case Column::kCompany:
        obs.set_company_id(std::string(cell));
        break;
      case Column::kObserver:
        obs.set_observer_id(std::string(cell));
        break;
      case Column::kScenario:
        obs.set_scenario(std::string(cell));
        break;
      case Column::kComment:
        obs.set_comment(std::string(cell));
        break;
      case Column::kChannel: {
        v1::Channel channel;
        if (!ParseChannel(cell, &channel)) {
          bad(b, "'" + std::string(cell) + "' is not phone, chat, email or social");
        }
        obs.set_channel(channel);
        break;
      }
      case Column::kStarted1:
        attempts[0].started = &b;
        attempts[0].started_text = cell;
        break;
      case Column::kWait1:
        attempts[0].wait = &b;
        attempts[0].wait_text = cell;
        break;
      case Column::kAnswered1:
        attempts[0].answered = &b;
        attempts[0].answered_text = cell;
        break;
      case Column::kStarted2:
        attempts[1].started = &b;
        attempts[1].started_text = cell;
        break;
      case Column::kWait2:
        attempts[1].wait = &b;
        attempts[1].wait_text = cell;
        break;
      case Column::kAnswered2:
        attempts[1].answered = &b;
        attempts[1].answered_text = cell;
        break;
      case Column::kRating: {
        if (cell.empty()) break;
        int value = 0;
        if (!ParseRating(cell, &value)) {
          bad(b, "'" + std::string(cell) + "' is not a whole number 1..6");
          break;
        }
        (*obs.mutable_ratings())[b.criterion] = value;
        break;
      }
      case Column::kOtherRatings:
        if (!ParseOtherRatings(cell, &obs)) {
          bad(b, "'" + std::string(cell) + "' is not id=value;id=value with whole numbers");
        }
        break;
      case Column::kLatest: {
        bool latest = true;
        if (!cell.empty() && !ParseBool(cell, &latest)) {
          bad(b, "'" + std::string(cell) + "' is not true or false");
        }
        break;
      }
      case Column::kRecordKeeping:
        break;
      case Column::kUpsell: {
        v1::Upsell upsell = v1::UPSELL_UNSPECIFIED;
        if (!cell.empty() && !ParseUpsell(cell, &upsell)) {
          bad(b, "'" + std::string(cell) + "' is not none, needs_based or pushy");
        }
        obs.set_upsell(upsell);
        break;
      }
      case Column::kRedirected: {
        bool redirected = false;
        if (!cell.empty() && !ParseBool(cell, &redirected)) {
          bad(b, "'" + std::string(cell) + "' is not yes or no");
        }
        obs.set_redirected(redirected);
        break;
      }
    }
  }

  for (int k = 0; k < 2; ++k) {
    const AttemptCells& a = attempts[k];
    if (k == 1 && a.started_text.empty() && a.wait_text.empty() && a.answered_text.empty()) break;
    std::string prefix = "attempt" + std::to_string(k + 1) + "_";
    v1::Attempt* attempt = obs.add_attempts();
    int64_t ns = 0;
    if (a.started == nullptr || a.started_text.empty()) {
      issues.push_back({prefix + "started_at", "empty"});
    } else if (!ParseTimestampNs(a.started_text, &ns)) {
      bad(*a.started, "'" + std::string(a.started_text) +
                          "' is not an RFC 3339 time with offset, e.g. 2025-11-12T09:30:00+01:00");
    } else {
      *attempt->mutable_started_at() = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(ns);
    }
    if (a.wait == nullptr || a.wait_text.empty()) {
      issues.push_back({prefix + "wait_s", "empty"});
    } else if (!ParseSecondsNs(a.wait_text, &ns)) {
      bad(*a.wait, "'" + std::string(a.wait_text) + "' is not a number of seconds");
    } else {
      *attempt->mutable_wait() = google::protobuf::util::TimeUtil::NanosecondsToDuration(ns);
    }
    bool answered = false;
    if (a.answered == nullptr || a.answered_text.empty()) {
      issues.push_back({prefix + "answered", "empty"});
    } else if (!ParseBool(a.answered_text, &answered)) {
      bad(*a.answered, "'" + std::string(a.answered_text) + "' is not yes or no");
    }
    attempt->set_answered(answered);
  }
  if (!issues.empty()) return Status::Invalid(std::move(issues));
  if (obs.submission_id().empty()) obs.set_submission_id(ContactUuid(obs));
  return obs;
}

}  // namespace msc::client
