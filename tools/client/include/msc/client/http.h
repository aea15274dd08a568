#ifndef MSC_CLIENT_HTTP_H_
#define MSC_CLIENT_HTTP_H_

// One keep-alive HTTP/1.1 connection, used synchronously: Send() writes a request and
// reads its response, reconnecting when the connection is closed. Every step has a
// deadline, so a dead server cannot hang the command line.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "msc/client/url.h"
#include "msc/proto/status.h"

namespace msc::client {

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{5'000};   // resolve and connect
  std::chrono::milliseconds request_timeout{30'000};  // write the request, read the response
};

struct HttpRequest {
  std::string method = "GET";
  std::string target;  // path and query, e.g. "/v1/observations?state=HAS_ISSUES"
  std::string body;
  std::string content_type;  // with a body
  std::string accept = "application/x-protobuf";
  std::string token;  // sent as "Authorization: Bearer <token>" when set
};

struct HttpResponse {
  unsigned status = 0;
  std::string content_type;
  std::string body;
  std::optional<std::chrono::seconds> retry_after;  // from a Retry-After in seconds
};

class HttpConnection {
 public:
  explicit HttpConnection(Url url, HttpOptions options = {});
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Any HTTP status is a response. A failure to connect, send or receive is a
  // kUnavailable Status naming the cause (refused, reset, timed out): the request
  // may or may not have reached the server.
  Result<HttpResponse> Send(const HttpRequest& request);

  const Url& url() const { return url_; }

 private:
  struct Impl;
  Url url_;
  HttpOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace msc::client

#endif  // MSC_CLIENT_HTTP_H_
