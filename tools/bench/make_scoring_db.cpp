// msc-bench-make-db: a database for the scoring benchmark (tools/bench-scoring.sh).
// Writes a register of N companies over 20 industries, 200 observers and one
// program, then C realistic observations, through storage::Store exactly as the
// collector stores them: each observation passes the collector's own validation and
// goes in with Store::InsertObservations in batches of 10,000, and 0.2% are then
// reviewed (REJECTED or HAS_ISSUES) with Store::Review, one commit each as a reviewer
// makes them (which is why there are so few: each costs an fsync). Seeded: the same options
// give the same file contents.
//
// The shape follows the demo generator (tools/demo/generate.cc) at a larger scale:
// per-company quality and speed, observers of differing leniency and workload,
// phone/chat/e-mail 44/33/23, a second try after a failed first one, e-mails
// answered on the business clock.
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "msc/client/uuid.h"
#include "msc/collector/validation.h"
#include "msc/scoring/business_calendar.h"
#include "msc/scoring/config.h"
#include "msc/scoring/protocol.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"

namespace {

using namespace msc;

constexpr char kUsage[] =
    "usage: msc-bench-make-db --db FILE [--companies N] [--contacts N] [--seed N]\n\n"
    "Creates FILE (it must not exist) with the scoring benchmark's program 'bench':\n"
    "N companies (default 2000) over 20 industries, 200 observers, and C contacts\n"
    "(--contacts, default 1000000) of valid observations from 2025-11-01 to 2026-04-01\n"
    "(Oslo), inserted through storage::Store in batches of 10,000. The same options\n"
    "give the same contents (--seed, default 1).\n";

constexpr char kProgramId[] = "bench";
constexpr int kIndustries = 20;
constexpr int kObservers = 200;
constexpr size_t kBatch = 10'000;
constexpr int64_t kSecond = 1'000'000'000;
// The program period, 2025-11-01 to 2026-04-01 Oslo time, in Unix seconds.
constexpr int64_t kPeriodStart = 1761951600;  // 2025-10-31T23:00:00Z
constexpr int64_t kPeriodEnd = 1774994400;    // 2026-03-31T22:00:00Z

struct Options {
  std::string db;
  int companies = 2000;
  long contacts = 1'000'000;
  uint64_t seed = 1;
};

// std::mt19937_64 is fixed by the standard, its distributions are not: the
// transforms are written out so that a seed gives the same file everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t Bits() { return engine_(); }
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  bool Chance(double p) { return Uniform() < p; }
  size_t Below(size_t n) { return static_cast<size_t>(Uniform() * static_cast<double>(n)); }
  double Normal(double mean, double sd) {
    double r = std::sqrt(-2.0 * std::log(1.0 - Uniform()));
    return mean + sd * r * std::cos(2.0 * std::numbers::pi * Uniform());
  }
  double LogNormal(double median, double sigma) { return median * std::exp(Normal(0, sigma)); }

 private:
  std::mt19937_64 engine_;
};

// What a company is like; drawn once, then every contact with it draws from this.
struct Profile {
  double quality;  // mean rating on the 1..6 scale
  double phone_median_s, chat_median_s, mail_median_h;
  double phone_dropped, chat_closed, mail_ignored;
  bool has_chat;
};

struct ObserverTraits {
  double leniency;  // added to every rating the observer gives
  double workload;  // relative share of the fieldwork
};

constexpr const char* kIndustryNames[kIndustries] = {
    "Bank",           "Forsikring",       "Mobil og bredbånd", "Strøm",       "Nettbutikk",
    "Reisebyrå",      "Flyselskap",       "Bilforhandler",     "Dagligvare",  "Apotek",
    "Eiendomsmegler", "Kollektivtrafikk", "TV og strømming",   "Elektronikk", "Møbler",
    "Klær og sko",    "Trening",          "Kommune",           "Inkasso",     "Hotell",
};

constexpr const char* kComments[] = {
    "Hyggelig og kunnskapsrik, fant en løsning på første forsøk.",
    "Grei samtale, men jeg måtte forklare saken to ganger.",
    "Svaret kom raskt, men var standardtekst som ikke svarte på spørsmålet.",
    "Veldig imøtekommende, fulgte opp uten at jeg måtte be om det.",
    "Lang ventetid, og agenten virket stresset.",
    "Fikk beskjed om å ringe et annet nummer.",
};

// Criteria of the default catalogue, with how kindly each tends to be answered.
struct Criterion {
  const char* id;
  double offset;
  bool written_only;
};
constexpr Criterion kCriteria[] = {
    {"welcome", 0.25, false},    {"understood_need", 0.1, false}, {"engaged", 0.0, false},
    {"competent", 0.05, false},  {"written_language", 0.1, true}, {"solution", -0.2, false},
    {"efficiency", -0.1, false}, {"overall", 0.0, false},
};

std::string Numbered(const char* prefix, int n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*d", prefix, width, n);
  return buf;
}

class Generator {
 public:
  Generator(const Options& o, scoring::BusinessCalendar calendar)
      : options_(o), rng_(o.seed), calendar_(std::move(calendar)) {}

  v1::Register MakeRegister() {
    v1::Register reg;
    AddIndustries(reg);
    AddCompanies(reg);
    AddObservers(reg);
    v1::Program* p = reg.add_programs();
    p->set_id(kProgramId);
    p->set_name("Scoring benchmark, " + std::to_string(options_.contacts) + " contacts");
    p->mutable_period_start()->set_seconds(kPeriodStart);
    p->mutable_period_end()->set_seconds(kPeriodEnd);
    return reg;
  }

  // The companies of all contacts, in a random order: submissions arrive interleaved,
  // as they do from many observers over a season.
  std::vector<uint32_t> PlanContacts() {
    const long n = options_.companies;
    std::vector<uint32_t> plan;
    plan.reserve(options_.contacts);
    for (long i = 0; i < options_.contacts; ++i) plan.push_back(static_cast<uint32_t>(i % n));
    for (size_t i = plan.size(); i > 1; --i) std::swap(plan[i - 1], plan[rng_.Below(i)]);
    return plan;
  }

  // One valid observation of company `co`; `review` is set to the state a reviewer
  // later gives it (RECEIVED: none).
  v1::Observation Contact(const v1::Register& reg, uint32_t co, v1::ReviewState* review) {
    const Profile& p = profiles_[co];
    const int observer = PickObserver();
    v1::Observation o;
    o.set_submission_id(Uuid());
    o.set_program_id(kProgramId);
    o.set_company_id(reg.companies(static_cast<int>(co)).id());
    o.set_observer_id(reg.observers(observer).id());
    o.set_channel(PickChannel(p));
    o.set_scenario("new-customer-" + reg.companies(static_cast<int>(co)).industry_id());
    AddAttempts(p, o);
    const double u = rng_.Uniform();
    *review = u < 0.001 ? v1::REJECTED : u < 0.002 ? v1::HAS_ISSUES : v1::RECEIVED;
    const bool answered =
        o.attempts(0).answered() || (o.attempts_size() > 1 && o.attempts(1).answered());
    if (!answered) {
      if (rng_.Chance(0.4)) o.set_comment(kComments[5]);
      return o;
    }
    Rate(p, observers_[observer].leniency, o);
    if (rng_.Chance(0.35)) {
      const double v = rng_.Uniform();
      o.set_upsell(v < 0.55 ? v1::NONE : v < 0.9 ? v1::NEEDS_BASED : v1::PUSHY);
    }
    o.set_redirected(rng_.Chance(o.channel() == v1::CHAT ? 0.09 : 0.04));
    if (rng_.Chance(0.35)) o.set_comment(kComments[rng_.Below(5)]);
    return o;
  }

 private:
  void AddIndustries(v1::Register& reg) {
    for (int i = 0; i < kIndustries; ++i) {
      v1::Industry* ind = reg.add_industries();
      ind->set_id(Numbered("ind-", i + 1, 2));
      ind->set_name(kIndustryNames[i]);
      industry_quality_.push_back(rng_.Normal(4.6, 0.22));
      industry_speed_.push_back(std::exp(rng_.Normal(0, 0.15)));
      industry_weight_.push_back(rng_.LogNormal(1, 0.5));
    }
  }

  // Industries differ in size; each gets at least three companies so that all can
  // be ranked when the contacts allow it.
  void AddCompanies(v1::Register& reg) {
    std::vector<double> cumulative;
    double total = 0;
    for (double w : industry_weight_) cumulative.push_back(total += w);
    for (int c = 0; c < options_.companies; ++c) {
      int ind = c < 3 * kIndustries ? c % kIndustries : Pick(cumulative);
      v1::Company* co = reg.add_companies();
      co->set_id(Numbered("co-", c + 1, 4));
      co->set_name(std::string(kIndustryNames[ind]) + " " + Numbered("", c + 1, 4) + " AS");
      co->set_industry_id(reg.industries(ind).id());
      profiles_.push_back(MakeProfile(ind));
    }
  }

  Profile MakeProfile(int ind) {
    const double speed = industry_speed_[ind];
    Profile p;
    p.quality = std::clamp(rng_.Normal(industry_quality_[ind], 0.35), 2.5, 5.7);
    p.phone_median_s = speed * rng_.LogNormal(36, 0.5);
    p.chat_median_s = speed * rng_.LogNormal(70, 0.4);
    p.mail_median_h = speed * rng_.LogNormal(4.0, 0.6);
    p.phone_dropped = std::min(0.3, rng_.LogNormal(0.01, 0.8));
    p.chat_closed = std::min(0.5, rng_.LogNormal(0.07, 0.5));
    p.mail_ignored = std::min(0.6, rng_.LogNormal(0.085, 0.5));
    p.has_chat = !rng_.Chance(1.0 / 12);
    return p;
  }

  void AddObservers(v1::Register& reg) {
    double total = 0;
    for (int i = 0; i < kObservers; ++i) {
      v1::Observer* o = reg.add_observers();
      o->set_id(Numbered("obs-", i + 1, 3));
      o->set_name("Observatør " + Numbered("", i + 1, 3));
      o->set_active(true);
      observers_.push_back({rng_.Normal(0, 0.2), rng_.LogNormal(1, 0.45)});
      observer_cumulative_.push_back(total += observers_.back().workload);
    }
  }

  int Pick(const std::vector<double>& cumulative) {
    const double u = rng_.Uniform() * cumulative.back();
    auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    return static_cast<int>(std::min<ptrdiff_t>(it - cumulative.begin(), cumulative.size() - 1));
  }

  int PickObserver() { return Pick(observer_cumulative_); }

  // About 44% phone, 33% chat, 23% e-mail; centres without chat get calls and mails.
  v1::Channel PickChannel(const Profile& p) {
    const double u = rng_.Uniform();
    if (!p.has_chat) return u < 0.55 ? v1::PHONE : v1::EMAIL;
    return u < 0.44 ? v1::PHONE : u < 0.77 ? v1::CHAT : v1::EMAIL;
  }

  bool InBusinessHours(int64_t t_s) const {
    return calendar_.BusinessNanos(t_s * kSecond, (t_s + 1) * kSecond) == kSecond;
  }

  int64_t AnyInstant() {
    return kPeriodStart + static_cast<int64_t>(rng_.Uniform() * (kPeriodEnd - kPeriodStart));
  }

  // Calls and chats happen in opening hours: an instant of the period, drawn until
  // it falls in business hours (about one in four does).
  int64_t LiveStart() {
    for (;;) {
      int64_t t = AnyInstant();
      if (InBusinessHours(t)) return t;
    }
  }

  // E-mails are written at any hour, but less often outside office hours.
  int64_t MailSent() {
    for (;;) {
      int64_t t = AnyInstant();
      if (InBusinessHours(t) || rng_.Chance(0.2)) return t;
    }
  }

  // The instant when `business_s` of business time has passed since `from_s`, or -1
  // beyond the calendar. Binary search: business time grows monotonically.
  int64_t Advance(int64_t from_s, int64_t business_s) const {
    int64_t lo = from_s, hi = from_s + 120 * 86400;
    if (calendar_.BusinessNanos(from_s * kSecond, hi * kSecond) < business_s * kSecond) return -1;
    while (lo < hi) {
      int64_t mid = lo + (hi - lo) / 2;
      if (calendar_.BusinessNanos(from_s * kSecond, mid * kSecond) >= business_s * kSecond)
        hi = mid;
      else
        lo = mid + 1;
    }
    return lo;
  }

  static void AddAttempt(v1::Observation& o, int64_t start_s, int64_t wait_s, bool answered) {
    v1::Attempt* a = o.add_attempts();
    a->mutable_started_at()->set_seconds(start_s);
    a->mutable_wait()->set_seconds(wait_s);
    a->set_answered(answered);
  }

  // One try on the phone or in chat; the observer gives up after five minutes,
  // though a quarter hold on up to fifteen.
  void LiveTry(const Profile& p, int64_t start, v1::Observation& o) {
    const bool phone = o.channel() == v1::PHONE;
    if (rng_.Chance(phone ? p.phone_dropped : p.chat_closed)) {
      AddAttempt(o, start, std::lround(phone ? rng_.Uniform(20, 200) : rng_.Uniform(0, 45)), false);
      return;
    }
    const double w =
        phone ? rng_.LogNormal(p.phone_median_s, 1.2) : rng_.LogNormal(p.chat_median_s, 1.3);
    const int64_t wait = std::max<int64_t>(1, std::lround(w));
    if (wait <= 300 || (wait <= 900 && rng_.Chance(0.25))) {
      AddAttempt(o, start, wait, true);
    } else {
      AddAttempt(o, start, std::lround(rng_.Uniform(300, 420)), false);
    }
  }

  void MailTry(const Profile& p, v1::Observation& o) {
    const int64_t sent = MailSent();
    if (!rng_.Chance(p.mail_ignored)) {
      const double business_s = rng_.LogNormal(p.mail_median_h * 3600, 1.35);
      // Beyond two working weeks the observer has long closed the case.
      if (business_s < 80 * 3600) {
        int64_t reply = Advance(sent, std::max<int64_t>(600, std::lround(business_s)));
        if (reply >= 0) return AddAttempt(o, sent, reply - sent, true);
      }
    }
    AddAttempt(o, sent, std::lround(rng_.Uniform(7, 14) * 86400), false);
  }

  void AddAttempts(const Profile& p, v1::Observation& o) {
    if (o.channel() == v1::EMAIL) return MailTry(p, o);
    LiveTry(p, LiveStart(), o);
    const v1::Attempt& first = o.attempts(0);
    if (first.answered() || !rng_.Chance(0.7)) return;
    // Later the same day or the next business day.
    const int64_t gave_up = first.started_at().seconds() + first.wait().seconds();
    const int64_t again = Advance(gave_up, std::lround(rng_.Uniform(0.25, 5) * 3600));
    if (again >= 0) LiveTry(p, again, o);
  }

  void Rate(const Profile& p, double leniency, v1::Observation& o) {
    const bool written = o.channel() != v1::PHONE;
    const double channel_offset = o.channel() == v1::PHONE   ? 0.1
                                  : o.channel() == v1::EMAIL ? -0.15
                                                             : 0.0;
    const bool slow = o.attempts_size() > 1 || !o.attempts(0).answered() ||
                      (o.channel() != v1::EMAIL && o.attempts(0).wait().seconds() > 120);
    const double base = p.quality + leniency + channel_offset + rng_.Normal(0, 0.55);
    for (const Criterion& c : kCriteria) {
      if (c.written_only && !written) continue;
      // Overall is always answered, so a served contact always has a rating.
      const bool overall = std::string_view(c.id) == "overall";
      if (!overall && rng_.Chance(0.03)) continue;
      double v = base + c.offset + rng_.Normal(0, 0.5);
      if (slow && std::string_view(c.id) == "efficiency") v -= 0.6;
      (*o.mutable_ratings())[c.id] = static_cast<int>(std::clamp<long>(std::lround(v), 1, 6));
    }
  }

  std::string Uuid() {
    const uint64_t hi = rng_.Bits();  // drawn in this order: a seed's ids stay the same
    const uint64_t lo = rng_.Bits();
    std::string id(36, '\0');
    msc::client::FormatRandomUuid(hi, lo, id.data());
    return id;
  }

  const Options options_;
  Random rng_;
  scoring::BusinessCalendar calendar_;
  std::vector<double> industry_quality_, industry_speed_, industry_weight_;
  std::vector<Profile> profiles_;
  std::vector<ObserverTraits> observers_;
  std::vector<double> observer_cumulative_;
};

int Fail(const std::string& what) {
  std::fprintf(stderr, "msc-bench-make-db: %s\n", what.c_str());
  return 1;
}

template <class T>
bool ParseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// 0: parsed; 1: --help printed; 2: bad usage, reported.
int ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 1;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "msc-bench-make-db: %s needs a value\n\n%s", argv[i], kUsage);
      return 2;
    }
    std::string_view v = argv[++i];
    bool ok = true;
    if (a == "--db")
      o.db = v;
    else if (a == "--companies")
      ok = ParseNumber(v, o.companies) && o.companies >= 1;
    else if (a == "--contacts")
      ok = ParseNumber(v, o.contacts) && o.contacts >= 0;
    else if (a == "--seed")
      ok = ParseNumber(v, o.seed);
    else
      ok = false;
    if (!ok) {
      std::fprintf(stderr, "msc-bench-make-db: bad option %s %s\n\n%s", argv[i - 1], argv[i],
                   kUsage);
      return 2;
    }
  }
  if (o.db.empty()) {
    std::fprintf(stderr, "msc-bench-make-db: --db FILE is required\n\n%s", kUsage);
    return 2;
  }
  return 0;
}

// Stamps a contact as the collector would: received a few hours after the contact,
// submitted with the observer's token, with its program's config digest and its
// protocol flags.
storage::NewObservation Stamp(v1::Observation o, Random& rng, const collector::RegisterView& view) {
  storage::NewObservation item;
  const auto& program = view.programs.at(o.program_id());
  item.config_sha256 = program.config_sha256;
  if (program.calendar)
    item.flags = scoring::ContactFlags(o, program.config.fieldwork(), *program.calendar);
  item.received_at_ns =
      (o.attempts(0).started_at().seconds() + static_cast<int64_t>(rng.Uniform(600, 8 * 3600))) *
      kSecond;
  item.submitted_by = "token:" + std::to_string(std::stoi(o.observer_id().substr(4)));
  item.observation = std::move(o);
  return item;
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int Run(const Options& o) {
  if (std::filesystem::exists(o.db)) return Fail(o.db + " exists; give a new file");
  auto calendar =
      scoring::BusinessCalendar::Create(scoring::DefaultConfig().calendar(), 2025, 2026);
  if (!calendar.ok()) return Fail(calendar.status().ToString());
  auto store = storage::Store::Open(o.db);
  if (!store.ok()) return Fail(store.status().ToString());
  // The collector's 32 MiB cache holds the submission_id index up to ~500k rows;
  // beyond that every batch of random keys rereads and rewrites most index pages
  // (minutes for 1M). A larger cache for this one connection changes the speed
  // only, not the file.
  if (Status s = (*store)->database().Exec("PRAGMA cache_size = -262144"); !s.ok())
    return Fail(s.ToString());
  const auto start = std::chrono::steady_clock::now();
  Generator gen(o, std::move(*calendar));
  const v1::Register reg = gen.MakeRegister();
  if (Status s = (*store)->ImportRegister(reg, "bench"); !s.ok()) return Fail(s.ToString());
  const collector::RegisterView view = collector::RegisterView::FromRegister(reg);
  Random stamp_rng(o.seed ^ 0x9e3779b97f4a7c15ull);  // separate stream: stamps
  std::vector<std::pair<std::string, v1::ReviewState>> reviews;
  std::vector<storage::NewObservation> batch;
  const std::vector<uint32_t> plan = gen.PlanContacts();
  for (size_t i = 0; i < plan.size(); ++i) {
    v1::ReviewState review;
    v1::Observation obs = gen.Contact(reg, plan[i], &review);
    // A generator bug must not turn into a file the collector would never hold.
    if (auto issues = collector::Validate(obs, view); !issues.empty())
      return Fail("generated an invalid observation: " + issues[0].field + ": " + issues[0].reason);
    if (review != v1::RECEIVED) reviews.emplace_back(obs.submission_id(), review);
    batch.push_back(Stamp(std::move(obs), stamp_rng, view));
    if (batch.size() < kBatch && i + 1 < plan.size()) continue;
    auto r = (*store)->InsertObservations(batch);
    if (!r.ok()) return Fail(r.status().ToString());
    batch.clear();
    if ((i + 1) % 100'000 == 0)
      std::fprintf(stderr, "  %zu contacts, %.1f s\n", i + 1, Since(start));
  }
  for (const auto& [id, state] : reviews) {
    Status s = (*store)->Review(id, state, "bench review", "bench");
    if (!s.ok()) return Fail(s.ToString());
  }
  std::fprintf(stderr,
               "msc-bench-make-db: %s: program %s, %d companies, %d observers, %ld contacts "
               "(%zu reviewed), %.1f s\n",
               o.db.c_str(), kProgramId, o.companies, kObservers, o.contacts, reviews.size(),
               Since(start));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (int rc = ParseArgs(argc, argv, o); rc != 0) return rc == 1 ? 0 : 2;
  return Run(o);
}
