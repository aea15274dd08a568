#ifndef MSC_TESTS_COLLECTOR_HTTP_CLIENT_H_
#define MSC_TESTS_COLLECTOR_HTTP_CLIENT_H_

// A small synchronous HTTP/1.1 client for the tests: one keep-alive connection to
// a collector on the loopback, with a receive time-out so no test can hang.

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace msc::testing {

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::chrono::seconds timeout = std::chrono::seconds(10))
      : ioc_(std::make_unique<boost::asio::io_context>()), stream_(*ioc_) {
    stream_.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    // Synchronous beast calls ignore tcp_stream deadlines; use socket options instead.
    timeval tv{static_cast<time_t>(timeout.count()), 0};
    setsockopt(stream_.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(stream_.socket().native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }

  std::string token;                        // sent as a bearer token when set
  std::string accept = "application/json";  // empty: no Accept header

  Response Send(http::verb method, const std::string& target, const std::string& body = {},
                const std::string& content_type = "application/json") {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (!accept.empty()) req.set(http::field::accept, accept);
    if (!body.empty() || method == http::verb::post || method == http::verb::put) {
      req.set(http::field::content_type, content_type);
      req.body() = body;
      req.prepare_payload();
    }
    http::write(stream_, req);
    return Read();
  }

  Response Read() {
    Response res;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    http::read(stream_, buffer_, parser);
    return parser.release();
  }

  Response Get(const std::string& target) { return Send(http::verb::get, target); }

  Response PostJson(const std::string& target, const google::protobuf::Message& m) {
    std::string json;
    google::protobuf::util::MessageToJsonString(m, &json);
    return Send(http::verb::post, target, json);
  }

  Response PutJson(const std::string& target, const google::protobuf::Message& m) {
    std::string json;
    google::protobuf::util::MessageToJsonString(m, &json);
    return Send(http::verb::put, target, json);
  }

  Response PostProto(const std::string& target, const google::protobuf::Message& m) {
    return Send(http::verb::post, target, m.SerializeAsString(), "application/x-protobuf");
  }

  // Writes raw bytes, for requests a well-behaved client would not make.
  void WriteRaw(const std::string& bytes) {
    boost::asio::write(stream_.socket(), boost::asio::buffer(bytes));
  }

  boost::beast::tcp_stream& stream() { return stream_; }

 private:
  std::unique_ptr<boost::asio::io_context> ioc_;  // on the heap: the client moves
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

// Parses a JSON response body into `m`; false when it does not parse.
inline bool FromJson(const Response& res, google::protobuf::Message* m) {
  google::protobuf::util::JsonParseOptions options;
  return google::protobuf::util::JsonStringToMessage(res.body(), m, options).ok();
}

}  // namespace msc::testing

#endif  // MSC_TESTS_COLLECTOR_HTTP_CLIENT_H_
