#ifndef MSC_CLIENT_API_CLIENT_H_
#define MSC_CLIENT_API_CLIENT_H_

// The collector's HTTP API (ARCHITECTURE.md) from the client side: protobuf bodies
// both ways, the bearer token on every request, and retries of network failures
// and 503 under a RetryPolicy. Retried submissions carry the same ids, so the
// server answers DUPLICATE for those it stored before.

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "msc/client/http.h"
#include "msc/client/retry.h"
#include "msc/proto/status.h"
#include "msc/v1/api.pb.h"
#include "msc/v1/register.pb.h"

namespace msc::client {

struct ClientOptions {
  std::string token;
  RetryPolicy retry;
  HttpOptions http;
  // Told about each retry before its pause, e.g. to print "retrying in 400 ms".
  std::function<void(const Status& why, std::chrono::milliseconds delay)> on_retry;
};

struct ListFilter {
  std::string program_id;
  v1::ReviewState state = v1::REVIEW_STATE_UNSPECIFIED;  // unspecified: any
  std::string observer_id;
  v1::ProtocolFlag flag = v1::PROTOCOL_FLAG_UNSPECIFIED;  // unspecified: any
  std::string page_token;
};

class ApiClient {
 public:
  ApiClient(Url url, ClientOptions options);

  // A rejected observation (400 invalid, 409 conflict) is a SubmitResult with status
  // INVALID or CONFLICT and the server's field errors, not a failed Result: failed
  // Results are for what stops the whole run (auth, network after all retries).
  Result<v1::SubmitResult> Submit(const v1::Observation& observation);
  Result<v1::BatchSubmitResponse> SubmitBatch(const v1::BatchSubmitRequest& batch);

  Result<v1::ListObservationsResponse> List(const ListFilter& filter);
  Result<v1::StoredObservation> Review(std::string_view submission_id, v1::ReviewState state,
                                       std::string_view note);

  // The register as GET /v1/{industries,companies,observers,programs} give it.
  Result<v1::Register> GetRegister();

  const Url& url() const { return connection_.url(); }

 private:
  // Sends with retries; any HTTP status but 503 ends the loop.
  Result<HttpResponse> Exchange(HttpRequest request);
  Result<HttpResponse> Call(std::string method, std::string target,
                            const google::protobuf::Message* body);

  HttpConnection connection_;
  ClientOptions options_;
  std::mt19937 jitter_{std::random_device{}()};
};

// Options for the command line: `token`, the default retry policy, and each retry
// announced on stderr ("msc: connect to 127.0.0.1:8080: Connection refused;
// retrying in 400 ms").
ClientOptions CommandLineOptions(std::string token);

// The msc.v1.Error in a non-2xx response as a Status (code from the HTTP status,
// the server's message and field errors); JSON and protobuf bodies both read.
Status ErrorStatus(const HttpResponse& response);

}  // namespace msc::client

#endif  // MSC_CLIENT_API_CLIENT_H_
