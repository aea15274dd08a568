// msc token create|list|revoke: API tokens, stored as SHA-256 hashes only.
#include <google/protobuf/util/time_util.h>

#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>

#include "command.h"
#include "local_store.h"

namespace msc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "usage: msc --db FILE token create --role observer|manager|admin [--observer ID]\n"
    "                                  [--label TEXT]\n"
    "       msc --db FILE token list\n"
    "       msc --db FILE token revoke ID\n\n"
    "create prints the new token alone on the last line of stdout. It is shown this\n"
    "once: only its SHA-256 hash is stored. Observer tokens belong to one observer.\n";

Result<v1::Role> ParseRole(const std::string& name) {
  if (name == "observer") return v1::OBSERVER;
  if (name == "manager") return v1::MANAGER;
  if (name == "admin") return v1::ADMIN;
  return Status::Invalid("--role", "must be observer, manager or admin, not '" + name + "'");
}

int Create(const GlobalOptions& global, const std::vector<std::string>& args) {
  std::string role_name, observer, label;
  po::options_description options("token create");
  options.add_options()("role", po::value(&role_name)->required(), "observer, manager or admin")(
      "observer", po::value(&observer), "the observer id (observer tokens)")(
      "label", po::value(&label), "a note to recognise the token by in 'token list'");
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "msc token create: " << e.what() << "\n\n" << kUsage;
    return 2;
  }
  auto role = ParseRole(role_name);
  if (!role.ok()) return Fail("token create", role.status());
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadWrite);
  if (!store) return 1;
  auto token = store->CreateToken(*role, observer, label, LocalActor());
  if (!token.ok()) return Fail("token create", token.status());
  std::cerr << "Created a " << role_name << " token"
            << (observer.empty() ? "" : " for observer " + observer)
            << ". Store it now: it is not shown again.\n";
  std::cout << *token << std::endl;
  return 0;
}

int List(const GlobalOptions& global) {
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadOnly);
  if (!store) return 1;
  auto tokens = store->ListTokens();
  if (!tokens.ok()) return Fail("token list", tokens.status());
  std::cout << std::left << std::setw(6) << "ID" << std::setw(10) << "ROLE" << std::setw(20)
            << "OBSERVER" << std::setw(22) << "CREATED" << std::setw(9) << "STATE"
            << "LABEL\n";
  for (const v1::ApiToken& t : *tokens) {
    std::string created = google::protobuf::util::TimeUtil::ToString(t.created_at()).substr(0, 19);
    std::string role = v1::Role_Name(t.role());
    for (char& c : role) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::cout << std::setw(6) << t.id() << std::setw(10) << role << std::setw(20)
              << (t.observer_id().empty() ? "-" : t.observer_id()) << std::setw(22) << created
              << std::setw(9) << (t.revoked() ? "revoked" : "active") << t.label() << "\n";
  }
  return 0;
}

int Revoke(const GlobalOptions& global, const std::string& id_text) {
  int64_t id = 0;
  try {
    size_t used = 0;
    id = std::stoll(id_text, &used);
    if (used != id_text.size()) throw std::invalid_argument(id_text);
  } catch (const std::exception&) {
    std::cerr << "msc token revoke: '" << id_text << "' is not a token id (see 'token list')\n";
    return 2;
  }
  auto store = OpenLocalStore(global, storage::Store::Mode::kReadWrite);
  if (!store) return 1;
  if (Status s = store->RevokeToken(id, LocalActor()); !s.ok()) return Fail("token revoke", s);
  std::cout << "revoked token " << id << "\n";
  return 0;
}

}  // namespace

int RunToken(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "create") return Create(global, {args.begin() + 1, args.end()});
  if (args[0] == "list" && args.size() == 1) return List(global);
  if (args[0] == "revoke" && args.size() == 2) return Revoke(global, args[1]);
  std::cerr << kUsage;
  return 2;
}

}  // namespace msc::cli
