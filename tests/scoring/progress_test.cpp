// Fieldwork progress (scoring/progress.cc, scoring/README.md "Fieldwork"): counts
// against the default plan (PHONE 10, CHAT 8, EMAIL 7 per company), worked by hand.
#include "msc/scoring/progress.h"

#include <google/protobuf/util/time_util.h>

#include <catch2/catch.hpp>

#include "builders.h"
#include "msc/scoring/config.h"

namespace msc::scoring {
namespace {

using google::protobuf::util::TimeUtil;
using testing::Oslo;

// Two companies, two observers, a program over 2026; "now" is Friday 13 March 2026.
ProgressInput Fieldwork() {
  ProgressInput in;
  in.program.set_id("p");
  *in.program.mutable_period_start() = TimeUtil::NanosecondsToTimestamp(Oslo(2026, 1, 1, 0));
  *in.program.mutable_period_end() = TimeUtil::NanosecondsToTimestamp(Oslo(2027, 1, 1, 0));
  in.config = DefaultConfig();
  for (const char* id : {"a", "b"}) {
    v1::Company c;
    c.set_id(id);
    c.set_name(std::string("Company ") + id);
    c.set_industry_id("bank");
    in.companies.push_back(c);
    v1::Observer o;
    o.set_id(std::string("obs-") + id);
    in.observers.push_back(o);
  }
  in.as_of_ns = Oslo(2026, 3, 13, 18);
  return in;
}

void Add(ProgressInput& in, uint32_t company, uint32_t observer, v1::Channel channel, int64_t at,
         int n = 1, v1::ReviewState state = v1::RECEIVED, bool flagged = false) {
  for (int i = 0; i < n; ++i)
    in.contacts.push_back({company, observer, channel, state, flagged, at});
}

const v1::ChannelProgress& Cell(const v1::ProgramProgress& p, int company, v1::Channel ch) {
  for (const auto& cell : p.companies(company).channels())
    if (cell.channel() == ch) return cell;
  FAIL("no cell");
  return p.companies(company).channels(0);
}

}  // namespace

TEST_CASE("progress: planned, counted and missing per company and channel") {
  ProgressInput in = Fieldwork();
  Add(in, 0, 0, v1::PHONE, Oslo(2026, 3, 2, 10), 12);  // two over the plan
  Add(in, 0, 1, v1::CHAT, Oslo(2026, 3, 3, 10), 3);
  Add(in, 1, 1, v1::EMAIL, Oslo(2026, 3, 4, 10), 7);
  auto p = Progress(in);
  REQUIRE(p.ok());
  CHECK(p->planned() == 50);
  CHECK(p->counted() == 22);
  CHECK(Cell(*p, 0, v1::PHONE).counted() == 12);
  CHECK(Cell(*p, 0, v1::PHONE).missing() == 0);
  CHECK(Cell(*p, 0, v1::CHAT).missing() == 5);
  CHECK(Cell(*p, 0, v1::EMAIL).missing() == 7);
  CHECK(p->companies(0).missing() == 12);
  CHECK(p->companies(1).missing() == 18);  // 10 phone + 8 chat
  CHECK(p->missing() == 30);
  // Extra phone calls do not make up for missing chats: (10 + 3 + 7) / 50.
  CHECK(p->share_done() == Approx(0.4));
  REQUIRE(p->companies(0).channels_size() == 3);  // only the planned channels
}

TEST_CASE("progress: rejected contacts and contacts outside the period do not count") {
  ProgressInput in = Fieldwork();
  Add(in, 0, 0, v1::PHONE, Oslo(2026, 3, 2, 10), 2, v1::REJECTED);
  Add(in, 0, 0, v1::PHONE, Oslo(2025, 12, 31, 10), 1);
  Add(in, 0, 0, v1::PHONE, Oslo(2026, 3, 2, 10), 1, v1::HAS_ISSUES);
  auto p = Progress(in);
  REQUIRE(p.ok());
  CHECK(p->counted() == 1);
  in.config.set_count_received(false);  // then only approved contacts count
  CHECK(Progress(in)->counted() == 0);
}

TEST_CASE("progress: per observer done and flagged, and one observer's grid") {
  ProgressInput in = Fieldwork();
  Add(in, 0, 0, v1::PHONE, Oslo(2026, 3, 2, 10), 4);
  Add(in, 1, 0, v1::CHAT, Oslo(2026, 3, 2, 10), 2, v1::RECEIVED, true);
  Add(in, 1, 1, v1::CHAT, Oslo(2026, 3, 2, 10), 3);
  auto p = Progress(in);
  REQUIRE(p.ok());
  REQUIRE(p->observers_size() == 2);
  CHECK(p->observers(0).done() == 6);
  CHECK(p->observers(0).flagged() == 2);
  CHECK(p->observers(1).done() == 3);
  in.only_observer = 1;
  p = Progress(in);
  REQUIRE(p.ok());
  CHECK(p->observer_id() == "obs-b");
  CHECK(p->counted() == 3);
  CHECK(p->observers_size() == 1);
  CHECK(Cell(*p, 1, v1::CHAT).counted() == 3);
}

TEST_CASE(
    "progress: the pace is the last 10 business days' contacts per day, and the date follows") {
  ProgressInput in = Fieldwork();
  // The 10 business days up to Friday 13 March 2026 are 2-13 March: 25 contacts fall
  // on them; 5 more on Saturday 7 March count for the plan but not for the pace, nor
  // do 4 on Friday 27 February, before the window.
  Add(in, 0, 0, v1::PHONE, Oslo(2026, 3, 2, 10), 10);
  Add(in, 0, 1, v1::CHAT, Oslo(2026, 3, 13, 10), 8);
  Add(in, 1, 1, v1::EMAIL, Oslo(2026, 3, 9, 10), 7);
  Add(in, 1, 0, v1::PHONE, Oslo(2026, 3, 7, 10), 5);
  Add(in, 1, 0, v1::CHAT, Oslo(2026, 2, 27, 10), 4);
  auto p = Progress(in);
  REQUIRE(p.ok());
  CHECK(p->as_of_date() == "2026-03-13");
  CHECK(p->daily_pace() == Approx(2.5));  // 25 on business days / 10; the Saturday's 5 don't
  // Missing: company a 7 e-mails; company b 5 calls and 4 chats: 16. At 2.5 a day,
  // ceil(6.4) = 7 business days after Friday 13 March: Monday 16 to Tuesday 24 March.
  CHECK(p->missing() == 16);
  CHECK(p->completion_date() == "2026-03-24");
}

TEST_CASE("progress: no pace gives no completion date; a finished plan none either") {
  ProgressInput in = Fieldwork();
  Add(in, 0, 0, v1::PHONE, Oslo(2026, 1, 5, 10), 3);
  auto p = Progress(in);
  REQUIRE(p.ok());
  CHECK(p->daily_pace() == 0);
  CHECK(p->completion_date().empty());
}

}  // namespace msc::scoring
