// msc demo: a realistic program like the reference award, generated from a seed and
// submitted through a running collector over HTTP with protobuf bodies.
#include <boost/program_options.hpp>
#include <chrono>
#include <iomanip>
#include <iostream>

#include "command.h"
#include "msc/client/api_client.h"
#include "msc/client/http.h"
#include "msc/client/url.h"
#include "msc/demo/generate.h"

namespace msc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "usage: msc demo [--url URL] [--token ADMIN_TOKEN] [--seed N] [--contacts N]\n"
    "                [--batch N] [--live]\n\n"
    "Makes a program like the Norwegian customer-service award (18 industries, 153\n"
    "companies, 74 observers, 3,921 contacts over November to March on phone, chat and\n"
    "e-mail), the same for the same seed, and sends it to the collector: the register\n"
    "with PUT /v1/{industries,companies,observers,programs}, the contacts in batches to\n"
    "POST /v1/observations:batch. Needs an admin token (it submits on behalf of every\n"
    "observer). Running it twice stores nothing twice: the ids come from the seed.\n"
    "--live makes the same program in the middle of its fieldwork instead: \"demo-live\",\n"
    "its period from 75 days ago to 76 days ahead, with the contacts finished by now\n"
    "(about half the plan of 12 calls, 8 chats and 6 e-mails per company; some 2% of\n"
    "contacts slip from the protocol, as in the full program).\n";

struct DemoArgs {
  uint64_t seed = 2026;
  int contacts = 3921;
  int batch = 200;
  bool live = false;
};

// PUTs one register list; any non-200 answer is an error.
Status PutList(client::HttpConnection& http, const std::string& token, const char* path,
               const google::protobuf::Message& list) {
  client::HttpRequest request;
  request.method = "PUT";
  request.target = http.url().prefix + path;
  request.body = list.SerializeAsString();
  request.content_type = "application/x-protobuf";
  request.token = token;
  auto response = http.Send(request);
  if (!response.ok()) return response.status();
  if (response->status != 200) return client::ErrorStatus(*response);
  return Status::Ok();
}

Status PutRegister(client::HttpConnection& http, const std::string& token,
                   const v1::Register& reg) {
  v1::IndustryList industries;
  *industries.mutable_industries() = reg.industries();
  v1::CompanyList companies;
  *companies.mutable_companies() = reg.companies();
  v1::ObserverList observers;
  *observers.mutable_observers() = reg.observers();
  v1::ProgramList programs;
  *programs.mutable_programs() = reg.programs();
  // Industries first: a company names its industry.
  for (auto [path, list] :
       {std::pair<const char*, const google::protobuf::Message*>{"/v1/industries", &industries},
        {"/v1/companies", &companies},
        {"/v1/observers", &observers},
        {"/v1/programs", &programs}}) {
    if (Status s = PutList(http, token, path, *list); !s.ok()) return s;
  }
  return Status::Ok();
}

struct Tally {
  int64_t accepted = 0, duplicate = 0, rejected = 0;
};

Status SubmitAll(client::ApiClient& api, const std::vector<v1::Observation>& all, int batch_size,
                 Tally& tally) {
  for (size_t start = 0; start < all.size(); start += batch_size) {
    v1::BatchSubmitRequest batch;
    size_t end = std::min(all.size(), start + batch_size);
    for (size_t i = start; i < end; ++i) *batch.add_observations() = all[i];
    auto response = api.SubmitBatch(batch);
    if (!response.ok()) return response.status();
    for (const v1::SubmitResult& r : response->results()) {
      if (r.status() == v1::ACCEPTED) {
        ++tally.accepted;
      } else if (r.status() == v1::DUPLICATE) {
        ++tally.duplicate;
      } else {
        ++tally.rejected;
        std::cerr << "msc demo: " << r.submission_id() << " " << v1::SubmitStatus_Name(r.status());
        for (const auto& e : r.errors()) std::cerr << " " << e.field() << ": " << e.reason();
        std::cerr << "\n";
      }
    }
  }
  return Status::Ok();
}

}  // namespace

int RunDemo(const GlobalOptions& global, const std::vector<std::string>& args) {
  DemoArgs a;
  po::options_description options("demo");
  options.add_options()("seed", po::value(&a.seed), "generator seed (default 2026)")(
      "contacts", po::value(&a.contacts), "number of contacts (default 3921)")(
      "batch", po::value(&a.batch), "observations per request (default 200)")(
      "live", po::bool_switch(&a.live), "the program mid-fieldwork, as of now")("help,h", "");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc demo: " << e.what() << "\n\n" << kUsage;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (a.contacts < 1 || a.batch < 1 || a.batch > 10000) {
    std::cerr << "msc demo: --contacts must be positive and --batch between 1 and 10000\n";
    return 2;
  }
  auto url = client::ParseUrl(global.url);
  if (!url.ok()) {
    std::cerr << "msc demo: --url: " << url.status().ToString() << "\n";
    return 2;
  }
  if (global.token.empty()) {
    std::cerr << "msc demo: needs an admin token: --token or $MSC_TOKEN\n";
    return 2;
  }
  auto started = std::chrono::steady_clock::now();
  const int64_t live_at = a.live ? std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count()
                                 : 0;
  demo::DemoProgram program =
      demo::GenerateDemoProgram({.seed = a.seed, .contacts = a.contacts, .live_at = live_at});
  client::HttpConnection http(*url);
  if (Status s = PutRegister(http, global.token, program.register_); !s.ok()) {
    std::cerr << "msc demo: register: " << s.ToString() << "\n";
    return 1;
  }
  client::ApiClient api(*url, client::CommandLineOptions(global.token));
  Tally tally;
  if (Status s = SubmitAll(api, program.observations, a.batch, tally); !s.ok()) {
    std::cerr << "msc demo: submit: " << s.ToString() << "\n";
    return 1;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "program " << program.register_.programs(0).id() << ": "
            << program.register_.industries_size() << " industries, "
            << program.register_.companies_size() << " companies, "
            << program.register_.observers_size() << " observers; " << tally.accepted
            << " contacts accepted, " << tally.duplicate << " duplicate, " << tally.rejected
            << " rejected in " << std::fixed << std::setprecision(2) << seconds << " s\n";
  return tally.rejected == 0 ? 0 : 1;
}

}  // namespace msc::cli
