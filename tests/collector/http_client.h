#ifndef MSC_TESTS_COLLECTOR_HTTP_CLIENT_H_
#define MSC_TESTS_COLLECTOR_HTTP_CLIENT_H_

// A small synchronous HTTP/1.1 client for the tests: one keep-alive connection to
// a collector on the loopback, with a receive time-out so no test can hang.
//
// Only the types are declared here; the bodies (http::read, http::write, the
// parser) are in http_client.cc, compiled once into msc_collector_test_support
// instead of being instantiated again in every test source. A test that calls
// Beast itself includes <boost/beast/http.hpp> or what else it needs.

#include <google/protobuf/message.h>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace msc::testing {

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::chrono::seconds timeout = std::chrono::seconds(10));

  std::string token;                        // sent as a bearer token when set
  std::string accept = "application/json";  // empty: no Accept header

  Response Send(http::verb method, const std::string& target, const std::string& body = {},
                const std::string& content_type = "application/json");
  Response Read();

  Response Get(const std::string& target);
  Response PostJson(const std::string& target, const google::protobuf::Message& m);
  Response PutJson(const std::string& target, const google::protobuf::Message& m);
  Response PostProto(const std::string& target, const google::protobuf::Message& m);

  // Writes raw bytes, for requests a well-behaved client would not make.
  void WriteRaw(const std::string& bytes);

  boost::beast::tcp_stream& stream() { return stream_; }

 private:
  std::unique_ptr<boost::asio::io_context> ioc_;  // on the heap: the client moves
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

// Parses a JSON response body into `m`; false when it does not parse.
bool FromJson(const Response& res, google::protobuf::Message* m);

}  // namespace msc::testing

#endif  // MSC_TESTS_COLLECTOR_HTTP_CLIENT_H_
