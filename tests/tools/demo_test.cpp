#include <catch2/catch.hpp>

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "msc/demo/generate.h"
#include "msc/scoring/business_calendar.h"
#include "msc/scoring/config.h"
#include "msc/scoring/protocol.h"

namespace {

using msc::demo::DemoOptions;
using msc::demo::DemoProgram;
using msc::demo::GenerateDemoProgram;
namespace v1 = msc::v1;
using std::chrono::seconds;
using std::chrono::sys_seconds;

// One generation serves the read-only tests: it is the expensive part.
const DemoProgram& Default() {
  static const DemoProgram program = GenerateDemoProgram();
  return program;
}

sys_seconds Instant(const google::protobuf::Timestamp& t) {
  return sys_seconds(seconds(t.seconds()));
}

// The test's own business clock, written from METHODOLOGY.md section 6 independently
// of the generator's: holidays listed by hand rather than computed.
class Oslo {
 public:
  Oslo() : zone_(date::locate_zone("Europe/Oslo")) {}

  bool BusinessDay(date::local_days d) const {
    static const std::set<date::local_days> kHolidays = {
        date::local_days{date::year(2018) / 3 / 29},  date::local_days{date::year(2018) / 3 / 30},
        date::local_days{date::year(2018) / 4 / 1},   date::local_days{date::year(2018) / 4 / 2},
        date::local_days{date::year(2025) / 12 / 25}, date::local_days{date::year(2025) / 12 / 26},
        date::local_days{date::year(2026) / 1 / 1},   date::local_days{date::year(2026) / 4 / 2},
        date::local_days{date::year(2026) / 4 / 3},   date::local_days{date::year(2026) / 4 / 5},
        date::local_days{date::year(2026) / 4 / 6},   date::local_days{date::year(2026) / 5 / 1},
        date::local_days{date::year(2026) / 5 / 14},  date::local_days{date::year(2026) / 5 / 17},
        date::local_days{date::year(2026) / 5 / 24},  date::local_days{date::year(2026) / 5 / 25},
    };
    const date::weekday wd{d};
    return wd != date::Saturday && wd != date::Sunday && !kHolidays.count(d);
  }

  sys_seconds At(date::local_days d, std::chrono::hours h) const {
    return zone_->to_sys(date::local_seconds{d} + h, date::choose::earliest);
  }

  date::local_days Day(sys_seconds t) const { return date::floor<date::days>(zone_->to_local(t)); }

  seconds Business(sys_seconds t0, sys_seconds t1) const {
    seconds total{0};
    for (date::local_days d = Day(t0); d <= Day(t1); d += date::days(1)) {
      if (!BusinessDay(d)) continue;
      const sys_seconds a = std::max(t0, At(d, std::chrono::hours(8)));
      const sys_seconds b = std::min(t1, At(d, std::chrono::hours(16)));
      if (b > a) total += b - a;
    }
    return total;
  }

 private:
  const date::time_zone* zone_;
};

const Oslo& Clock() {
  static const Oslo clock;
  return clock;
}

// elapsed(first) in seconds, per METHODOLOGY.md section 3 with the default rules.
double Elapsed(const v1::Observation& o, const v1::Attempt& a) {
  if (o.channel() != v1::EMAIL) return static_cast<double>(a.wait().seconds());
  const sys_seconds start = Instant(a.started_at());
  return static_cast<double>(Clock().Business(start, start + seconds(a.wait().seconds())).count());
}

double Limit(v1::Channel c) { return c == v1::EMAIL ? 24 * 3600 : 300; }

bool FirstMissed(const v1::Observation& o) {
  const auto& first = o.attempts(0);
  return !(first.answered() && Elapsed(o, first) <= Limit(o.channel()));
}

bool Served(const v1::Observation& o) {
  for (const auto& a : o.attempts()) {
    if (a.answered() && Elapsed(o, a) <= Limit(o.channel())) return true;
  }
  return false;
}

double NearestRankMedian(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  return x[static_cast<size_t>(std::ceil(0.5 * static_cast<double>(x.size()))) - 1];
}

struct ChannelFigures {
  int contacts = 0;
  double first_missed = 0;
  double unanswered = 0;
  double median_wait_s = 0;
};

ChannelFigures Figures(const DemoProgram& p, v1::Channel channel) {
  ChannelFigures f;
  int missed = 0, unserved = 0;
  std::vector<double> waits;
  for (const auto& o : p.observations) {
    if (o.channel() != channel) continue;
    ++f.contacts;
    missed += FirstMissed(o);
    unserved += !Served(o);
    if (o.attempts(0).answered()) waits.push_back(Elapsed(o, o.attempts(0)));
  }
  f.first_missed = static_cast<double>(missed) / f.contacts;
  f.unanswered = static_cast<double>(unserved) / f.contacts;
  f.median_wait_s = NearestRankMedian(waits);
  return f;
}

// Every rule of METHODOLOGY.md section 2 ("Validation at submission"), as a list of
// complaints; empty when the observation is valid.
std::vector<std::string> Problems(const v1::Observation& o, const v1::Register& reg) {
  std::vector<std::string> out;
  const v1::Program& program = reg.programs(0);
  if (o.channel() == v1::CHANNEL_UNSPECIFIED) out.push_back("channel not set");
  const int max_attempts = o.channel() == v1::EMAIL ? 1 : 2;
  if (o.attempts_size() < 1 || o.attempts_size() > max_attempts) out.push_back("attempt count");
  bool answered = false;
  for (int i = 0; i < o.attempts_size(); ++i) {
    const auto& a = o.attempts(i);
    if (!a.has_started_at()) out.push_back("started_at missing");
    if (a.wait().seconds() < 0 || a.wait().nanos() < 0) out.push_back("negative wait");
    if (i > 0) {
      const auto& prev = o.attempts(i - 1);
      if (a.started_at().seconds() < prev.started_at().seconds() + prev.wait().seconds()) {
        out.push_back("attempts out of time order");
      }
    }
    answered = answered || a.answered();
  }
  static const std::set<std::string> kAll = {"welcome",  "understood_need", "engaged", "competent",
                                             "solution", "efficiency",      "overall"};
  for (const auto& [key, value] : o.ratings()) {
    const bool known =
        kAll.count(key) ||
        (key == "written_language" &&
         (o.channel() == v1::CHAT || o.channel() == v1::EMAIL || o.channel() == v1::SOCIAL));
    if (!known) out.push_back("rating " + key + " does not apply");
    if (value < 1 || value > 6) out.push_back("rating " + key + " out of 1..6");
  }
  if (answered && o.ratings().empty()) out.push_back("answered without ratings");
  if (!answered && !o.ratings().empty()) out.push_back("ratings without an answer");
  auto has = [](const auto& list, const std::string& id) {
    return std::any_of(list.begin(), list.end(), [&](const auto& x) { return x.id() == id; });
  };
  if (!has(reg.companies(), o.company_id())) out.push_back("unknown company");
  if (!has(reg.observers(), o.observer_id())) out.push_back("unknown observer");
  if (!has(reg.programs(), o.program_id())) out.push_back("unknown program");
  if (o.attempts_size() > 0) {
    const int64_t start = o.attempts(0).started_at().seconds();
    if (start < program.period_start().seconds() || start >= program.period_end().seconds()) {
      out.push_back("first attempt outside the period");
    }
  }
  if (o.comment().size() > 4000) out.push_back("comment too long");
  return out;
}

bool Same(const DemoProgram& a, const DemoProgram& b) {
  using google::protobuf::util::MessageDifferencer;
  if (!MessageDifferencer::Equals(a.register_, b.register_)) return false;
  if (a.observations.size() != b.observations.size()) return false;
  for (size_t i = 0; i < a.observations.size(); ++i) {
    if (!MessageDifferencer::Equals(a.observations[i], b.observations[i])) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("the demo program has the reference award's size") {
  const DemoProgram& p = Default();
  CHECK(p.register_.industries_size() == 18);
  CHECK(p.register_.companies_size() == 153);
  CHECK(p.register_.observers_size() == 74);
  CHECK(p.observations.size() == 3921);
  REQUIRE(p.register_.programs_size() == 1);
  CHECK(p.register_.programs(0).id() == "kundeservice-2026");
}

TEST_CASE("the demo program's period is November to March, Oslo time") {
  const v1::Program& program = Default().register_.programs(0);
  // 2025-11-01T00:00:00+01:00 and 2026-04-01T00:00:00+02:00.
  CHECK(program.period_start().seconds() == 1761951600);
  CHECK(program.period_end().seconds() == 1774994400);
}

TEST_CASE("demo register ids are unique and names are Norwegian") {
  const v1::Register& reg = Default().register_;
  std::set<std::string> ids, names, industries;
  for (const auto& i : reg.industries()) industries.insert(i.id());
  for (const auto& c : reg.companies()) {
    ids.insert(c.id());
    names.insert(c.name());
    CHECK(industries.count(c.industry_id()) == 1);
    CHECK(std::regex_match(c.id(), std::regex("[a-z0-9]+(-[a-z0-9]+)*")));
  }
  CHECK(ids.size() == 153);
  CHECK(names.size() == 153);
  std::set<std::string> observer_ids, observer_names;
  for (const auto& o : reg.observers()) {
    observer_ids.insert(o.id());
    observer_names.insert(o.name());
  }
  CHECK(observer_ids.size() == 74);
  CHECK(observer_names.size() == 74);
  std::map<std::string, std::string> by_id;
  for (const auto& i : reg.industries()) by_id[i.id()] = i.name();
  CHECK(by_id["mat-pa-nett"] == "Mat på nett");
  CHECK(by_id["bredband"] == "Bredbånd");
  CHECK(by_id["strom"] == "Strøm");
}

TEST_CASE("the same seed gives the same program") {
  CHECK(Same(GenerateDemoProgram(), Default()));
  DemoOptions seven;
  seven.seed = 7;
  CHECK(Same(GenerateDemoProgram(seven), GenerateDemoProgram(seven)));
}

TEST_CASE("different seeds give different programs") {
  DemoOptions other;
  other.seed = 2027;
  const DemoProgram p = GenerateDemoProgram(other);
  CHECK_FALSE(Same(p, Default()));
  CHECK(p.observations[0].submission_id() != Default().observations[0].submission_id());
}

TEST_CASE("every demo observation is valid (METHODOLOGY.md section 2)") {
  for (uint64_t seed : {uint64_t{2026}, uint64_t{1}}) {
    DemoOptions options;
    options.seed = seed;
    const DemoProgram p = seed == 2026 ? Default() : GenerateDemoProgram(options);
    int invalid = 0;
    for (const auto& o : p.observations) {
      const auto problems = Problems(o, p.register_);
      if (!problems.empty() && ++invalid <= 5) {
        FAIL_CHECK(o.submission_id() << ": " << problems.front());
      }
    }
    CHECK(invalid == 0);
  }
}

TEST_CASE("demo submission ids are unique UUID version 7 that carry the contact's start") {
  const std::regex uuid7("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> ids;
  for (const auto& o : Default().observations) {
    CHECK(std::regex_match(o.submission_id(), uuid7));
    const int64_t ms =
        std::stoll(o.submission_id().substr(0, 8) + o.submission_id().substr(9, 4), nullptr, 16);
    CHECK(ms == o.attempts(0).started_at().seconds() * 1000);
    ids.insert(o.submission_id());
  }
  CHECK(ids.size() == Default().observations.size());
}

TEST_CASE("the test's business clock reproduces the methodology's 2018 example") {
  const auto& c = Clock();
  const sys_seconds sent =
      c.At(date::local_days{date::year(2018) / 3 / 23}, std::chrono::hours(15));
  const sys_seconds answered =
      c.At(date::local_days{date::year(2018) / 4 / 3}, std::chrono::hours(9));
  CHECK(c.Business(sent, answered) == std::chrono::hours(26));
}

TEST_CASE("demo figures land near the reference award's") {
  for (uint64_t seed : {uint64_t{2026}, uint64_t{11}, uint64_t{12}}) {
    DemoOptions options;
    options.seed = seed;
    const DemoProgram p = seed == 2026 ? Default() : GenerateDemoProgram(options);
    INFO("seed " << seed);
    const ChannelFigures phone = Figures(p, v1::PHONE);
    const ChannelFigures chat = Figures(p, v1::CHAT);
    const ChannelFigures mail = Figures(p, v1::EMAIL);
    const double n = static_cast<double>(p.observations.size());
    CHECK(phone.contacts / n == Approx(0.45).margin(0.03));
    CHECK(chat.contacts / n == Approx(0.30).margin(0.03));
    CHECK(mail.contacts / n == Approx(0.25).margin(0.03));
    // One seed's figure is a sample: about 1,200 chats and 1,000 e-mails give a
    // standard deviation near 1.3 points between seeds. Three of them is the margin;
    // the next test holds the average to the targets tightly.
    CHECK(phone.first_missed == Approx(0.064).margin(0.025));
    CHECK(chat.first_missed == Approx(0.216).margin(0.04));
    CHECK(mail.unanswered == Approx(0.20).margin(0.04));
    CHECK(phone.median_wait_s < 60);
    CHECK(chat.median_wait_s < 180);
    CHECK(mail.median_wait_s < 8 * 3600);
  }
}

TEST_CASE("demo figures average out on the reference award's") {
  // Over eight seeds the seed-to-seed spread shrinks, so the targets can be tight.
  double phone = 0, chat = 0, mail = 0;
  constexpr int kSeeds = 8;
  for (int i = 0; i < kSeeds; ++i) {
    DemoOptions options;
    options.seed = 100 + i;
    const DemoProgram p = GenerateDemoProgram(options);
    phone += Figures(p, v1::PHONE).first_missed / kSeeds;
    chat += Figures(p, v1::CHAT).first_missed / kSeeds;
    mail += Figures(p, v1::EMAIL).unanswered / kSeeds;
  }
  CHECK(phone == Approx(0.064).margin(0.01));
  CHECK(chat == Approx(0.216).margin(0.012));
  CHECK(mail == Approx(0.20).margin(0.012));
}

TEST_CASE("demo e-mails cross weekends, holidays and the end of the period") {
  const DemoProgram& p = Default();
  const int64_t end = p.register_.programs(0).period_end().seconds();
  int after_end = 0, weekend = 0, holiday = 0, second_attempts = 0;
  for (const auto& o : p.observations) {
    const auto& first = o.attempts(0);
    if (o.attempts_size() == 2) ++second_attempts;
    if (o.channel() != v1::EMAIL || !first.answered()) continue;
    const int64_t replied = first.started_at().seconds() + first.wait().seconds();
    if (replied >= end) ++after_end;
    const date::local_days sent = Clock().Day(Instant(first.started_at()));
    const date::local_days reply = Clock().Day(sys_seconds(std::chrono::seconds(replied)));
    // A reply on a later day than the sending with a Saturday, or a weekday holiday,
    // between: business time stopped meanwhile.
    bool saturday = false, holiday_between = false;
    for (date::local_days d = sent; d < reply; d += date::days(1)) {
      const date::weekday wd{d};
      saturday = saturday || wd == date::Saturday;
      holiday_between = holiday_between || (wd != date::Saturday && wd != date::Sunday &&
                                            !Clock().BusinessDay(d));
    }
    weekend += saturday;
    holiday += holiday_between;
  }
  CHECK(after_end > 0);
  CHECK(weekend > 20);
  CHECK(holiday > 2);
  CHECK(second_attempts > 20);
}

TEST_CASE("about 2% of demo contacts slip from the fieldwork protocol") {
  const DemoProgram& p = Default();
  const v1::ScoringConfig config = msc::scoring::EffectiveConfig(p.register_.programs(0));
  auto calendar = msc::scoring::BusinessCalendar::Create(config.calendar(), 2025, 2026);
  REQUIRE(calendar.ok());
  std::map<v1::ProtocolFlag, int> by_flag;
  int slipped = 0;
  for (const auto& o : p.observations) {
    auto flags = msc::scoring::ContactFlags(o, config.fieldwork(), *calendar);
    slipped += !flags.empty();
    for (auto f : flags) ++by_flag[f];
  }
  const double share = static_cast<double>(slipped) / static_cast<double>(p.observations.size());
  CHECK(share > 0.01);
  CHECK(share < 0.03);
  // Each kind of slip occurs.
  CHECK(by_flag[v1::OUTSIDE_CONTACT_WINDOW] > 0);
  CHECK(by_flag[v1::EMAIL_SENT_AFTER_NOON] > 0);
  CHECK(by_flag[v1::RETRY_SAME_DAY] > 0);
}

TEST_CASE("phone and chat contacts start mostly in Oslo business hours") {
  int live = 0, inside = 0;
  for (const auto& o : Default().observations) {
    if (o.channel() == v1::EMAIL) continue;
    ++live;
    const sys_seconds start = Instant(o.attempts(0).started_at());
    const date::local_days day = Clock().Day(start);
    if (Clock().BusinessDay(day) && start >= Clock().At(day, std::chrono::hours(8)) &&
        start < Clock().At(day, std::chrono::hours(16))) {
      ++inside;
    }
  }
  CHECK(static_cast<double>(inside) / live > 0.85);
}

TEST_CASE("observers rate with their own leniency") {
  // Mean overall rating per observer: the spread between the most and least lenient
  // must exceed what noise alone gives with ~40 rated contacts each.
  std::map<std::string, std::pair<double, int>> sums;
  for (const auto& o : Default().observations) {
    auto it = o.ratings().find("overall");
    if (it == o.ratings().end()) continue;
    auto& [sum, n] = sums[o.observer_id()];
    sum += it->second;
    ++n;
  }
  double lo = 6, hi = 1;
  for (const auto& [id, s] : sums) {
    lo = std::min(lo, s.first / s.second);
    hi = std::max(hi, s.first / s.second);
  }
  CHECK(hi - lo > 0.8);
}

TEST_CASE("the demo scales to more contacts") {
  DemoOptions big;
  big.contacts = 10000;
  big.observers = 300;
  const DemoProgram p = GenerateDemoProgram(big);
  CHECK(p.observations.size() == 10000);
  CHECK(p.register_.observers_size() == 300);
}
