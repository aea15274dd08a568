#include "msc/scoring/score.h"

#include <date/date.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <future>
#include <memory>
#include <numeric>
#include <optional>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "aggregate.h"
#include "bootstrap.h"
#include "contact.h"
#include "digest.h"
#include "index.h"
#include "memory.h"
#include "msc/scoring/business_calendar.h"
#include "msc/scoring/config.h"
#include "observer_adjustment.h"
#include "parallel.h"
#include "rank_sets.h"
#include "ranking.h"
#include "scenario.h"

namespace msc::scoring {
namespace {

constexpr int kChannels = 4;  // PHONE..SOCIAL: channel h has stratum slot h - 1

int64_t TimestampNanos(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1'000'000'000 + t.nanos();
}

// Positions of a register list in id order: everything downstream works in these
// slots, so the order of the input lists cannot change the report.
template <class T>
std::vector<uint32_t> IdOrder(const std::vector<T>& items) {
  std::vector<uint32_t> order(items.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return items[a].id() < items[b].id(); });
  return order;
}

std::vector<uint32_t> Inverse(const std::vector<uint32_t>& order) {
  std::vector<uint32_t> slot(order.size());
  for (uint32_t i = 0; i < order.size(); ++i) slot[order[i]] = i;
  return slot;
}

struct Register {
  std::vector<uint32_t> companies;  // input index of each company slot
  std::vector<uint32_t> company_slot;
  std::vector<int32_t> company_industry;  // industry slot of a company slot, or -1
  std::vector<uint32_t> industries;
  std::vector<std::vector<uint32_t>> industry_companies;  // company slots, id order
  std::vector<uint32_t> observers;
  std::vector<uint32_t> observer_slot;
};

Register ReadRegister(const Input& input) {
  Register r;
  r.companies = IdOrder(input.companies);
  r.company_slot = Inverse(r.companies);
  r.industries = IdOrder(input.industries);
  r.observers = IdOrder(input.observers);
  r.observer_slot = Inverse(r.observers);
  std::unordered_map<std::string_view, int32_t> industry_by_id;
  for (uint32_t slot = 0; slot < r.industries.size(); ++slot) {
    industry_by_id.emplace(input.industries[r.industries[slot]].id(), slot);
  }
  r.industry_companies.resize(r.industries.size());
  for (uint32_t slot = 0; slot < r.companies.size(); ++slot) {
    const auto found = industry_by_id.find(input.companies[r.companies[slot]].industry_id());
    const int32_t industry = found == industry_by_id.end() ? -1 : found->second;
    r.company_industry.push_back(industry);
    if (industry >= 0) r.industry_companies[industry].push_back(slot);
  }
  return r;
}

bool WellFormed(const Contact& c, const Input& input) {
  return c.attempt_count >= 1 && c.attempt_count <= 2 && c.channel >= v1::PHONE &&
         c.channel <= v1::SOCIAL && c.company < input.companies.size() &&
         c.observer < input.observers.size();
}

// The first 16 bytes of a string, big-endian, zero-padded: comparing keys compares
// the prefixes as memcmp would.
std::pair<uint64_t, uint64_t> PrefixKey(std::string_view text) {
  unsigned char bytes[16] = {};
  std::copy_n(text.begin(), std::min<size_t>(text.size(), 16), bytes);
  uint64_t high = 0, low = 0;
  for (int i = 0; i < 8; ++i) high = high << 8 | bytes[i];
  for (int i = 8; i < 16; ++i) low = low << 8 | bytes[i];
  return {high, low};
}

// Orders contacts by submission_id (then raw bytes, should an id repeat). Sorting on
// copied 16-byte prefixes keeps the sort inside one array instead of chasing a
// million strings; equal prefixes fall back to the full comparison. The halves sort
// on two threads and are merged.
void SortBySubmissionId(const Input& input, std::vector<uint32_t>& indexes) {
  struct Keyed {
    std::pair<uint64_t, uint64_t> prefix;
    uint32_t index;
  };
  auto less = [&](const Keyed& a, const Keyed& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const Contact &x = input.contacts[a.index], &y = input.contacts[b.index];
    if (x.submission_id != y.submission_id) return x.submission_id < y.submission_id;
    return x.raw < y.raw;
  };
  std::vector<Keyed> keyed(indexes.size());
  const bool parallel = keyed.size() >= kParallelFrom;
  InTwoHalves(keyed.size(), parallel, [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
      keyed[k] = {PrefixKey(input.contacts[indexes[k]].submission_id), indexes[k]};
    }
    std::sort(keyed.begin() + from, keyed.begin() + to, less);
  });
  const size_t half = keyed.size() / 2;
  size_t a = 0, b = half;
  for (uint32_t& out : indexes) {
    const bool from_second = a == half || (b < keyed.size() && less(keyed[b], keyed[a]));
    out = from_second ? keyed[b++].index : keyed[a++].index;
  }
}

constexpr uint32_t kNotCounted = std::numeric_limits<uint32_t>::max();

// The table's slot of a (company slot, channel): a company's channels lie together.
uint32_t StratumSlot(uint32_t company, int channel) { return company * kChannels + channel - 1; }

// Section 2: which stored observations count, with what later stages need of each
// that is best read in input order (a million contacts read in order, not at random).
struct Selection {
  std::vector<uint32_t> counted;  // input order, until sorted by submission_id
  std::vector<uint32_t> stratum;  // per input contact: its table stratum, or kNotCounted
  int64_t excluded_by_review = 0;
  int64_t outside_period = 0;
  // The span of the counted business-clock attempts, empty when first > last.
  int64_t business_first = std::numeric_limits<int64_t>::max();
  int64_t business_last = std::numeric_limits<int64_t>::min();
};

Selection SelectCounted(const Input& input, const Register& reg, const ContactRules& rules) {
  const v1::Program& program = input.program;
  const int64_t start = program.has_period_start() ? TimestampNanos(program.period_start())
                                                   : std::numeric_limits<int64_t>::min();
  const int64_t end = program.has_period_end() ? TimestampNanos(program.period_end())
                                               : std::numeric_limits<int64_t>::max();
  const bool count_received = input.config.count_received();
  Selection s;
  s.stratum.assign(input.contacts.size(), kNotCounted);
  for (uint32_t i = 0; i < input.contacts.size(); ++i) {
    const Contact& c = input.contacts[i];
    // Storage holds validated observations only; a malformed one is a caller's bug.
    assert(WellFormed(c, input));
    if (!WellFormed(c, input)) continue;
    if (c.review_state == v1::REJECTED || (!count_received && c.review_state != v1::APPROVED)) {
      ++s.excluded_by_review;
      continue;
    }
    if (c.attempts[0].started_at_ns < start || c.attempts[0].started_at_ns >= end) {
      ++s.outside_period;
      continue;
    }
    s.counted.push_back(i);
    s.stratum[i] = StratumSlot(reg.company_slot[c.company], c.channel);
    if (!rules.channels[c.channel].business_clock) continue;
    for (int a = 0; a < c.attempt_count; ++a) {
      s.business_first = std::min(s.business_first, c.attempts[a].started_at_ns);
      s.business_last =
          std::max(s.business_last, c.attempts[a].started_at_ns + c.attempts[a].wait_ns);
    }
  }
  return s;
}

int UtcYear(int64_t nanos) {
  const auto day = date::floor<date::days>(
      date::sys_time<std::chrono::nanoseconds>(std::chrono::nanoseconds(nanos)));
  return static_cast<int>(date::year_month_day(day).year());
}

// A calendar covering every counted business-clock attempt (a year of margin each side
// for the time zone's offset), or none when no counted contact uses the business clock.
std::optional<BusinessCalendar> CalendarFor(const v1::ScoringConfig& config,
                                            const Selection& selection) {
  if (selection.business_first > selection.business_last) return std::nullopt;
  Result<BusinessCalendar> calendar =
      BusinessCalendar::Create(config.calendar(), UtcYear(selection.business_first) - 1,
                               UtcYear(selection.business_last) + 1);
  assert(calendar.ok() && "ValidateConfig checked the calendar");
  return std::move(calendar).value();
}

// One counted contact, everything later stages read.
struct Row {
  ContactFacts facts;
  uint32_t company = 0;   // slot
  uint32_t observer = 0;  // slot
  uint8_t channel = 0;
  uint8_t upsell = 0;
  bool redirected = false;
  uint16_t scenario = 0;  // as Contact::scenario
  std::array<uint8_t, kMaxCriteria> ratings{};
};
static_assert(sizeof(Row) == 64, "a million rows are 64 MB");

struct FreeRows {
  size_t size = 0;
  void operator()(Row* rows) const { std::allocator<Row>().deallocate(rows, size); }
};

// Rows that the threads filling them construct where they land, so that both threads,
// not one, first touch the memory (a million rows are 64 MB of fresh pages).
class TableRows {
 public:
  TableRows() = default;
  explicit TableRows(size_t size) : rows_(std::allocator<Row>().allocate(size), FreeRows{size}) {
    AdviseHugePages(rows_.get(), size * sizeof(Row));
  }

  size_t size() const { return rows_.get_deleter().size; }
  Row* data() const { return rows_.get(); }
  Row* begin() const { return data(); }
  Row* end() const { return data() + size(); }
  Row& operator[](size_t k) const { return rows_[k]; }

 private:
  static_assert(std::is_trivially_destructible_v<Row>);
  std::unique_ptr<Row[], FreeRows> rows_;
};

// The counted contacts grouped by (company slot, channel), submission_id order inside
// each group: a company's contacts and each of its channel strata are contiguous.
struct ContactTable {
  TableRows rows;
  std::vector<uint32_t> begin;  // per stratum (company * 4 + h - 1), plus the end
  // Per row, the agent score, NaN when the contact has none; empty when the config
  // has no agent criteria. Beside the rows, not in them, so that a row stays 64 bytes.
  std::vector<double> agent;

  std::span<const Row> Of(uint32_t company, int channel) const {
    const uint32_t s = StratumSlot(company, channel);
    return std::span<const Row>(rows.data() + begin[s], begin[s + 1] - begin[s]);
  }
  std::span<const Row> Of(uint32_t company) const {
    const uint32_t s = StratumSlot(company, 1);
    return std::span<const Row>(rows.data() + begin[s], begin[s + kChannels] - begin[s]);
  }
};

// Places every counted contact at its row: a counting sort by stratum taken in
// submission_id order (so stable), after which the contacts are read once, in input
// order, which keeps the reads of a million contacts sequential. Takes the selection's
// strata, which become the positions.
ContactTable BuildTable(const Input& input, const Register& reg, Selection& selection,
                        const ContactRules& rules, const BusinessCalendar* calendar) {
  std::vector<uint32_t> position = std::move(selection.stratum);
  ContactTable table;
  table.begin.assign(reg.companies.size() * kChannels + 1, 0);
  for (uint32_t stratum : position) {
    if (stratum != kNotCounted) ++table.begin[stratum + 1];
  }
  std::partial_sum(table.begin.begin(), table.begin.end(), table.begin.begin());
  std::vector<uint32_t> next(table.begin.begin(), table.begin.end() - 1);
  for (uint32_t i : selection.counted) position[i] = next[position[i]]++;
  table.rows = TableRows(selection.counted.size());
  if (rules.agent != 0) table.agent.resize(selection.counted.size());
  // Each contact fills its own row, so the two halves of the input fill theirs on
  // two threads (the business clock makes this the costliest pass over contacts).
  const size_t n = input.contacts.size();
  InTwoHalves(n, n >= kParallelFrom, [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (position[i] == kNotCounted) continue;
      const Contact& c = input.contacts[i];
      Row& row = *std::construct_at(&table.rows[position[i]]);
      std::optional<double> agent;
      row.facts = DeriveFacts(c, rules, calendar, &agent);
      if (!table.agent.empty()) {
        table.agent[position[i]] = agent ? *agent : std::numeric_limits<double>::quiet_NaN();
      }
      row.company = reg.company_slot[c.company];
      row.observer = reg.observer_slot[c.observer];
      row.channel = static_cast<uint8_t>(c.channel);
      row.upsell = static_cast<uint8_t>(c.upsell);
      row.redirected = c.redirected;
      row.scenario = c.scenario;
      row.ratings = c.ratings;
    }
  });
  return table;
}

// One per-contact value (contact score, experience or adjusted score) of the rows
// that have it, stratum by stratum, for the indexes and the bootstrap.
struct ScoreColumn {
  std::vector<double> values;
  std::vector<uint32_t> begin;  // per stratum, plus the end

  std::span<const double> Of(uint32_t stratum) const {
    return std::span(values).subspan(begin[stratum], begin[stratum + 1] - begin[stratum]);
  }
};

// `value_at(r)` gives row r's value, if it has one.
template <class ValueAt>
ScoreColumn BuildColumnAt(const ContactTable& table, ValueAt value_at) {
  ScoreColumn column;
  column.begin.reserve(table.begin.size());
  column.values.reserve(table.rows.size());
  for (size_t s = 0; s + 1 < table.begin.size(); ++s) {
    column.begin.push_back(static_cast<uint32_t>(column.values.size()));
    for (uint32_t r = table.begin[s]; r < table.begin[s + 1]; ++r) {
      if (std::optional<double> v = value_at(r)) column.values.push_back(*v);
    }
  }
  column.begin.push_back(static_cast<uint32_t>(column.values.size()));
  return column;
}

template <class ValueOf>
ScoreColumn BuildColumn(const ContactTable& table, ValueOf value_of) {
  return BuildColumnAt(table, [&](uint32_t r) { return value_of(table.rows[r]); });
}

// The agent scores of the rows that have one; every stratum empty without agent criteria.
ScoreColumn AgentColumn(const ContactTable& table) {
  if (table.agent.empty()) return {{}, std::vector<uint32_t>(table.begin.size(), 0)};
  return BuildColumnAt(table, [&](uint32_t r) -> std::optional<double> {
    if (std::isnan(table.agent[r])) return std::nullopt;
    return table.agent[r];
  });
}

std::array<Stratum, kChannels> StrataOf(const ScoreColumn& column, uint32_t company) {
  std::array<Stratum, kChannels> strata;
  for (int h = 1; h <= kChannels; ++h) {
    strata[h - 1] = Summarize(column.Of(StratumSlot(company, h)));
  }
  return strata;
}

std::optional<double> Mean(std::span<const double> values) {
  if (values.empty()) return std::nullopt;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// The three results a company and an industry are ranked by (scoring/README.md,
// "Agent result"); a rank array is indexed by ResultSlot.
constexpr std::array<v1::WinnerResult, 3> kResults = {v1::TOTAL, v1::ANSWERED, v1::AGENT};
int ResultSlot(v1::WinnerResult result) { return result - v1::TOTAL; }
using Ranks = std::array<std::optional<int>, kResults.size()>;

struct CompanyFigures {
  int64_t contacts = 0;
  std::array<int64_t, kChannels> channel_contacts{};
  std::array<std::optional<double>, kChannels> channel_index;
  std::array<std::optional<double>, kChannels> channel_answered;
  std::array<std::optional<double>, kChannels> channel_agent;
  std::optional<IndexEstimate> index;
  std::optional<double> answered_index;
  std::optional<double> agent_index;
  std::optional<double> adjusted_index;
  bool eligible = false;
  Ranks rank_in_industry;
  Ranks rank_overall;
  std::optional<double> win_industry;
  std::optional<double> win_overall;
  std::optional<RankSet> rank_set_industry;  // by the result that decides the winners
  std::optional<RankSet> rank_set_overall;

  // The value that ranks the company by a result; the total is raw or observer-adjusted.
  std::optional<double> Value(v1::WinnerResult result, v1::RankBy rank_by) const {
    if (result == v1::ANSWERED) return answered_index;
    if (result == v1::AGENT) return agent_index;
    if (rank_by == v1::ADJUSTED) return adjusted_index;
    if (index) return index->value;
    return std::nullopt;
  }
};

std::vector<CompanyFigures> CompanyIndexes(const ContactTable& table, const ScoreColumn& scores,
                                           const ScoreColumn& experiences, const ScoreColumn& agent,
                                           const v1::ScoringConfig& config) {
  const uint32_t companies = static_cast<uint32_t>(table.begin.size() / kChannels);
  std::vector<CompanyFigures> figures(companies);
  for (uint32_t c = 0; c < companies; ++c) {
    CompanyFigures& f = figures[c];
    for (int h = 1; h <= kChannels; ++h) {
      f.channel_contacts[h - 1] = static_cast<int64_t>(table.Of(c, h).size());
      f.channel_index[h - 1] = Mean(scores.Of(StratumSlot(c, h)));
      f.channel_answered[h - 1] = Mean(experiences.Of(StratumSlot(c, h)));
      f.channel_agent[h - 1] = Mean(agent.Of(StratumSlot(c, h)));
    }
    f.contacts = static_cast<int64_t>(table.Of(c).size());
    f.index = CompanyIndex(StrataOf(scores, c), config.company_aggregation());
    if (auto answered = CompanyIndex(StrataOf(experiences, c), config.company_aggregation())) {
      f.answered_index = answered->value;
    }
    if (auto agent_index = CompanyIndex(StrataOf(agent, c), config.company_aggregation())) {
      f.agent_index = agent_index->value;
    }
    f.eligible = f.contacts >= config.min_contacts_per_company();
  }
  return figures;
}

// Section 8: the fit over served contacts with an experience; each company's
// adjusted index from experience - b (unserved contacts keep their score).
std::optional<ObserverFit> AdjustForObservers(const ContactTable& table, uint32_t observers,
                                              const v1::ScoringConfig& config,
                                              std::vector<CompanyFigures>& figures,
                                              ScoreColumn* adjusted) {
  if (!config.observer_adjustment()) return std::nullopt;
  std::vector<AdjustmentRow> rows;
  for (const Row& row : table.rows) {
    if (row.facts.served && row.facts.has_experience) {
      rows.push_back({row.facts.experience, row.company, row.observer, row.channel});
    }
  }
  ObserverFit fit = FitObserverEffects(rows, static_cast<uint32_t>(figures.size()), observers);
  *adjusted = BuildColumn(table, [&](const Row& row) -> std::optional<double> {
    if (!row.facts.scored()) return std::nullopt;
    if (!row.facts.served) return row.facts.score;
    return row.facts.experience - fit.leniency[row.observer];
  });
  for (uint32_t c = 0; c < figures.size(); ++c) {
    if (auto index = CompanyIndex(StrataOf(*adjusted, c), config.company_aggregation())) {
      figures[c].adjusted_index = index->value;
    }
  }
  return fit;
}

struct IndustryChannelFigures {
  int companies = 0;
  bool ranked = false;
  std::optional<double> index;
  std::optional<double> agent_index;
  std::optional<int> rank;
};

// Whether a winner is told apart from the rest by its rank set: the companies not
// surely behind it, in ranking order (none: a clear winner, its rank set is {1}).
struct Clarity {
  uint32_t winner = 0;          // company slot
  std::vector<uint32_t> alike;  // company slots
};

struct IndustryFigures {
  int eligible = 0;
  bool ranked = false;
  std::optional<double> index;
  std::optional<double> answered_index;
  std::optional<double> agent_index;
  std::optional<double> adjusted_index;
  Ranks rank;
  std::array<IndustryChannelFigures, kChannels> channels;
  std::vector<uint32_t> winners;  // company slots, id order
  std::vector<Clarity> clarity;   // one per winner, as winners; empty without rank sets

  std::optional<double> Value(v1::WinnerResult result, v1::RankBy rank_by) const {
    if (result == v1::ANSWERED) return answered_index;
    if (result == v1::AGENT) return agent_index;
    return rank_by == v1::ADJUSTED ? adjusted_index : index;
  }
};

std::vector<IndustryFigures> IndustryIndexes(const Register& reg,
                                             const std::vector<CompanyFigures>& companies,
                                             const v1::ScoringConfig& config) {
  std::vector<IndustryFigures> industries(reg.industries.size());
  for (size_t i = 0; i < industries.size(); ++i) {
    IndustryFigures& f = industries[i];
    std::vector<double> index, answered, agent, adjusted;
    std::array<std::vector<double>, kChannels> channel, channel_agent;
    for (uint32_t c : reg.industry_companies[i]) {
      const CompanyFigures& co = companies[c];
      for (int h = 0; h < kChannels; ++h) {
        if (co.channel_contacts[h] < config.min_contacts_per_company_channel()) continue;
        if (co.channel_index[h]) channel[h].push_back(*co.channel_index[h]);
        if (co.channel_agent[h]) channel_agent[h].push_back(*co.channel_agent[h]);
      }
      if (!co.eligible) continue;
      ++f.eligible;
      if (co.index) index.push_back(co.index->value);
      if (co.answered_index) answered.push_back(*co.answered_index);
      if (co.agent_index) agent.push_back(*co.agent_index);
      if (co.adjusted_index) adjusted.push_back(*co.adjusted_index);
    }
    f.ranked = f.eligible >= config.min_companies_per_industry();
    f.index = Mean(index);
    f.answered_index = Mean(answered);
    f.agent_index = Mean(agent);
    f.adjusted_index = Mean(adjusted);
    for (int h = 0; h < kChannels; ++h) {
      f.channels[h].companies = static_cast<int>(channel[h].size());
      f.channels[h].ranked = f.channels[h].companies >= config.min_companies_per_industry();
      f.channels[h].index = Mean(channel[h]);
      f.channels[h].agent_index = Mean(channel_agent[h]);
    }
  }
  return industries;
}

// Section 5: companies within their ranked industries and overall, and industries
// overall, by each of the three results; industries per channel by J(ind, h). The
// winners are the rank-1 companies by config.winner_result. Returns the overall
// ranking of companies by that result and, per channel, the industry ranking.
struct Rankings {
  std::vector<Ranked> companies_overall;  // items: company slots
  std::array<std::vector<Ranked>, kChannels> industries_by_channel;
};

Rankings RankAll(const Input& input, const Register& reg, const v1::ScoringConfig& config,
                 std::vector<CompanyFigures>& companies, std::vector<IndustryFigures>& industries) {
  const v1::RankBy rank_by = config.rank_by();
  auto company_id = [&](uint32_t c) -> std::string_view {
    return input.companies[reg.companies[c]].id();
  };
  auto industry_id = [&](uint32_t i) -> std::string_view {
    return input.industries[reg.industries[i]].id();
  };
  auto ranked_companies = [&](std::span<const uint32_t> slots, v1::WinnerResult result) {
    std::vector<Candidate> candidates;
    for (uint32_t c : slots) {
      const auto value = companies[c].Value(result, rank_by);
      if (companies[c].eligible && value) candidates.push_back({*value, company_id(c), c});
    }
    return Rank(std::move(candidates));
  };
  std::vector<uint32_t> all(companies.size());
  std::iota(all.begin(), all.end(), 0u);
  Rankings rankings;
  for (const v1::WinnerResult result : kResults) {
    const int k = ResultSlot(result);
    const bool decides = result == config.winner_result();
    std::vector<Ranked> overall = ranked_companies(all, result);
    for (const Ranked& r : overall) companies[r.item].rank_overall[k] = r.rank;
    if (decides) rankings.companies_overall = std::move(overall);
    std::vector<Candidate> ranked_industries;
    for (uint32_t i = 0; i < industries.size(); ++i) {
      IndustryFigures& industry = industries[i];
      if (!industry.ranked) continue;
      if (const auto value = industry.Value(result, rank_by)) {
        ranked_industries.push_back({*value, industry_id(i), i});
      }
      const std::vector<Ranked> ranking = ranked_companies(reg.industry_companies[i], result);
      for (const Ranked& r : ranking) companies[r.item].rank_in_industry[k] = r.rank;
      if (!decides) continue;
      for (const Ranked& r : RankOne(ranking)) industry.winners.push_back(r.item);
    }
    for (const Ranked& r : Rank(std::move(ranked_industries))) industries[r.item].rank[k] = r.rank;
  }
  for (int h = 0; h < kChannels; ++h) {
    std::vector<Candidate> by_channel;
    for (uint32_t i = 0; i < industries.size(); ++i) {
      if (industries[i].channels[h].ranked) {
        by_channel.push_back({*industries[i].channels[h].index, industry_id(i), i});
      }
    }
    rankings.industries_by_channel[h] = Rank(std::move(by_channel));
    for (const Ranked& r : rankings.industries_by_channel[h]) {
      industries[r.item].channels[h].rank = r.rank;
    }
  }
  return rankings;
}

// The rank sets of one group of design companies (all of them, or one industry's),
// handed to `store` with each company slot, and the clarity of the group's
// `winners` (company slots). `before` orders company slots as the group's ranking.
template <class Store, class Before>
std::vector<Clarity> CompareGroup(const ReplicateValues& replicates,
                                  std::span<const uint32_t> group,
                                  std::span<const uint32_t> members,
                                  std::span<const double> estimates,
                                  std::span<const uint32_t> winners, Store store, Before before) {
  std::vector<double> group_estimates;
  for (uint32_t k : group) group_estimates.push_back(estimates[k]);
  // B n^2 pair terms: at 2,000 companies and 200 replicates, 800 million.
  const size_t terms = static_cast<size_t>(replicates.replicates) * group.size() * group.size();
  const RankComparison comparison(replicates, group, group_estimates, terms >= 64 * kParallelFrom);
  for (size_t j = 0; j < group.size(); ++j) store(members[group[j]], comparison.SetOf(j));
  std::vector<Clarity> clarity;
  for (uint32_t winner : winners) {
    const size_t j = static_cast<size_t>(
        std::find_if(group.begin(), group.end(), [&](uint32_t k) { return members[k] == winner; }) -
        group.begin());
    assert(j < group.size());
    Clarity c{winner, {}};
    for (size_t k = 0; k < group.size(); ++k) {
      if (k != j && comparison.StandingTo(j, k) != Standing::kSurelyBehind) {
        c.alike.push_back(members[group[k]]);
      }
    }
    std::sort(c.alike.begin(), c.alike.end(), before);
    clarity.push_back(std::move(c));
  }
  return clarity;
}

// Section 7's design: the companies ranked overall by the result that decides the
// winners, with that result's per-contact values. `members` maps a design company to
// its company slot.
struct RankedDesign {
  BootstrapDesign design;
  std::vector<uint32_t> members;
};

RankedDesign DesignFor(const Register& reg, const v1::ScoringConfig& config,
                       const ScoreColumn& ranking_scores,
                       const std::vector<IndustryFigures>& industries,
                       const std::vector<CompanyFigures>& companies) {
  const int deciding = ResultSlot(config.winner_result());
  RankedDesign ranked;
  BootstrapDesign& design = ranked.design;
  design.scores = ranking_scores.values;
  design.industries = static_cast<uint32_t>(industries.size());
  design.aggregation = config.company_aggregation();
  for (uint32_t c = 0; c < companies.size(); ++c) {
    if (!companies[c].rank_overall[deciding]) continue;
    BootstrapCompany company;
    const int32_t industry = reg.company_industry[c];
    company.industry = industry >= 0 && industries[industry].ranked ? industry : -1;
    company.first_stratum = static_cast<uint32_t>(design.strata.size());
    for (int h = 1; h <= kChannels; ++h) {
      const uint32_t s = StratumSlot(c, h);
      const uint32_t size = ranking_scores.begin[s + 1] - ranking_scores.begin[s];
      if (size > 0) design.strata.push_back({ranking_scores.begin[s], size});
    }
    company.strata = static_cast<uint32_t>(design.strata.size()) - company.first_stratum;
    design.companies.push_back(company);
    ranked.members.push_back(c);
  }
  return ranked;
}

// The rank sets by the deciding result ("Rank sets" in scoring/README.md) within each
// ranked industry and overall, from the recorded replicates, and the winners' clarity.
// Returns the overall winners' clarity.
std::vector<Clarity> CompareRanks(const Input& input, const Register& reg,
                                  const v1::ScoringConfig& config, const Rankings& rankings,
                                  const RankedDesign& ranked, const ReplicateValues& recorded,
                                  std::vector<IndustryFigures>& industries,
                                  std::vector<CompanyFigures>& companies) {
  const int deciding = ResultSlot(config.winner_result());
  const std::vector<uint32_t>& members = ranked.members;
  std::vector<double> estimates;
  for (uint32_t c : members) {
    estimates.push_back(*companies[c].Value(config.winner_result(), config.rank_by()));
  }
  // Ranking order: by the rank (in the industry or overall), then by id.
  auto before = [&](auto rank_of) {
    return [&, rank_of](uint32_t a, uint32_t b) {
      const int rank_a = *rank_of(companies[a]), rank_b = *rank_of(companies[b]);
      if (rank_a != rank_b) return rank_a < rank_b;
      return input.companies[reg.companies[a]].id() < input.companies[reg.companies[b]].id();
    };
  };
  std::vector<std::vector<uint32_t>> industry_groups(industries.size());
  for (uint32_t k = 0; k < members.size(); ++k) {
    const int32_t industry = ranked.design.companies[k].industry;
    if (industry >= 0) industry_groups[industry].push_back(k);
  }
  for (size_t i = 0; i < industries.size(); ++i) {
    if (industry_groups[i].empty()) continue;
    industries[i].clarity = CompareGroup(
        recorded, industry_groups[i], members, estimates, industries[i].winners,
        [&](uint32_t c, RankSet set) { companies[c].rank_set_industry = set; },
        before([deciding](const CompanyFigures& f) { return f.rank_in_industry[deciding]; }));
  }
  std::vector<uint32_t> everyone(members.size());
  std::iota(everyone.begin(), everyone.end(), 0u);
  std::vector<uint32_t> overall_winners;
  for (const Ranked& r : RankOne(rankings.companies_overall)) overall_winners.push_back(r.item);
  return CompareGroup(
      recorded, everyone, members, estimates, overall_winners,
      [&](uint32_t c, RankSet set) { companies[c].rank_set_overall = set; },
      before([deciding](const CompanyFigures& f) { return f.rank_overall[deciding]; }));
}

// Section 7 over the companies ranked by the result that decides the winners,
// resampling the per-contact values of that result; the same replicates give the
// rank sets by that result. Returns the overall winners' clarity.
std::vector<Clarity> EstimateRankConfidence(const Input& input, const Register& reg,
                                            const v1::ScoringConfig& config,
                                            const ScoreColumn& ranking_scores,
                                            const Rankings& rankings,
                                            std::vector<IndustryFigures>& industries,
                                            std::vector<CompanyFigures>& companies) {
  const int replicates = config.bootstrap().replicates();
  if (replicates <= 0) return {};
  const RankedDesign ranked = DesignFor(reg, config, ranking_scores, industries, companies);
  // A standard error needs two replicates; with one there are win probabilities only.
  const bool rank_sets = replicates >= 2 && !ranked.members.empty();
  ReplicateValues recorded;
  const WinProbabilities wins = BootstrapWins(ranked.design, replicates, config.bootstrap().seed(),
                                              rank_sets ? &recorded : nullptr);
  for (size_t k = 0; k < ranked.members.size(); ++k) {
    CompanyFigures& company = companies[ranked.members[k]];
    company.win_overall = wins.overall[k];
    if (ranked.design.companies[k].industry >= 0) company.win_industry = wins.industry[k];
  }
  if (!rank_sets) return {};
  return CompareRanks(input, reg, config, rankings, ranked, recorded, industries, companies);
}

// Tallies of a group: rates, upsell and criteria are sums of its strata's tallies;
// waits are collected from its rows.
struct GroupTally {
  RateTally rates;
  UpsellTally upsell;
  CriteriaTally criteria{};
  std::vector<int64_t> waits;

  void Add(const GroupTally& part) {
    rates.Add(part.rates);
    upsell.Add(part.upsell);
    AddCriteria(part.criteria, criteria);
  }
  void AddWaits(std::span<const Row> rows) {
    for (const Row& row : rows) {
      if (row.facts.first_answered) waits.push_back(row.facts.first_elapsed_ns);
    }
  }
  v1::ContactRates Rates() { return ToRates(rates, waits); }
};

// One pass over the table: the count tallies of every (company, channel) stratum.
std::vector<GroupTally> TallyStrata(const ContactTable& table, const ContactRules& rules) {
  std::vector<GroupTally> strata(table.begin.size() - 1);
  for (size_t s = 0; s < strata.size(); ++s) {
    GroupTally& tally = strata[s];
    for (uint32_t r = table.begin[s]; r < table.begin[s + 1]; ++r) {
      const Row& row = table.rows[r];
      tally.rates.Add(row.facts, row.redirected);
      tally.upsell.Add(row.facts.served, static_cast<v1::Upsell>(row.upsell));
      if (row.facts.served) AddRatings(row.ratings, row.channel, rules, tally.criteria);
    }
  }
  return strata;
}

void FillCriteria(const CriteriaTally& tally, const v1::ScoringConfig& config,
                  google::protobuf::RepeatedPtrField<v1::CriterionStats>* out) {
  for (int i = 0; i < config.criteria_size(); ++i) {
    *out->Add() = ToCriterionStats(tally[i], config.criteria(i), config.zones());
  }
}

v1::Channel ChannelOf(int slot) { return static_cast<v1::Channel>(slot + 1); }

void FillCompanies(const Input& input, const Register& reg, const ContactTable& table,
                   const std::vector<GroupTally>& strata,
                   const std::vector<CompanyFigures>& figures, v1::AwardReport& report) {
  const v1::Zones& zones = input.config.zones();
  for (uint32_t c = 0; c < figures.size(); ++c) {
    const CompanyFigures& f = figures[c];
    const v1::Company& company = input.companies[reg.companies[c]];
    v1::CompanyResult* out = report.add_companies();
    out->set_company_id(company.id());
    out->set_name(company.name());
    out->set_industry_id(company.industry_id());
    out->set_contacts(f.contacts);
    out->set_eligible(f.eligible);
    if (f.index) {
      out->set_index(f.index->value);
      out->set_zone(ZoneOf(f.index->value, zones));
      if (f.index->low) out->set_ci_low(*f.index->low);
      if (f.index->high) out->set_ci_high(*f.index->high);
    }
    if (f.answered_index) out->set_answered_index(*f.answered_index);
    if (f.agent_index) out->set_agent_index(*f.agent_index);
    const int index = ResultSlot(v1::TOTAL), answered = ResultSlot(v1::ANSWERED),
              agent = ResultSlot(v1::AGENT);
    if (f.rank_in_industry[index]) out->set_rank_in_industry(*f.rank_in_industry[index]);
    if (f.rank_overall[index]) out->set_rank_overall(*f.rank_overall[index]);
    if (f.rank_in_industry[answered]) {
      out->set_rank_answered_in_industry(*f.rank_in_industry[answered]);
    }
    if (f.rank_overall[answered]) out->set_rank_answered_overall(*f.rank_overall[answered]);
    if (f.rank_in_industry[agent]) out->set_rank_agent_in_industry(*f.rank_in_industry[agent]);
    if (f.rank_overall[agent]) out->set_rank_agent_overall(*f.rank_overall[agent]);
    if (f.win_industry) out->set_win_probability_industry(*f.win_industry);
    if (f.win_overall) out->set_win_probability_overall(*f.win_overall);
    if (f.rank_set_industry) {
      out->set_rank_set_in_industry_low(f.rank_set_industry->low);
      out->set_rank_set_in_industry_high(f.rank_set_industry->high);
    }
    if (f.rank_set_overall) {
      out->set_rank_set_overall_low(f.rank_set_overall->low);
      out->set_rank_set_overall_high(f.rank_set_overall->high);
    }
    if (f.adjusted_index) out->set_adjusted_index(*f.adjusted_index);
    GroupTally total;
    for (int h = 0; h < kChannels; ++h) {
      if (f.channel_contacts[h] == 0) continue;
      GroupTally tally;
      tally.Add(strata[StratumSlot(c, h + 1)]);
      tally.AddWaits(table.Of(c, h + 1));
      v1::CompanyChannel* channel = out->add_channels();
      channel->set_channel(ChannelOf(h));
      if (f.channel_index[h]) channel->set_index(*f.channel_index[h]);
      if (f.channel_answered[h]) channel->set_answered_index(*f.channel_answered[h]);
      if (f.channel_agent[h]) channel->set_agent_index(*f.channel_agent[h]);
      total.Add(tally);
      total.waits.insert(total.waits.end(), tally.waits.begin(), tally.waits.end());
      *channel->mutable_rates() = tally.Rates();
    }
    *out->mutable_rates() = total.Rates();
    if (f.contacts > 0) FillCriteria(total.criteria, input.config, out->mutable_criteria());
  }
}

void FillClarity(const Input& input, const Register& reg, const std::vector<Clarity>& clarity,
                 google::protobuf::RepeatedPtrField<v1::WinnerClarity>* out) {
  for (const Clarity& c : clarity) {
    v1::WinnerClarity* winner = out->Add();
    winner->set_company_id(input.companies[reg.companies[c.winner]].id());
    winner->set_clear(c.alike.empty());
    for (uint32_t k : c.alike)
      winner->add_indistinguishable_from(input.companies[reg.companies[k]].id());
  }
}

void FillIndustries(const Input& input, const Register& reg, const ContactTable& table,
                    const std::vector<GroupTally>& strata,
                    const std::vector<IndustryFigures>& figures, v1::AwardReport& report) {
  const v1::Zones& zones = input.config.zones();
  for (uint32_t i = 0; i < figures.size(); ++i) {
    const IndustryFigures& f = figures[i];
    const v1::Industry& industry = input.industries[reg.industries[i]];
    v1::IndustryResult* out = report.add_industries();
    out->set_industry_id(industry.id());
    out->set_name(industry.name());
    out->set_eligible_companies(f.eligible);
    out->set_ranked(f.ranked);
    if (f.index) {
      out->set_index(*f.index);
      out->set_zone(ZoneOf(*f.index, zones));
    }
    if (f.answered_index) out->set_answered_index(*f.answered_index);
    if (f.agent_index) out->set_agent_index(*f.agent_index);
    if (f.rank[ResultSlot(v1::TOTAL)]) out->set_rank(*f.rank[ResultSlot(v1::TOTAL)]);
    if (f.rank[ResultSlot(v1::ANSWERED)]) out->set_rank_answered(*f.rank[ResultSlot(v1::ANSWERED)]);
    if (f.rank[ResultSlot(v1::AGENT)]) out->set_rank_agent(*f.rank[ResultSlot(v1::AGENT)]);
    if (f.adjusted_index) out->set_adjusted_index(*f.adjusted_index);
    GroupTally total;
    for (int h = 0; h < kChannels; ++h) {
      GroupTally tally;
      for (uint32_t c : reg.industry_companies[i]) {
        tally.Add(strata[StratumSlot(c, h + 1)]);
        tally.AddWaits(table.Of(c, h + 1));
      }
      if (tally.rates.contacts == 0) continue;
      const IndustryChannelFigures& channel_figures = f.channels[h];
      v1::IndustryChannel* channel = out->add_channels();
      channel->set_channel(ChannelOf(h));
      channel->set_companies(channel_figures.companies);
      channel->set_ranked(channel_figures.ranked);
      if (channel_figures.index) channel->set_index(*channel_figures.index);
      if (channel_figures.agent_index) channel->set_agent_index(*channel_figures.agent_index);
      if (channel_figures.rank) channel->set_rank(*channel_figures.rank);
      total.Add(tally);
      total.waits.insert(total.waits.end(), tally.waits.begin(), tally.waits.end());
      *channel->mutable_rates() = tally.Rates();
    }
    *out->mutable_rates() = total.Rates();
    for (uint32_t c : f.winners) out->add_winners(input.companies[reg.companies[c]].id());
    FillClarity(input, reg, f.clarity, out->mutable_winner_clarity());
  }
}

void FillTopLists(const Input& input, const Register& reg, const Rankings& rankings,
                  const std::vector<IndustryFigures>& figures,
                  const std::array<int64_t, kChannels>& channel_contacts, v1::AwardReport& report) {
  for (int h = 0; h < kChannels; ++h) {
    if (channel_contacts[h] == 0) continue;
    v1::ChannelTopList* list = report.add_channel_top_industries();
    list->set_channel(ChannelOf(h));
    const std::vector<Ranked>& ranking = rankings.industries_by_channel[h];
    const size_t size = TopListSize(ranking, input.config.top_industries_per_channel());
    for (size_t k = 0; k < size; ++k) {
      const uint32_t i = ranking[k].item;
      const v1::Industry& industry = input.industries[reg.industries[i]];
      v1::TopIndustry* top = list->add_industries();
      top->set_industry_id(industry.id());
      top->set_name(industry.name());
      top->set_index(*figures[i].channels[h].index);
      top->set_rank(ranking[k].rank);
      top->set_zone(ZoneOf(top->index(), input.config.zones()));
    }
  }
}

void FillSummary(const Input& input, const Register& reg, const Selection& selection,
                 const ContactTable& table, const std::vector<GroupTally>& strata,
                 const std::vector<CompanyFigures>& companies,
                 const std::vector<IndustryFigures>& industries, v1::AwardReport& report) {
  v1::Summary* summary = report.mutable_summary();
  summary->set_observations(static_cast<int64_t>(input.contacts.size()));
  summary->set_counted(static_cast<int64_t>(table.rows.size()));
  summary->set_excluded_by_review(selection.excluded_by_review);
  summary->set_outside_period(selection.outside_period);
  std::vector<bool> industry_seen(industries.size(), false);
  int64_t with_contacts = 0, eligible = 0;
  for (uint32_t c = 0; c < companies.size(); ++c) {
    if (companies[c].contacts == 0) continue;
    ++with_contacts;
    eligible += companies[c].eligible;
    if (reg.company_industry[c] >= 0) industry_seen[reg.company_industry[c]] = true;
  }
  summary->set_companies(with_contacts);
  summary->set_eligible_companies(eligible);
  summary->set_industries(std::count(industry_seen.begin(), industry_seen.end(), true));
  summary->set_ranked_industries(std::count_if(industries.begin(), industries.end(),
                                               [](const IndustryFigures& f) { return f.ranked; }));
  std::vector<bool> observer_seen(reg.observers.size(), false);
  std::array<GroupTally, kChannels> channels;
  for (const Row& row : table.rows) observer_seen[row.observer] = true;
  for (uint32_t c = 0; c < companies.size(); ++c) {
    for (int h = 0; h < kChannels; ++h) {
      channels[h].Add(strata[StratumSlot(c, h + 1)]);
      channels[h].AddWaits(table.Of(c, h + 1));
    }
  }
  summary->set_observers(std::count(observer_seen.begin(), observer_seen.end(), true));
  GroupTally total;
  for (int h = 0; h < kChannels; ++h) {
    GroupTally& tally = channels[h];
    total.Add(tally);
    total.waits.insert(total.waits.end(), tally.waits.begin(), tally.waits.end());
    if (tally.rates.contacts == 0) continue;
    v1::ChannelSummary* channel = summary->add_channels();
    channel->set_channel(ChannelOf(h));
    *channel->mutable_upsell() = ToUpsellShares(tally.upsell);
    *channel->mutable_rates() = tally.Rates();
  }
  *summary->mutable_upsell() = ToUpsellShares(total.upsell);
  *summary->mutable_rates() = total.Rates();
  FillCriteria(total.criteria, input.config, report.mutable_criteria());
}

void FillObservers(const Input& input, const Register& reg, const ObserverFit& fit,
                   v1::AwardReport& report) {
  for (uint32_t o = 0; o < reg.observers.size(); ++o) {
    if (fit.observer_rows[o] == 0) continue;
    const v1::Observer& observer = input.observers[reg.observers[o]];
    v1::ObserverResult* out = report.add_observers();
    out->set_observer_id(observer.id());
    out->set_name(observer.name());
    out->set_contacts(fit.observer_rows[o]);
    out->set_leniency(fit.leniency[o]);
  }
}

// Contact types: only when the program lists scenarios, so that a report without
// them is the same as before they existed.
void FillScenarios(const Input& input, const Register& reg, const ContactTable& table,
                   const ContactRules& rules, v1::AwardReport& report) {
  const int listed = input.program.scenarios_size();
  if (listed == 0) return;
  ScenarioTally tally(input.program, reg.industries.size(), rules);
  int64_t without = 0;
  for (uint32_t r = 0; r < table.rows.size(); ++r) {
    const Row& row = table.rows[r];
    if (row.scenario == 0 || row.scenario > listed) {
      ++without;
      continue;
    }
    std::optional<double> agent;
    if (!table.agent.empty() && !std::isnan(table.agent[r])) agent = table.agent[r];
    tally.Add({row.scenario - 1u, reg.company_industry[row.company], row.channel, &row.facts,
               row.redirected, agent, &row.ratings});
  }
  std::vector<std::string_view> industry_ids;
  for (uint32_t slot : reg.industries) industry_ids.push_back(input.industries[slot].id());
  tally.Fill(input.config, industry_ids, report);
  report.set_contacts_without_scenario(without);
}

std::string DataDigest(const Input& input, const Selection& selection) {
  const std::vector<uint32_t>& order = selection.counted;
  // Submission_id order visits the contacts at random. First their byte views are
  // gathered (the addresses are known ahead, so prefetching hides the misses), then
  // the bytes are hashed, each prefetched a few contacts ahead.
  constexpr size_t kAhead = 16;
  std::vector<std::string_view> raw(order.size());
  for (size_t k = 0; k < order.size(); ++k) {
    if (k + kAhead < order.size()) __builtin_prefetch(&input.contacts[order[k + kAhead]].raw);
    raw[k] = input.contacts[order[k]].raw;
  }
  Sha256 hash;
  for (size_t k = 0; k < raw.size(); ++k) {
    if (k + kAhead < raw.size()) __builtin_prefetch(raw[k + kAhead].data());
    hash.Update(raw[k]);
  }
  return hash.HexDigest();
}

}  // namespace

ContactBytes& ContactBytes::operator=(const ContactBytes& other) {
  blocks_ = other.blocks_;
  used_ = size_ = 0;  // the last block is shared now: keep into a new one
  return *this;
}

ContactBytes::ContactBytes(ContactBytes&& other) noexcept
    : blocks_(std::move(other.blocks_)), used_(other.used_), size_(other.size_) {
  other.blocks_.clear();
  other.used_ = other.size_ = 0;
}

ContactBytes& ContactBytes::operator=(ContactBytes&& other) noexcept {
  blocks_ = std::move(other.blocks_);
  used_ = other.used_;
  size_ = other.size_;
  other.blocks_.clear();
  other.used_ = other.size_ = 0;
  return *this;
}

std::string_view ContactBytes::Keep(std::string_view bytes) {
  if (bytes.empty()) return {};
  if (size_ - used_ < bytes.size()) {
    size_ = std::max(kBlockSize, bytes.size());
    blocks_.push_back(HugePageBlock(size_));
    used_ = 0;
  }
  char* at = blocks_.back().get() + used_;
  std::copy(bytes.begin(), bytes.end(), at);
  used_ += bytes.size();
  return {at, bytes.size()};
}

void ContactBytes::Adopt(ContactBytes&& other) {
  // Other's blocks go before ours, so that our last block, the one Keep fills, stays last.
  other.blocks_.insert(other.blocks_.end(), std::make_move_iterator(blocks_.begin()),
                       std::make_move_iterator(blocks_.end()));
  blocks_ = std::move(other.blocks_);
  other.blocks_.clear();
  other.used_ = other.size_ = 0;
}

void ReserveContacts(std::vector<Contact>& contacts, size_t n) {
  contacts.reserve(n);
  AdviseHugePages(contacts.data(), contacts.capacity() * sizeof(Contact));
}

Result<v1::AwardReport> Score(const Input& input) {
  const v1::ScoringConfig& config = input.config;
  if (Status status = ValidateConfig(config); !status.ok()) return status;
  const ContactRules rules = ContactRules::From(config);
  const Register reg = ReadRegister(input);
  Selection selection = SelectCounted(input, reg, rules);
  const std::optional<BusinessCalendar> calendar = CalendarFor(config, selection);
  SortBySubmissionId(input, selection.counted);
  // The data digest reads only the selection, and hashing a million observations
  // takes a while: it runs on a second thread beside the scoring, joined last.
  std::future<std::string> data_digest =
      std::async(std::launch::async, [&] { return DataDigest(input, selection); });
  const ContactTable table =
      BuildTable(input, reg, selection, rules, calendar ? &*calendar : nullptr);
  // From here on most passes are over the table and short: the independent ones run
  // side by side (on one thread each when the program is small).
  const std::launch beside =
      table.rows.size() >= kParallelFrom ? std::launch::async : std::launch::deferred;
  std::future<std::vector<GroupTally>> strata_tallied =
      std::async(beside, [&] { return TallyStrata(table, rules); });
  std::future<ScoreColumn> scores_built = std::async(beside, [&] {
    return BuildColumn(table, [](const Row& row) -> std::optional<double> {
      if (!row.facts.scored()) return std::nullopt;
      return row.facts.score;
    });
  });
  const ScoreColumn experiences = BuildColumn(table, [](const Row& row) -> std::optional<double> {
    if (!row.facts.served || !row.facts.has_experience) return std::nullopt;
    return row.facts.experience;
  });
  const ScoreColumn agent = AgentColumn(table);
  const ScoreColumn scores = scores_built.get();
  std::vector<CompanyFigures> companies = CompanyIndexes(table, scores, experiences, agent, config);
  ScoreColumn adjusted;
  const std::optional<ObserverFit> fit = AdjustForObservers(
      table, static_cast<uint32_t>(reg.observers.size()), config, companies, &adjusted);
  std::vector<IndustryFigures> industries = IndustryIndexes(reg, companies, config);
  const Rankings rankings = RankAll(input, reg, config, companies, industries);
  const ScoreColumn* deciding = &scores;
  if (config.winner_result() == v1::ANSWERED) deciding = &experiences;
  if (config.winner_result() == v1::AGENT) deciding = &agent;
  if (config.rank_by() == v1::ADJUSTED) deciding = &adjusted;  // only with TOTAL
  const std::vector<Clarity> overall_clarity =
      EstimateRankConfidence(input, reg, config, *deciding, rankings, industries, companies);

  v1::AwardReport report;
  report.set_program_id(input.program.id());
  report.set_program_name(input.program.name());
  report.set_scoring_version(kScoringVersion);
  report.set_config_sha256(ConfigDigest(config));
  const std::vector<GroupTally> strata = strata_tallied.get();
  // The companies are most of the report: they are filled beside the rest.
  v1::AwardReport company_part;
  std::future<void> companies_filled = std::async(
      beside, [&] { FillCompanies(input, reg, table, strata, companies, company_part); });
  FillSummary(input, reg, selection, table, strata, companies, industries, report);
  FillIndustries(input, reg, table, strata, industries, report);
  companies_filled.get();
  report.mutable_companies()->Swap(company_part.mutable_companies());
  std::array<int64_t, kChannels> channel_contacts{};
  for (size_t k = 0; k < strata.size(); ++k)
    channel_contacts[k % kChannels] += strata[k].rates.contacts;
  FillTopLists(input, reg, rankings, industries, channel_contacts, report);
  for (const Ranked& r : RankOne(rankings.companies_overall)) {
    report.add_overall_winners(input.companies[reg.companies[r.item]].id());
  }
  FillClarity(input, reg, overall_clarity, report.mutable_overall_winner_clarity());
  if (fit) FillObservers(input, reg, *fit, report);
  FillScenarios(input, reg, table, rules, report);
  *report.mutable_config() = config;
  report.set_data_sha256(data_digest.get());
  return report;
}

}  // namespace msc::scoring
