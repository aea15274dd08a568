#ifndef MSC_COLLECTOR_API_H_
#define MSC_COLLECTOR_API_H_

// The HTTP API (ARCHITECTURE.md): a route table and one handler per route. A
// session hands every complete request to Api::Handle together with a Respond
// callback; handlers answer at once (reads, errors) or after the writer committed
// (submissions, reviews, register imports).
//
// To add a route, add a row to the table in api.cc and a handler beside the others.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/http.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "codec.h"
#include "contact_tally.h"
#include "metrics.h"
#include "msc/collector/server.h"
#include "reader_pool.h"
#include "register_cache.h"
#include "writer.h"

namespace msc::collector {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// Answers a request; callable once, from any thread.
using Respond = std::function<void(HttpResponse)>;

// What a session learns about a request at once, for the access log and metrics.
struct RequestInfo {
  size_t route = 0;   // index into Api::RouteNames()
  int64_t actor = 0;  // token id; 0 when none
};

class Api {
 public:
  struct Limits {
    size_t max_body = 1 << 20;
    size_t max_batch_body = 8 << 20;
  };

  // `tally` is the writer's judge (null: corrections get no count flags); it is used
  // on the writer thread only.
  Api(Writer* writer, ContactTally* tally, ReaderPool* readers, RegisterCache* register_cache,
      Metrics* metrics, Limits limits, ReportRenderers renderers = {});

  // Route names for metrics; the last is "other" (no route matched).
  static std::vector<std::string> RouteNames();

  // The largest body the request's target may carry.
  size_t BodyLimit(std::string_view target) const;

  // `executor` is the session's strand: completions from the writer go back there.
  void Handle(HttpRequest&& request, const boost::asio::any_io_executor& executor,
              RequestInfo* info, Respond respond);

  // A JSON or protobuf msc.v1.Error response, for the session's own errors too.
  static HttpResponse Error(unsigned status, std::string message, Format format, unsigned version,
                            bool keep_alive, const std::vector<FieldIssue>& fields = {});

  struct Call;

 private:
  void Submit(Call& call);
  void SubmitBatch(Call& call);
  void List(Call& call);
  void Get(Call& call);
  void Review(Call& call);
  void Correct(Call& call);
  void Versions(Call& call);
  void Me(Call& call);
  void ProgramConfig(Call& call);
  void Progress(Call& call);
  void Assign(Call& call);
  void GetAssignments(Call& call);
  void WebApp(Call& call);
  void GetIndustries(Call& call);
  void GetCompanies(Call& call);
  void GetObservers(Call& call);
  void GetPrograms(Call& call);
  void Report(Call& call);
  void PutIndustries(Call& call);
  void PutCompanies(Call& call);
  void PutObservers(Call& call);
  void PutPrograms(Call& call);
  void Health(Call& call);
  void MetricsText(Call& call);

  // Shared by the register routes: `pick` copies one list out of a register.
  void GetRegister(Call& call, const std::function<void(const v1::Register&, Call&)>& reply);
  void PutRegister(Call& call, google::protobuf::Message* list, v1::Register reg);

  // Validation, reloading a stale register cache once when an id is unknown.
  std::vector<FieldIssue> Check(const v1::Observation& obs);
  // The digest of the program's effective config, stamped on what is stored.
  std::string ConfigDigestFor(const std::string& program_id) const;
  // The protocol rules a valid contact breaks on its own (scoring/protocol.h).
  std::vector<v1::ProtocolFlag> FlagsFor(const v1::Observation& obs) const;

  Writer* writer_;
  ContactTally* tally_;
  ReaderPool* readers_;
  RegisterCache* register_cache_;
  Metrics* metrics_;
  Limits limits_;
  ReportRenderers renderers_;
  // Scoring a large program takes a while: it runs here, never on an io thread.
  boost::asio::thread_pool reports_{1};

  friend struct RouteTable;
};

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_API_H_
