#include "msc/client/api_client.h"

#include <google/protobuf/util/json_util.h>

#include <iostream>
#include <thread>

namespace msc::client {
namespace {

constexpr char kProtobuf[] = "application/x-protobuf";

bool IsJson(std::string_view content_type) {
  return content_type.substr(0, content_type.find(';')).find("json") != std::string_view::npos;
}

bool Decode(const HttpResponse& res, google::protobuf::Message* out) {
  if (IsJson(res.content_type)) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    return google::protobuf::util::JsonStringToMessage(res.body, out, options).ok();
  }
  return out->ParseFromString(res.body);
}

StatusCode CodeOf(unsigned http_status) {
  switch (http_status) {
    case 400:
      return StatusCode::kInvalidArgument;
    case 401:
      return StatusCode::kUnauthenticated;
    case 403:
      return StatusCode::kPermissionDenied;
    case 404:
      return StatusCode::kNotFound;
    case 409:
      return StatusCode::kConflict;
    case 503:
      return StatusCode::kUnavailable;
    default:
      return http_status == 413 || http_status == 415 ? StatusCode::kInvalidArgument
                                                      : StatusCode::kInternal;
  }
}

// Percent-encodes a query value: ids are plain, but nothing stops a user's typo.
std::string QueryEscape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

template <class Message>
Result<Message> Parse(const Result<HttpResponse>& res) {
  if (!res.ok()) return res.status();
  if (res->status != 200) return ErrorStatus(*res);
  Message m;
  if (!Decode(*res, &m)) return Status::Internal("the collector's response did not parse");
  return m;
}

}  // namespace

Status ErrorStatus(const HttpResponse& response) {
  v1::Error error;
  std::string message = "HTTP " + std::to_string(response.status);
  std::vector<FieldIssue> fields;
  if (Decode(response, &error)) {
    if (!error.message().empty()) message += ": " + error.message();
    for (const v1::FieldError& f : error.field_errors()) fields.push_back({f.field(), f.reason()});
  }
  return Status(CodeOf(response.status), std::move(message), std::move(fields));
}

ClientOptions CommandLineOptions(std::string token) {
  ClientOptions options;
  options.token = std::move(token);
  options.on_retry = [](const Status& why, std::chrono::milliseconds delay) {
    std::cerr << "msc: " << why.message() << "; retrying in " << delay.count() << " ms\n";
  };
  return options;
}

ApiClient::ApiClient(Url url, ClientOptions options)
    : connection_(std::move(url), options.http), options_(std::move(options)) {}

Result<HttpResponse> ApiClient::Exchange(HttpRequest request) {
  request.token = options_.token;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int attempt = 1;; ++attempt) {
    Result<HttpResponse> res = connection_.Send(request);
    if (res.ok() && res->status != 503) return res;
    Status why = res.ok() ? ErrorStatus(*res) : res.status();
    if (attempt >= options_.retry.max_attempts) return why;
    auto delay = BackoffDelay(options_.retry, attempt - 1, uniform(jitter_),
                              res.ok() ? res->retry_after : std::nullopt);
    if (options_.on_retry) options_.on_retry(why, delay);
    std::this_thread::sleep_for(delay);
  }
}

Result<HttpResponse> ApiClient::Call(std::string method, std::string target,
                                     const google::protobuf::Message* body) {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  if (body != nullptr) {
    request.content_type = kProtobuf;
    body->SerializeToString(&request.body);
  }
  return Exchange(std::move(request));
}

Result<v1::SubmitResult> ApiClient::Submit(const v1::Observation& observation) {
  auto res = Call("POST", "/v1/observations", &observation);
  if (!res.ok()) return res.status();
  if (res->status == 400 || res->status == 409) {
    Status s = ErrorStatus(*res);
    v1::SubmitResult r;
    r.set_submission_id(observation.submission_id());
    r.set_status(res->status == 409 ? v1::CONFLICT : v1::INVALID);
    for (const FieldIssue& f : s.field_errors()) {
      auto* e = r.add_errors();
      e->set_field(f.field);
      e->set_reason(f.reason);
    }
    // A body error without field errors (e.g. it did not parse) still needs a reason.
    if (r.errors_size() == 0) r.add_errors()->set_reason(s.message());
    return r;
  }
  return Parse<v1::SubmitResult>(res);
}

Result<v1::BatchSubmitResponse> ApiClient::SubmitBatch(const v1::BatchSubmitRequest& batch) {
  return Parse<v1::BatchSubmitResponse>(Call("POST", "/v1/observations:batch", &batch));
}

Result<v1::ListObservationsResponse> ApiClient::List(const ListFilter& filter) {
  std::string query;
  auto add = [&query](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    query += (query.empty() ? "?" : "&") + std::string(name) + "=" + QueryEscape(value);
  };
  add("program", filter.program_id);
  if (filter.state != v1::REVIEW_STATE_UNSPECIFIED)
    add("state", v1::ReviewState_Name(filter.state));
  add("observer", filter.observer_id);
  if (filter.flag != v1::PROTOCOL_FLAG_UNSPECIFIED) add("flag", v1::ProtocolFlag_Name(filter.flag));
  add("page_token", filter.page_token);
  return Parse<v1::ListObservationsResponse>(Call("GET", "/v1/observations" + query, nullptr));
}

Result<v1::StoredObservation> ApiClient::Review(std::string_view submission_id,
                                                v1::ReviewState state, std::string_view note) {
  v1::ReviewRequest review;
  review.set_state(state);
  review.set_note(std::string(note));
  return Parse<v1::StoredObservation>(
      Call("POST", "/v1/observations/" + QueryEscape(submission_id) + ":review", &review));
}

Result<v1::Register> ApiClient::GetRegister() {
  v1::Register reg;
  auto companies = Parse<v1::CompanyList>(Call("GET", "/v1/companies", nullptr));
  if (!companies.ok()) return companies.status();
  auto observers = Parse<v1::ObserverList>(Call("GET", "/v1/observers", nullptr));
  if (!observers.ok()) return observers.status();
  auto programs = Parse<v1::ProgramList>(Call("GET", "/v1/programs", nullptr));
  if (!programs.ok()) return programs.status();
  *reg.mutable_companies() = companies->companies();
  *reg.mutable_observers() = observers->observers();
  *reg.mutable_programs() = programs->programs();
  return reg;
}

}  // namespace msc::client
