#include "api.h"

#include <google/protobuf/util/time_util.h>

#include <boost/asio/post.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <memory>

#include "msc/collector/program_report.h"
#include "msc/scoring/config.h"
#include "msc/scoring/protocol.h"
#include "web_assets.h"

namespace msc::collector {
namespace {

namespace asio = boost::asio;
using storage::Principal;

// Roles a route admits, as a bit set of v1::Role; zero admits anyone, unauthenticated.
constexpr unsigned Roles(std::initializer_list<v1::Role> roles) {
  unsigned bits = 0;
  for (v1::Role r : roles) bits |= 1u << r;
  return bits;
}
constexpr unsigned kAnyone = 0;
constexpr unsigned kSubmitters = Roles({v1::OBSERVER, v1::ADMIN});
constexpr unsigned kReaders = Roles({v1::OBSERVER, v1::MANAGER, v1::ADMIN});
constexpr unsigned kManagers = Roles({v1::MANAGER, v1::ADMIN});
constexpr unsigned kAdmins = Roles({v1::ADMIN});

}  // namespace

namespace {
// Beast 1.74 speaks boost::string_view; the rest of us std::string_view.
std::string_view Sv(boost::beast::string_view s) { return {s.data(), s.size()}; }
boost::beast::string_view Bv(std::string_view s) { return {s.data(), s.size()}; }
}  // namespace

struct Api::Call {
  HttpRequest request;
  asio::any_io_executor executor;
  Respond respond;
  Principal who;
  Format in = Format::kJson;
  Format out = Format::kJson;
  std::vector<std::string> params;  // the {id}s of the route pattern, in order
  std::string query;

  void Reply(unsigned status, const google::protobuf::Message& body) {
    Send(status, Encode(body, out), MediaType(out));
  }
  void Fail(unsigned status, std::string message, const std::vector<FieldIssue>& fields = {}) {
    respond(Api::Error(status, std::move(message), out, request.version(), request.keep_alive(),
                       fields));
  }
  void Send(unsigned status, std::string body, std::string_view content_type) {
    HttpResponse res{static_cast<http::status>(status), request.version()};
    res.set(http::field::content_type, Bv(content_type));
    res.keep_alive(request.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    respond(std::move(res));
  }
};

namespace {

struct Route {
  http::verb method;
  std::string_view pattern;  // "{id}" stands for one path segment
  unsigned roles;
  bool has_body;
  void (Api::*handle)(Api::Call&);
};

}  // namespace

// The route table. Order matters only where patterns overlap: ":review" before "{id}".
struct RouteTable {
  static constexpr std::array kRoutes = {
      Route{http::verb::post, "/v1/observations", kSubmitters, true, &Api::Submit},
      Route{http::verb::post, "/v1/observations:batch", kSubmitters, true, &Api::SubmitBatch},
      Route{http::verb::get, "/v1/observations", kReaders, false, &Api::List},
      Route{http::verb::post, "/v1/observations/{id}:review", kManagers, true, &Api::Review},
      Route{http::verb::post, "/v1/observations/{id}:correct", kReaders, true, &Api::Correct},
      Route{http::verb::get, "/v1/observations/{id}/versions", kReaders, false, &Api::Versions},
      Route{http::verb::get, "/v1/observations/{id}", kReaders, false, &Api::Get},
      Route{http::verb::get, "/v1/me", kReaders, false, &Api::Me},
      // Observers read what the capture form needs: industries, companies, programs
      // and the criteria of a program's config; not the observer list.
      Route{http::verb::get, "/v1/industries", kReaders, false, &Api::GetIndustries},
      Route{http::verb::put, "/v1/industries", kAdmins, true, &Api::PutIndustries},
      Route{http::verb::get, "/v1/companies", kReaders, false, &Api::GetCompanies},
      Route{http::verb::put, "/v1/companies", kAdmins, true, &Api::PutCompanies},
      Route{http::verb::get, "/v1/observers", kManagers, false, &Api::GetObservers},
      Route{http::verb::put, "/v1/observers", kAdmins, true, &Api::PutObservers},
      Route{http::verb::get, "/v1/programs", kReaders, false, &Api::GetPrograms},
      Route{http::verb::put, "/v1/programs", kAdmins, true, &Api::PutPrograms},
      Route{http::verb::get, "/v1/programs/{id}/report", kManagers, false, &Api::Report},
      Route{http::verb::get, "/v1/programs/{id}/config", kReaders, false, &Api::ProgramConfig},
      Route{http::verb::get, "/v1/programs/{id}/progress", kManagers, false, &Api::Progress},
      Route{http::verb::post, "/v1/programs/{id}/assignments", kManagers, true, &Api::Assign},
      Route{http::verb::get, "/v1/programs/{id}/assignments", kReaders, false,
            &Api::GetAssignments},
      Route{http::verb::get, "/healthz", kAnyone, false, &Api::Health},
      Route{http::verb::get, "/metrics", kAnyone, false, &Api::MetricsText},
      // Last: any GET outside the routes above that names a file of the web apps.
      Route{http::verb::get, "/", kAnyone, false, &Api::WebApp},
  };
  static const Route& WebAppRoute() { return kRoutes.back(); }
};

namespace {

constexpr std::string_view kBatchPath = "/v1/observations:batch";

// Matches a path against a pattern segment by segment. A segment "{id}" matches any
// non-empty segment without ':'; "{id}:review" one that ends in ":review".
bool Match(std::string_view pattern, std::string_view path, std::vector<std::string>* params) {
  params->clear();
  while (!pattern.empty() && !path.empty()) {
    if (pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    std::string_view p = pattern.substr(0, pattern.find('/'));
    std::string_view s = path.substr(0, path.find('/'));
    pattern.remove_prefix(p.size());
    path.remove_prefix(s.size());
    if (p.starts_with("{")) {
      std::string_view suffix = p.substr(p.find('}') + 1);
      if (suffix.empty() ? s.find(':') != std::string_view::npos : !s.ends_with(suffix)) {
        return false;
      }
      std::string_view value = s.substr(0, s.size() - suffix.size());
      if (value.empty()) return false;
      params->emplace_back(value);
    } else if (p != s) {
      return false;
    }
  }
  return pattern.empty() && path.empty();
}

int FromHex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && FromHex(s[i + 1]) >= 0 &&
               FromHex(s[i + 2]) >= 0) {
      out += static_cast<char>(FromHex(s[i + 1]) * 16 + FromHex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The value of a query parameter, decoded; nullopt when absent.
std::optional<std::string> QueryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    std::string_view key = pair.substr(0, pair.find('='));
    if (key == name) {
      return PercentDecode(key.size() < pair.size() ? pair.substr(key.size() + 1) : "");
    }
  }
  return std::nullopt;
}

unsigned HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

v1::SubmitStatus ToSubmitStatus(storage::InsertOutcome o) {
  switch (o) {
    case storage::InsertOutcome::kAccepted:
      return v1::ACCEPTED;
    case storage::InsertOutcome::kDuplicate:
      return v1::DUPLICATE;
    case storage::InsertOutcome::kConflict:
      return v1::CONFLICT;
  }
  return v1::SUBMIT_STATUS_UNSPECIFIED;
}

SubmitOutcome ToMetric(storage::InsertOutcome o) {
  switch (o) {
    case storage::InsertOutcome::kAccepted:
      return SubmitOutcome::kAccepted;
    case storage::InsertOutcome::kDuplicate:
      return SubmitOutcome::kDuplicate;
    case storage::InsertOutcome::kConflict:
      return SubmitOutcome::kConflict;
  }
  return SubmitOutcome::kConflict;
}

// Errors quote the request (a path, a field name), which may hold any bytes, but
// protobuf strings must be UTF-8: otherwise the JSON encoding drops the rest of the
// text and a protobuf client cannot parse the Error at all. Each byte that does not
// start a valid UTF-8 sequence becomes U+FFFD. (Found by tests/fuzz/http_fuzz.cpp.)
std::string ValidUtf8(std::string_view s) {
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};  // no overlong forms
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    uint32_t cp = len > 1 ? c & (0x7Fu >> len) : c;
    for (size_t k = 1; ok && k < len; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      ok = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    ok = ok && (len == 1 || (cp >= kMin[len] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)));
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

void AddErrors(const std::vector<FieldIssue>& issues,
               google::protobuf::RepeatedPtrField<v1::FieldError>* out) {
  for (const FieldIssue& i : issues) {
    v1::FieldError* e = out->Add();
    e->set_field(ValidUtf8(i.field));
    e->set_reason(ValidUtf8(i.reason));
  }
}

std::string ConflictMessage(const std::string& id) {
  return "submission " + id + " was stored before with other content; the first version stays";
}

// The bearer token of the Authorization header, or empty.
std::string_view BearerToken(const HttpRequest& req) {
  auto it = req.find(http::field::authorization);
  if (it == req.end()) return {};
  std::string_view v(it->value().data(), it->value().size());
  constexpr std::string_view kScheme = "bearer ";
  if (v.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(v[i])) != kScheme[i]) return {};
  }
  v.remove_prefix(kScheme.size());
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  return v;
}

// Validation issues that a stale register cache could cause.
bool NamesRegister(const std::vector<FieldIssue>& issues) {
  return std::any_of(issues.begin(), issues.end(), [](const FieldIssue& i) {
    return i.field == "program_id" || i.field == "company_id" || i.field == "observer_id" ||
           i.field == "scenario";
  });
}

}  // namespace

Api::Api(Writer* writer, ContactTally* tally, ReaderPool* readers, RegisterCache* register_cache,
         Metrics* metrics, Limits limits, ReportRenderers renderers)
    : writer_(writer),
      tally_(tally),
      readers_(readers),
      register_cache_(register_cache),
      metrics_(metrics),
      limits_(limits),
      renderers_(std::move(renderers)) {}

std::vector<std::string> Api::RouteNames() {
  std::vector<std::string> names;
  for (const Route& r : RouteTable::kRoutes) {
    names.push_back(std::string(http::to_string(r.method)) + " " + std::string(r.pattern));
  }
  names.push_back("other");
  return names;
}

size_t Api::BodyLimit(std::string_view target) const {
  std::string_view path = target.substr(0, target.find('?'));
  return path == kBatchPath ? limits_.max_batch_body : limits_.max_body;
}

HttpResponse Api::Error(unsigned status, std::string message, Format format, unsigned version,
                        bool keep_alive, const std::vector<FieldIssue>& fields) {
  v1::Error error;
  error.set_code(static_cast<int32_t>(status));
  error.set_message(ValidUtf8(message));
  AddErrors(fields, error.mutable_field_errors());
  HttpResponse res{static_cast<http::status>(status), version};
  res.set(http::field::content_type, Bv(MediaType(format)));
  if (status == 401) res.set(http::field::www_authenticate, "Bearer");
  if (status == 503) res.set(http::field::retry_after, "1");
  res.keep_alive(keep_alive);
  res.body() = Encode(error, format);
  res.prepare_payload();
  return res;
}

void Api::Handle(HttpRequest&& request, const asio::any_io_executor& executor, RequestInfo* info,
                 Respond respond) {
  Call call{
      std::move(request), executor, std::move(respond), {}, Format::kJson, Format::kJson, {}, {}};
  const HttpRequest& req = call.request;
  call.out = ResponseFormat(Sv(req[http::field::accept]), Sv(req[http::field::content_type]));

  std::string_view target(req.target().data(), req.target().size());
  std::string_view path = target.substr(0, target.find('?'));
  if (path.size() < target.size()) call.query = target.substr(path.size() + 1);

  const Route* route = nullptr;
  bool path_known = false;
  for (const Route& r : RouteTable::kRoutes) {
    if (!Match(r.pattern, path, &call.params)) continue;
    path_known = true;
    if (r.method == req.method()) {
      route = &r;
      break;
    }
  }
  if (!route && req.method() == http::verb::get && FindWebAsset(path) != nullptr) {
    route = &RouteTable::WebAppRoute();
  }
  info->route =
      route ? static_cast<size_t>(route - RouteTable::kRoutes.data()) : RouteTable::kRoutes.size();
  if (!route) {
    if (path_known) return call.Fail(405, "method not allowed on " + std::string(path));
    return call.Fail(404, "no such resource: " + std::string(path));
  }

  if (route->roles != kAnyone) {
    std::string_view token = BearerToken(req);
    if (token.empty()) return call.Fail(401, "missing bearer token");
    // Every request asks the database, on a reader connection (an indexed lookup of
    // the token's hash): a revoked token stops working at once, even when another
    // process revoked it, and no cache can go stale.
    auto reader = readers_->Acquire();
    if (!reader.ok()) return call.Fail(503, "storage unavailable");
    auto who = (*reader)->Authenticate(token);
    if (!who.ok()) {
      if (who.status().code() == StatusCode::kUnauthenticated) {
        return call.Fail(401, "invalid or revoked token");
      }
      return call.Fail(503, "storage unavailable");
    }
    call.who = std::move(*who);
    info->actor = call.who.token_id;
    if ((route->roles & (1u << call.who.role)) == 0) {
      return call.Fail(403, "a " + v1::Role_Name(call.who.role) + " token may not use this route");
    }
  }

  if (route->has_body) {
    auto format = FormatOf(Sv(req[http::field::content_type]));
    if (!format) {
      return call.Fail(415, "Content-Type must be application/json or application/x-protobuf");
    }
    call.in = *format;
  }
  (this->*route->handle)(call);
}

std::vector<FieldIssue> Api::Check(const v1::Observation& obs) {
  auto view = register_cache_->Get();
  std::vector<FieldIssue> issues = Validate(obs, *view);
  if (!issues.empty() && NamesRegister(issues) &&
      register_cache_->OlderThan(std::chrono::seconds(1))) {
    // Another process may have imported the register since we loaded it.
    auto reader = readers_->Acquire();
    if (reader.ok() && register_cache_->Reload(**reader).ok()) {
      issues = Validate(obs, *register_cache_->Get());
    }
  }
  return issues;
}

std::string Api::ConfigDigestFor(const std::string& program_id) const {
  return register_cache_->Get()->ConfigDigestFor(program_id);
}

std::vector<v1::ProtocolFlag> Api::FlagsFor(const v1::Observation& obs) const {
  auto view = register_cache_->Get();
  auto it = view->programs.find(obs.program_id());
  if (it == view->programs.end() || !it->second.calendar) return {};
  return scoring::ContactFlags(obs, it->second.config.fieldwork(), *it->second.calendar);
}

namespace {

// Observers submit as themselves: an empty observer_id is theirs, another is an error.
std::optional<FieldIssue> ClaimObserver(v1::Observation* obs, const Principal& who) {
  if (who.role != v1::OBSERVER) return std::nullopt;
  if (obs->observer_id().empty()) {
    obs->set_observer_id(who.observer_id);
  } else if (obs->observer_id() != who.observer_id) {
    return FieldIssue{"observer_id", "an observer token submits for its own observer (" +
                                         who.observer_id + ") only"};
  }
  return std::nullopt;
}

// The flags a submission was stored with. A duplicate was judged as if new: its count
// flags would count the stored original, so only the contact's own rules are told.
void AddFlags(v1::SubmitResult& r, const Writer::Written& w, Metrics* metrics) {
  const bool stored = w.outcome == storage::InsertOutcome::kAccepted;
  for (v1::ProtocolFlag f : w.flags) {
    if (!stored && scoring::IsCountFlag(f)) continue;
    r.add_flags(f);
    if (stored) metrics->CountFlag(f);
  }
}

}  // namespace

void Api::Submit(Call& call) {
  v1::Observation obs;
  if (Status s = Decode(call.request.body(), call.in, &obs); !s.ok()) {
    return call.Fail(400, s.message(), s.field_errors());
  }
  if (auto issue = ClaimObserver(&obs, call.who)) return call.Fail(403, issue->reason, {*issue});
  if (auto issues = Check(obs); !issues.empty()) {
    metrics_->CountSubmissions(SubmitOutcome::kInvalid);
    return call.Fail(400, "invalid observation", issues);
  }

  std::string id = obs.submission_id();
  std::vector<storage::NewObservation> items(1);
  items[0].observation = std::move(obs);
  items[0].received_at_ns = NowNs();
  items[0].submitted_by = call.who.actor();
  items[0].config_sha256 = ConfigDigestFor(items[0].observation.program_id());
  items[0].flags = FlagsFor(items[0].observation);
  call.request.body().clear();  // the body is decoded; do not hold it while queued
  auto shared = std::make_shared<Call>(std::move(call));
  Metrics* metrics = metrics_;
  bool queued = writer_->Submit(std::move(items), [shared, metrics, id](auto result) {
    // On the writer thread: the response is built on the session's strand instead.
    asio::post(shared->executor, [shared, metrics, id, result = std::move(result)] {
      Call& c = *shared;
      if (!result.ok()) {
        metrics->CountSubmissions(SubmitOutcome::kUnavailable);
        return c.Fail(503, "storage unavailable: " + result.status().message());
      }
      storage::InsertOutcome outcome = (*result)[0].outcome;
      metrics->CountSubmissions(ToMetric(outcome));
      if (outcome == storage::InsertOutcome::kConflict) {
        return c.Fail(409, ConflictMessage(id), {{"submission_id", ConflictMessage(id)}});
      }
      v1::SubmitResult r;
      r.set_submission_id(id);
      r.set_status(ToSubmitStatus(outcome));
      AddFlags(r, (*result)[0], metrics);
      c.Reply(200, r);
    });
  });
  if (!queued) {
    metrics_->CountSubmissions(SubmitOutcome::kUnavailable);
    shared->Fail(503, "the writer queue is full; retry shortly");
  }
}

void Api::SubmitBatch(Call& call) {
  v1::BatchSubmitRequest batch;
  if (Status s = Decode(call.request.body(), call.in, &batch); !s.ok()) {
    return call.Fail(400, s.message(), s.field_errors());
  }
  call.request.body().clear();
  if (batch.observations_size() == 0) {
    return call.Fail(400, "empty batch", {{"observations", "at least one observation"}});
  }

  auto response = std::make_shared<v1::BatchSubmitResponse>();
  std::vector<storage::NewObservation> items;
  std::vector<int> positions;  // the response index of each queued item
  int64_t now = NowNs();
  uint64_t invalid = 0;
  for (int i = 0; i < batch.observations_size(); ++i) {
    v1::Observation* obs = batch.mutable_observations(i);
    v1::SubmitResult* r = response->add_results();
    r->set_submission_id(obs->submission_id());
    std::vector<FieldIssue> issues;
    if (auto issue = ClaimObserver(obs, call.who)) {
      issues.push_back(*issue);
    } else {
      issues = Check(*obs);
    }
    if (!issues.empty()) {
      r->set_status(v1::INVALID);
      AddErrors(issues, r->mutable_errors());
      ++invalid;
      continue;
    }
    positions.push_back(i);
    std::string digest = ConfigDigestFor(obs->program_id());
    std::vector<v1::ProtocolFlag> flags = FlagsFor(*obs);
    items.push_back({std::move(*obs), now, call.who.actor(), std::move(digest), std::move(flags)});
  }
  metrics_->CountSubmissions(SubmitOutcome::kInvalid, invalid);
  if (items.empty()) return call.Reply(200, *response);

  auto shared = std::make_shared<Call>(std::move(call));
  Metrics* metrics = metrics_;
  size_t n = items.size();
  bool queued = writer_->Submit(
      std::move(items), [shared, metrics, response, positions = std::move(positions)](auto result) {
        asio::post(shared->executor,
                   [shared, metrics, response, positions, result = std::move(result)] {
                     Call& c = *shared;
                     if (!result.ok()) {
                       metrics->CountSubmissions(SubmitOutcome::kUnavailable, positions.size());
                       return c.Fail(503, "storage unavailable: " + result.status().message());
                     }
                     for (size_t k = 0; k < positions.size(); ++k) {
                       const Writer::Written& w = (*result)[k];
                       metrics->CountSubmissions(ToMetric(w.outcome));
                       v1::SubmitResult* r = response->mutable_results(positions[k]);
                       r->set_status(ToSubmitStatus(w.outcome));
                       AddFlags(*r, w, metrics);
                     }
                     c.Reply(200, *response);
                   });
      });
  if (!queued) {
    metrics_->CountSubmissions(SubmitOutcome::kUnavailable, n);
    shared->Fail(503, "the writer queue is full; retry shortly");
  }
}

void Api::List(Call& call) {
  storage::ListQuery q;
  q.program_id = QueryParam(call.query, "program").value_or("");
  q.observer_id = QueryParam(call.query, "observer").value_or("");
  q.page_token = QueryParam(call.query, "page_token").value_or("");
  if (auto state = QueryParam(call.query, "state"); state && !state->empty()) {
    v1::ReviewState parsed;
    if (!v1::ReviewState_Parse(*state, &parsed) || parsed == v1::REVIEW_STATE_UNSPECIFIED) {
      return call.Fail(400, "bad query", {{"state", "unknown review state " + *state}});
    }
    q.state = parsed;
  }
  if (auto flag = QueryParam(call.query, "flag"); flag && !flag->empty()) {
    v1::ProtocolFlag parsed;
    if (!v1::ProtocolFlag_Parse(*flag, &parsed) || parsed == v1::PROTOCOL_FLAG_UNSPECIFIED) {
      return call.Fail(400, "bad query", {{"flag", "unknown protocol flag " + *flag}});
    }
    q.flag = parsed;
  }
  if (auto order = QueryParam(call.query, "order"); order && !order->empty()) {
    if (*order != "newest" && *order != "oldest") {
      return call.Fail(400, "bad query", {{"order", "must be newest or oldest"}});
    }
    q.newest_first = *order == "newest";
  }
  if (auto size = QueryParam(call.query, "page_size"); size && !size->empty()) {
    int n = 0;
    auto [end, ec] = std::from_chars(size->data(), size->data() + size->size(), n);
    if (ec != std::errc() || end != size->data() + size->size() || n < 1 || n > 1000) {
      return call.Fail(400, "bad query", {{"page_size", "must be 1..1000"}});
    }
    q.page_size = n;
  }
  if (call.who.role == v1::OBSERVER) {
    if (!q.observer_id.empty() && q.observer_id != call.who.observer_id) {
      return call.Fail(403, "observers list their own submissions only",
                       {{"observer", "an observer token lists its own submissions only"}});
    }
    q.observer_id = call.who.observer_id;
  }
  auto reader = readers_->Acquire();
  if (!reader.ok()) return call.Fail(503, "storage unavailable");
  auto page = (*reader)->ListObservations(q);
  if (!page.ok()) {
    return call.Fail(HttpStatusOf(page.status()), page.status().message(),
                     page.status().field_errors());
  }
  v1::ListObservationsResponse res;
  for (auto& o : page->observations) *res.add_observations() = std::move(o);
  res.set_next_page_token(page->next_page_token);
  call.Reply(200, res);
}

void Api::Get(Call& call) {
  auto reader = readers_->Acquire();
  if (!reader.ok()) return call.Fail(503, "storage unavailable");
  auto stored = (*reader)->GetObservation(call.params[0]);
  if (!stored.ok()) {
    return call.Fail(HttpStatusOf(stored.status()), stored.status().message());
  }
  if (call.who.role == v1::OBSERVER &&
      stored->observation().observer_id() != call.who.observer_id) {
    return call.Fail(403, "an observer token reads its own submissions only");
  }
  call.Reply(200, *stored);
}

namespace {
HttpResponse StaleVersion(const Api::Call& c, const std::string& message, const FieldIssue& field,
                          const v1::StoredObservation& latest);
}  // namespace

void Api::Review(Call& call) {
  v1::ReviewRequest review;
  if (Status s = Decode(call.request.body(), call.in, &review); !s.ok()) {
    return call.Fail(400, s.message(), s.field_errors());
  }
  if (review.state() != v1::APPROVED && review.state() != v1::HAS_ISSUES &&
      review.state() != v1::REJECTED) {
    return call.Fail(400, "invalid review",
                     {{"state", "must be APPROVED, HAS_ISSUES or REJECTED"}});
  }
  auto shared = std::make_shared<Call>(std::move(call));
  ContactTally* tally = tally_;
  bool queued = writer_->Run([shared, review, tally](storage::Store& store) {
    const std::string& id = shared->params[0];
    auto before = store.GetObservation(id);
    Status s =
        store.Review(id, review.state(), review.note(), shared->who.actor(), review.version());
    // Rejecting a contact, or taking a rejection back, changes what the program holds.
    if (s.ok() && tally && before.ok() &&
        (review.state() == v1::REJECTED || before->review_state() == v1::REJECTED)) {
      tally->Forget(before->observation().program_id());
    }
    // On a stale review, the latest version goes back with the 409.
    Result<v1::StoredObservation> after = s.ok() || s.code() == StatusCode::kConflict
                                              ? store.GetObservation(id)
                                              : Result<v1::StoredObservation>(s);
    asio::post(shared->executor, [shared, s, after = std::move(after)] {
      if (!after.ok()) {
        return shared->Fail(HttpStatusOf(after.status()), after.status().message(),
                            after.status().field_errors());
      }
      if (!s.ok()) {
        return shared->respond(
            StaleVersion(*shared, s.message(), {"version", s.message()}, *after));
      }
      shared->Reply(200, *after);
    });
  });
  if (!queued) shared->Fail(503, "shutting down");
}

namespace {

// A 409 that carries the latest version: a correction or a review named an older one.
HttpResponse StaleVersion(const Api::Call& c, const std::string& message, const FieldIssue& field,
                          const v1::StoredObservation& latest) {
  v1::Error error;
  error.set_code(409);
  error.set_message(message);
  v1::FieldError* f = error.add_field_errors();
  f->set_field(field.field);
  f->set_reason(field.reason);
  *error.mutable_latest() = latest;
  HttpResponse res{http::status::conflict, c.request.version()};
  res.set(http::field::content_type, Bv(MediaType(c.out)));
  res.keep_alive(c.request.keep_alive());
  res.body() = Encode(error, c.out);
  res.prepare_payload();
  return res;
}

}  // namespace

namespace {

// On the writer thread: the correction with its count flags (ContactTally), stored.
Result<storage::CorrectionOutcome> CorrectJudged(storage::Store& store, ContactTally* tally,
                                                 storage::Correction c) {
  if (tally == nullptr) return store.Correct(c);
  auto before = store.GetObservation(c.observation.submission_id());
  if (!before.ok()) return before.status();
  for (v1::ProtocolFlag f : tally->JudgeCorrection(store, c.observation, *before)) {
    c.flags.push_back(f);
  }
  auto outcome = store.Correct(c);
  // A contact moved to another company, observer or channel changes the counts.
  if (outcome.ok() && outcome->kind == storage::CorrectionOutcome::Kind::kCorrected) {
    tally->Forget(before->observation().program_id());
    tally->Forget(c.observation.program_id());
  }
  return outcome;
}

}  // namespace

// A correction: validated as a submission is, stored by the writer as a new version.
void Api::Correct(Call& call) {
  v1::CorrectionRequest req;
  if (Status s = Decode(call.request.body(), call.in, &req); !s.ok()) {
    return call.Fail(400, s.message(), s.field_errors());
  }
  v1::Observation& obs = *req.mutable_observation();
  const std::string& id = call.params[0];
  if (obs.submission_id().empty()) obs.set_submission_id(id);
  if (obs.submission_id() != id) {
    return call.Fail(400, "invalid correction",
                     {{"submission_id", "a correction keeps the submission_id of " + id}});
  }
  if (req.base_version() < 1) {
    return call.Fail(400, "invalid correction",
                     {{"base_version", "required: the version this correction edits (1 or more)"}});
  }
  if (auto issue = ClaimObserver(&obs, call.who)) return call.Fail(403, issue->reason, {*issue});
  if (obs.observer_id().empty()) {  // a manager corrects on the observer's behalf
    auto reader = readers_->Acquire();
    if (!reader.ok()) return call.Fail(503, "storage unavailable");
    auto stored = (*reader)->GetObservation(id);
    if (!stored.ok()) return call.Fail(HttpStatusOf(stored.status()), stored.status().message());
    obs.set_observer_id(stored->observation().observer_id());
  }
  if (auto issues = Check(obs); !issues.empty()) {
    return call.Fail(400, "invalid correction", issues);
  }
  storage::Correction c;
  c.base_version = req.base_version();
  c.made_at_ns = NowNs();
  c.made_by = call.who.actor();
  c.config_sha256 = ConfigDigestFor(obs.program_id());
  c.flags = FlagsFor(obs);
  if (call.who.role == v1::OBSERVER) c.own_observer_id = call.who.observer_id;
  c.observation = std::move(obs);
  call.request.body().clear();
  auto shared = std::make_shared<Call>(std::move(call));
  Metrics* metrics = metrics_;
  ContactTally* tally = tally_;
  bool queued = writer_->Run([shared, metrics, tally, c = std::move(c)](storage::Store& store) {
    auto outcome = CorrectJudged(store, tally, c);
    if (outcome.ok() && outcome->kind == storage::CorrectionOutcome::Kind::kCorrected) {
      for (int f : outcome->latest.flags()) metrics->CountFlag(f);
    }
    asio::post(shared->executor, [shared, base = c.base_version, outcome = std::move(outcome)] {
      Call& call = *shared;
      if (!outcome.ok()) {
        return call.Fail(HttpStatusOf(outcome.status()), outcome.status().message(),
                         outcome.status().field_errors());
      }
      if (outcome->kind == storage::CorrectionOutcome::Kind::kStale) {
        const int32_t latest = outcome->latest.version();
        return call.respond(StaleVersion(
            call,
            "version " + std::to_string(base) + " is not the latest (" + std::to_string(latest) +
                "): someone corrected this observation since; the latest is in `latest`",
            {"base_version", "the latest version is " + std::to_string(latest)}, outcome->latest));
      }
      call.Reply(200, outcome->latest);
    });
  });
  if (!queued) shared->Fail(503, "shutting down");
}

void Api::Versions(Call& call) {
  auto reader = readers_->Acquire();
  if (!reader.ok()) return call.Fail(503, "storage unavailable");
  auto versions = (*reader)->ListVersions(call.params[0]);
  if (!versions.ok()) {
    return call.Fail(HttpStatusOf(versions.status()), versions.status().message());
  }
  if (call.who.role == v1::OBSERVER &&
      versions->back().observation().observer_id() != call.who.observer_id) {
    return call.Fail(403, "an observer token reads its own submissions only");
  }
  v1::ObservationVersionList list;
  for (auto& v : *versions) *list.add_versions() = std::move(v);
  call.Reply(200, list);
}

void Api::Me(Call& call) {
  v1::Me me;
  me.set_role(call.who.role);
  me.set_token_id(call.who.token_id);
  if (call.who.role == v1::OBSERVER) {
    me.set_observer_id(call.who.observer_id);
    auto view = register_cache_->Get();
    if (auto it = view->observers.find(call.who.observer_id); it != view->observers.end()) {
      me.set_observer_name(it->second.name());
    }
  }
  call.Reply(200, me);
}

// The effective config of a program: what the capture form asks and checks.
void Api::ProgramConfig(Call& call) {
  auto view = register_cache_->Get();
  auto it = view->programs.find(call.params[0]);
  // Another process may have imported it; reloads at most once a second, as for submissions.
  if (it == view->programs.end() && register_cache_->OlderThan(std::chrono::seconds(1))) {
    auto reader = readers_->Acquire();
    if (reader.ok() && register_cache_->Reload(**reader).ok()) {
      view = register_cache_->Get();
      it = view->programs.find(call.params[0]);
    }
  }
  if (it == view->programs.end()) return call.Fail(404, "no program '" + call.params[0] + "'");
  call.Reply(200, it->second.config);
}

// The web apps' files. No caching without asking: every use revalidates with the
// ETag (a 304 costs one round trip), so a new collector's app is seen at once; the
// service worker keeps the app usable offline.
void Api::WebApp(Call& call) {
  std::string_view target(call.request.target().data(), call.request.target().size());
  const WebAsset* asset = FindWebAsset(target.substr(0, target.find('?')));
  assert(asset != nullptr);  // Handle routes here only for known assets
  const bool fresh = Sv(call.request[http::field::if_none_match]) == asset->etag;
  HttpResponse res{fresh ? http::status::not_modified : http::status::ok, call.request.version()};
  res.set(http::field::content_type, Bv(asset->content_type));
  res.set(http::field::etag, Bv(asset->etag));
  res.set(http::field::cache_control, "no-cache");
  res.set("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; "
          "base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.keep_alive(call.request.keep_alive());
  if (!fresh) res.body() = std::string(asset->body);
  res.prepare_payload();
  call.respond(std::move(res));
}

void Api::GetRegister(Call& call, const std::function<void(const v1::Register&, Call&)>& reply) {
  auto reader = readers_->Acquire();
  if (!reader.ok()) return call.Fail(503, "storage unavailable");
  auto reg = (*reader)->ExportRegister();
  if (!reg.ok()) return call.Fail(HttpStatusOf(reg.status()), reg.status().message());
  reply(*reg, call);
}

void Api::GetIndustries(Call& call) {
  GetRegister(call, [](const v1::Register& reg, Call& c) {
    v1::IndustryList list;
    *list.mutable_industries() = reg.industries();
    c.Reply(200, list);
  });
}

void Api::GetCompanies(Call& call) {
  GetRegister(call, [](const v1::Register& reg, Call& c) {
    v1::CompanyList list;
    *list.mutable_companies() = reg.companies();
    c.Reply(200, list);
  });
}

void Api::GetObservers(Call& call) {
  GetRegister(call, [](const v1::Register& reg, Call& c) {
    v1::ObserverList list;
    *list.mutable_observers() = reg.observers();
    c.Reply(200, list);
  });
}

void Api::GetPrograms(Call& call) {
  GetRegister(call, [](const v1::Register& reg, Call& c) {
    v1::ProgramList list;
    *list.mutable_programs() = reg.programs();
    c.Reply(200, list);
  });
}

// The live award report: one consistent snapshot, scored off the io threads. JSON or
// protobuf by default; ?format=html the published page, ?format=csv&table=NAME one
// of the award's CSV tables (companies by default), both as downloads.
void Api::Report(Call& call) {
  const std::string format = QueryParam(call.query, "format").value_or("");
  const std::string table = QueryParam(call.query, "table").value_or("companies");
  if (format != "" && format != "html" && format != "csv") {
    return call.Fail(400, "bad query", {{"format", "must be html or csv (or absent)"}});
  }
  if ((format == "html" && !renderers_.html) || (format == "csv" && !renderers_.csv)) {
    return call.Fail(406, "this collector cannot render the report as " + format);
  }
  auto shared = std::make_shared<Call>(std::move(call));
  ReaderPool* readers = readers_;
  const ReportRenderers* renderers = &renderers_;
  asio::post(reports_, [shared, readers, renderers, format, table] {
    Result<v1::AwardReport> report = Status::Unavailable("storage unavailable");
    if (auto reader = readers->Acquire(); reader.ok())
      report = ScoreProgram(**reader, shared->params[0]);
    // Rendering a large report takes a while too: here, not on the io thread.
    std::string body;
    std::string_view type = "text/html; charset=utf-8";
    std::string file = shared->params[0] + ".html";
    bool found = true;
    if (report.ok() && format == "html") body = renderers->html(*report);
    if (report.ok() && format == "csv") {
      found = false;
      type = "text/csv; charset=utf-8";
      for (auto& [name, text] : renderers->csv(*report)) {
        if (name != table + ".csv") continue;
        body = std::move(text);
        file = shared->params[0] + "-" + name;
        found = true;
      }
    }
    asio::post(shared->executor, [shared, format, table, found, type, file, body = std::move(body),
                                  report = std::move(report)]() mutable {
      if (!report.ok()) {
        return shared->Fail(HttpStatusOf(report.status()), report.status().message(),
                            report.status().field_errors());
      }
      if (format.empty()) return shared->Reply(200, *report);
      if (!found) return shared->Fail(404, "bad query", {{"table", "no CSV table " + table}});
      HttpResponse res{http::status::ok, shared->request.version()};
      res.set(http::field::content_type, Bv(type));
      res.set(http::field::content_disposition, "attachment; filename=\"" + file + "\"");
      res.keep_alive(shared->request.keep_alive());
      res.body() = std::move(body);
      res.prepare_payload();
      shared->respond(std::move(res));
    });
  });
}

// Fieldwork progress from one snapshot, off the io threads like the report.
void Api::Progress(Call& call) {
  auto shared = std::make_shared<Call>(std::move(call));
  ReaderPool* readers = readers_;
  const std::string observer = QueryParam(shared->query, "observer").value_or("");
  asio::post(reports_, [shared, readers, observer] {
    Result<v1::ProgramProgress> progress = Status::Unavailable("storage unavailable");
    if (auto reader = readers->Acquire(); reader.ok())
      progress = ProgramProgress(**reader, shared->params[0], observer, NowNs());
    asio::post(shared->executor, [shared, progress = std::move(progress)] {
      if (!progress.ok()) {
        return shared->Fail(HttpStatusOf(progress.status()), progress.status().message(),
                            progress.status().field_errors());
      }
      shared->Reply(200, *progress);
    });
  });
}

// Deals the missing contacts from one snapshot (off the io threads), then stores the
// deal on the writer thread; the answer is the deal with company names.
void Api::Assign(Call& call) {
  v1::AssignRequest req;
  if (Status s = Decode(call.request.body(), call.in, &req); !s.ok()) {
    return call.Fail(400, s.message(), s.field_errors());
  }
  auto shared = std::make_shared<Call>(std::move(call));
  ReaderPool* readers = readers_;
  Writer* writer = writer_;
  asio::post(reports_, [shared, readers, writer, seed = req.seed()] {
    Result<v1::AssignmentList> deal = Status::Unavailable("storage unavailable");
    if (auto reader = readers->Acquire(); reader.ok())
      deal = DealAssignments(**reader, shared->params[0], seed, NowNs());
    if (!deal.ok()) {
      return asio::post(shared->executor, [shared, s = deal.status()] {
        shared->Fail(HttpStatusOf(s), s.message(), s.field_errors());
      });
    }
    bool queued = writer->Run([shared, deal = std::move(*deal)](storage::Store& store) {
      Status s = store.SaveAssignments(deal, shared->who.actor());
      asio::post(shared->executor, [shared, s, deal = std::move(deal)] {
        if (!s.ok()) return shared->Fail(HttpStatusOf(s), s.message(), s.field_errors());
        shared->Reply(200, deal);
      });
    });
    if (!queued) {
      asio::post(shared->executor, [shared] { shared->Fail(503, "shutting down"); });
    }
  });
}

// The stored deal with what is done. Observers see their own assignments only.
void Api::GetAssignments(Call& call) {
  std::string observer = QueryParam(call.query, "observer").value_or("");
  if (call.who.role == v1::OBSERVER) {
    if (!observer.empty() && observer != call.who.observer_id) {
      return call.Fail(403, "an observer token reads its own assignments only",
                       {{"observer", "must be " + call.who.observer_id + " or left out"}});
    }
    observer = call.who.observer_id;
  }
  auto shared = std::make_shared<Call>(std::move(call));
  ReaderPool* readers = readers_;
  asio::post(reports_, [shared, readers, observer] {
    Result<v1::AssignmentList> list = Status::Unavailable("storage unavailable");
    if (auto reader = readers->Acquire(); reader.ok())
      list = ReadAssignments(**reader, shared->params[0], observer);
    asio::post(shared->executor, [shared, list = std::move(list)] {
      if (!list.ok()) {
        return shared->Fail(HttpStatusOf(list.status()), list.status().message(),
                            list.status().field_errors());
      }
      shared->Reply(200, *list);
    });
  });
}

// Imports on the writer thread (it owns the write connection), refreshes the
// validation cache from the same connection, and answers with the request's list.
void Api::PutRegister(Call& call, google::protobuf::Message* list, v1::Register reg) {
  auto shared = std::make_shared<Call>(std::move(call));
  auto body = std::shared_ptr<google::protobuf::Message>(list->New());
  body->CopyFrom(*list);
  RegisterCache* cache = register_cache_;
  bool queued = writer_->Run([shared, body, cache, reg = std::move(reg)](storage::Store& store) {
    Status s = store.ImportRegister(reg, shared->who.actor());
    if (s.ok()) s = cache->Reload(store);
    asio::post(shared->executor, [shared, body, s = std::move(s)] {
      if (!s.ok()) return shared->Fail(HttpStatusOf(s), s.message(), s.field_errors());
      shared->Reply(200, *body);
    });
  });
  if (!queued) shared->Fail(503, "shutting down");
}

void Api::PutIndustries(Call& call) {
  v1::IndustryList list;
  if (Status s = Decode(call.request.body(), call.in, &list); !s.ok()) {
    return call.Fail(400, s.message(), s.field_errors());
  }
  v1::Register reg;
  *reg.mutable_industries() = list.industries();
  PutRegister(call, &list, std::move(reg));
}

void Api::PutCompanies(Call& call) {
  v1::CompanyList list;
  if (Status s = Decode(call.request.body(), call.in, &list); !s.ok()) {
    return call.Fail(400, s.message(), s.field_errors());
  }
  v1::Register reg;
  *reg.mutable_companies() = list.companies();
  PutRegister(call, &list, std::move(reg));
}

void Api::PutObservers(Call& call) {
  v1::ObserverList list;
  if (Status s = Decode(call.request.body(), call.in, &list); !s.ok()) {
    return call.Fail(400, s.message(), s.field_errors());
  }
  v1::Register reg;
  *reg.mutable_observers() = list.observers();
  PutRegister(call, &list, std::move(reg));
}

void Api::PutPrograms(Call& call) {
  v1::ProgramList list;
  if (Status s = Decode(call.request.body(), call.in, &list); !s.ok()) {
    return call.Fail(400, s.message(), s.field_errors());
  }
  // A program's config must make a valid config over the defaults.
  std::vector<FieldIssue> issues;
  for (int i = 0; i < list.programs_size(); ++i) {
    const v1::Program& p = list.programs(i);
    if (!p.has_config()) continue;
    Status s =
        scoring::ValidateConfig(scoring::ApplyOverrides(scoring::DefaultConfig(), p.config()));
    std::string prefix = "programs[" + std::to_string(i) + "].config";
    for (const FieldIssue& f : s.field_errors())
      issues.push_back({prefix + "." + f.field, f.reason});
    if (!s.ok() && s.field_errors().empty()) issues.push_back({prefix, s.message()});
  }
  if (!issues.empty()) return call.Fail(400, "invalid program config", issues);
  v1::Register reg;
  *reg.mutable_programs() = list.programs();
  PutRegister(call, &list, std::move(reg));
}

void Api::Health(Call& call) { call.Send(200, "ok\n", "text/plain"); }

void Api::MetricsText(Call& call) {
  call.Send(200, metrics_->Render(), "text/plain; version=0.0.4");
}

}  // namespace msc::collector
