// msc submit FILE: one observation or a batch, as JSON or binary protobuf, to the
// collector. Prints one line per observation; exit 1 when any was rejected.
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "command.h"
#include "msc/client/api_client.h"
#include "msc/client/uuid.h"
#include "msc/proto/serialize.h"

namespace msc::cli {
namespace {

constexpr char kUsage[] =
    "usage: msc [--url URL] [--token TOKEN] submit FILE\n\n"
    "Sends one msc.v1.Observation, or an msc.v1.BatchSubmitRequest ({\"observations\":\n"
    "[...]}), to the collector and prints each result: ACCEPTED, DUPLICATE (stored\n"
    "before: success), CONFLICT or INVALID with the fields at fault.\n\n"
    "FILE is JSON (protobuf's JSON mapping; lowerCamelCase or proto field names) when\n"
    "it ends in .json, binary protobuf when it ends in .pb or .bin, else whichever its\n"
    "content is. An observation without submission_id gets one derived from its\n"
    "content, so submitting the same file twice never stores it twice. Network\n"
    "failures and 503 are retried with the same ids.\n\n"
    "Exit status: 0 all stored (or stored before), 1 any rejected or failed, 2 usage.\n";

// Batches go in slices well under the server's body limit.
constexpr int kSlice = 500;

enum class Encoding { kJson, kBinary };

Encoding Guess(const std::string& path, const std::string& content) {
  auto ends = [&path](std::string_view ext) {
    return path.size() >= ext.size() &&
           path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends(".json")) return Encoding::kJson;
  if (ends(".pb") || ends(".bin")) return Encoding::kBinary;
  size_t first = content.find_first_not_of(" \t\r\n");
  return first != std::string::npos && content[first] == '{' ? Encoding::kJson : Encoding::kBinary;
}

Result<v1::BatchSubmitRequest> FromJson(const std::string& text) {
  google::protobuf::util::JsonParseOptions strict;  // unknown fields are errors
  v1::BatchSubmitRequest batch;
  v1::Observation single;
  auto as_single = google::protobuf::util::JsonStringToMessage(text, &single, strict);
  if (as_single.ok()) {
    *batch.add_observations() = std::move(single);
    return batch;
  }
  auto as_batch = google::protobuf::util::JsonStringToMessage(text, &batch, strict);
  if (as_batch.ok()) return batch;
  // Name the error of what the file looks like it meant to be.
  bool looks_batch = text.find("\"observations\"") != std::string::npos;
  return Status::Invalid("", "not an Observation or BatchSubmitRequest in JSON: " +
                                 std::string((looks_batch ? as_batch : as_single).message()));
}

// Binary protobuf does not say its type. Both messages start with a length-delimited
// field 1; a batch whose items all carry ids and that leaves no unknown fields is a
// batch, anything else is read as one observation.
Result<v1::BatchSubmitRequest> FromBinary(const std::string& bytes) {
  v1::BatchSubmitRequest batch;
  if (batch.ParseFromString(bytes) && batch.observations_size() > 0 &&
      batch.GetReflection()->GetUnknownFields(batch).empty()) {
    bool plausible = true;
    for (const v1::Observation& o : batch.observations()) {
      plausible =
          plausible && !o.submission_id().empty() && o.GetReflection()->GetUnknownFields(o).empty();
    }
    if (plausible) return batch;
  }
  v1::Observation single;
  if (!single.ParseFromString(bytes)) {
    return Status::Invalid("", "not an Observation or BatchSubmitRequest in binary protobuf");
  }
  batch.Clear();
  *batch.add_observations() = std::move(single);
  return batch;
}

void Print(const v1::SubmitResult& r) {
  std::cout << r.submission_id() << "  " << v1::SubmitStatus_Name(r.status());
  if (r.status() == v1::CONFLICT && r.errors_size() == 0) {
    std::cout << "  stored before with other content; the first version stays";
  }
  for (const v1::FieldError& e : r.errors()) {
    std::cout << "\n    " << (e.field().empty() ? "" : e.field() + ": ") << e.reason();
  }
  std::cout << "\n";
}

bool Rejected(const v1::SubmitResult& r) {
  return r.status() != v1::ACCEPTED && r.status() != v1::DUPLICATE;
}

}  // namespace

int RunSubmit(const GlobalOptions& global, const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  if (args.size() != 1 || args[0].rfind("--", 0) == 0) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string& path = args[0];
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "msc submit: cannot read " << path << "\n";
    return 1;
  }
  std::stringstream content;
  content << in.rdbuf();
  auto batch = Guess(path, content.str()) == Encoding::kJson ? FromJson(content.str())
                                                             : FromBinary(content.str());
  if (!batch.ok()) {
    std::cerr << "msc submit: " << path << ": " << batch.status().ToString() << "\n";
    return 1;
  }
  auto url = client::ParseUrl(global.url);
  if (!url.ok()) {
    std::cerr << "msc submit: " << url.status().ToString() << "\n";
    return 2;
  }
  for (v1::Observation& o : *batch->mutable_observations()) {
    if (o.submission_id().empty()) o.set_submission_id(client::ContactUuid(o));
  }

  client::ApiClient api(*url, client::CommandLineOptions(global.token));
  bool any_rejected = false;
  if (batch->observations_size() == 1) {
    auto r = api.Submit(batch->observations(0));
    if (!r.ok()) {
      std::cerr << "msc submit: " << r.status().ToString() << "\n";
      return 1;
    }
    Print(*r);
    return Rejected(*r) ? 1 : 0;
  }
  for (int from = 0; from < batch->observations_size(); from += kSlice) {
    v1::BatchSubmitRequest slice;
    for (int i = from; i < std::min(from + kSlice, batch->observations_size()); ++i) {
      *slice.add_observations() = batch->observations(i);
    }
    auto res = api.SubmitBatch(slice);
    if (!res.ok()) {
      std::cerr << "msc submit: " << res.status().ToString() << "\n";
      return 1;
    }
    for (const v1::SubmitResult& r : res->results()) {
      Print(r);
      any_rejected = any_rejected || Rejected(r);
    }
  }
  return any_rejected ? 1 : 0;
}

}  // namespace msc::cli
