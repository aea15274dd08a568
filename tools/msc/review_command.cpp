// msc review list | approve | flag | reject: the manager's review of submissions,
// and an observer's view of their own (e.g. those flagged with a question).
#include <google/protobuf/util/time_util.h>

#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>

#include "command.h"
#include "msc/client/api_client.h"

namespace msc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "usage: msc [--url URL] [--token TOKEN] review list [--program ID] [--state S]\n"
    "                                  [--flag RULE] [--observer ID] [--all-pages]\n"
    "       msc [--url URL] [--token TOKEN] review approve|flag|reject ID [--note TEXT]\n\n"
    "list    submissions with their review state and the reviewer's note, oldest\n"
    "        first (100 a page; --all-pages fetches every page). --state is received,\n"
    "        approved, has_issues (or flagged) or rejected. An observer token lists the\n"
    "        observer's own submissions only, e.g. those flagged HAS_ISSUES with the\n"
    "        manager's question in the note. --flag lists those breaking a protocol\n"
    "        rule: outside_contact_window, email_sent_after_noon, retry_same_day,\n"
    "        observer_repeats_company or over_quota. The FLAGS column shows them.\n"
    "approve marks a submission APPROVED\n"
    "flag    marks it HAS_ISSUES: the observer is asked to clarify (say what in --note)\n"
    "reject  marks it REJECTED: it no longer counts\n"
    "Reviewing needs a manager or admin token.\n";

Result<v1::ReviewState> ParseState(std::string name) {
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (name == "FLAGGED") name = "HAS_ISSUES";
  v1::ReviewState state;
  if (!v1::ReviewState_Parse(name, &state) || state == v1::REVIEW_STATE_UNSPECIFIED) {
    return Status::Invalid("--state", "must be received, approved, has_issues or rejected");
  }
  return state;
}

// Wide enough for a UUID, then the short columns; the note last, as it may be long.
void PrintHeader() {
  std::cout << std::left << std::setw(38) << "SUBMISSION" << std::setw(14) << "PROGRAM"
            << std::setw(18) << "COMPANY" << std::setw(14) << "OBSERVER" << std::setw(8)
            << "CHANNEL" << std::setw(21) << "STARTED" << std::setw(12) << "STATE" << std::setw(26)
            << "FLAGS"
            << "NOTE\n";
}

std::string Flags(const v1::StoredObservation& s) {
  std::string out;
  for (int f : s.flags())
    out += (out.empty() ? "" : ",") + v1::ProtocolFlag_Name(static_cast<v1::ProtocolFlag>(f));
  return out.empty() ? "-" : out;
}

Result<v1::ProtocolFlag> ParseFlag(std::string name) {
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  v1::ProtocolFlag flag;
  if (!v1::ProtocolFlag_Parse(name, &flag) || flag == v1::PROTOCOL_FLAG_UNSPECIFIED) {
    return Status::Invalid("--flag",
                           "must be outside_contact_window, email_sent_after_noon, "
                           "retry_same_day, observer_repeats_company or over_quota");
  }
  return flag;
}

void PrintRow(const v1::StoredObservation& s) {
  const v1::Observation& o = s.observation();
  std::string started =
      o.attempts_size() > 0
          ? google::protobuf::util::TimeUtil::ToString(o.attempts(0).started_at()).substr(0, 19)
          : "-";
  std::cout << std::left << std::setw(38) << o.submission_id() << std::setw(14) << o.program_id()
            << std::setw(18) << o.company_id() << std::setw(14) << o.observer_id() << std::setw(8)
            << v1::Channel_Name(o.channel()) << std::setw(21) << started << std::setw(12)
            << v1::ReviewState_Name(s.review_state()) << std::setw(26) << Flags(s)
            << s.review_note() << "\n";
}

int List(client::ApiClient& api, const std::vector<std::string>& args) {
  client::ListFilter filter;
  std::string state, flag;
  po::options_description flags;
  flags.add_options()("program", po::value(&filter.program_id))("state", po::value(&state))(
      "flag", po::value(&flag))("observer", po::value(&filter.observer_id))(
      "page-token", po::value(&filter.page_token))("all-pages", "");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(flags).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc review list: " << e.what() << "\n\n" << kUsage;
    return 2;
  }
  if (!state.empty()) {
    auto parsed = ParseState(state);
    if (!parsed.ok()) {
      std::cerr << "msc review list: " << parsed.status().ToString() << "\n";
      return 2;
    }
    filter.state = *parsed;
  }
  if (!flag.empty()) {
    auto parsed = ParseFlag(flag);
    if (!parsed.ok()) {
      std::cerr << "msc review list: " << parsed.status().ToString() << "\n";
      return 2;
    }
    filter.flag = *parsed;
  }
  bool all = vm.count("all-pages") > 0;
  int64_t shown = 0;
  PrintHeader();
  for (;;) {
    auto page = api.List(filter);
    if (!page.ok()) {
      std::cerr << "msc review list: " << page.status().ToString() << "\n";
      return 1;
    }
    for (const v1::StoredObservation& s : page->observations()) PrintRow(s);
    shown += page->observations_size();
    if (page->next_page_token().empty()) break;
    if (!all) {
      std::cerr << "(more: --all-pages, or --page-token " << page->next_page_token() << ")\n";
      break;
    }
    filter.page_token = page->next_page_token();
  }
  std::cerr << shown << " submission" << (shown == 1 ? "" : "s") << "\n";
  return 0;
}

int Decide(client::ApiClient& api, v1::ReviewState state, const std::vector<std::string>& args) {
  std::string id, note;
  po::options_description flags;
  flags.add_options()("note", po::value(&note))("id", po::value(&id));
  po::positional_options_description positional;
  positional.add("id", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(flags).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc review: " << e.what() << "\n\n" << kUsage;
    return 2;
  }
  if (id.empty()) {
    std::cerr << "msc review: the submission ID is missing\n\n" << kUsage;
    return 2;
  }
  auto stored = api.Review(id, state, note);
  if (!stored.ok()) {
    std::cerr << "msc review: " << id << ": " << stored.status().ToString() << "\n";
    return 1;
  }
  std::cout << id << "  " << v1::ReviewState_Name(stored->review_state());
  if (!stored->review_note().empty()) std::cout << "  " << stored->review_note();
  std::cout << "\n";
  return 0;
}

}  // namespace

int RunReview(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? 2 : 0;
  }
  auto url = client::ParseUrl(global.url);
  if (!url.ok()) {
    std::cerr << "msc review: " << url.status().ToString() << "\n";
    return 2;
  }
  client::ApiClient api(*url, client::CommandLineOptions(global.token));
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string& verb = args[0];
  if (verb == "list") return List(api, rest);
  if (verb == "approve") return Decide(api, v1::APPROVED, rest);
  if (verb == "flag") return Decide(api, v1::HAS_ISSUES, rest);
  if (verb == "reject") return Decide(api, v1::REJECTED, rest);
  std::cerr << "msc review: unknown action '" << verb << "'\n\n" << kUsage;
  return 2;
}

}  // namespace msc::cli
