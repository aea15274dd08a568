#include "http_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <google/protobuf/util/json_util.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace msc::testing {

HttpClient::HttpClient(uint16_t port, std::chrono::seconds timeout)
    : ioc_(std::make_unique<boost::asio::io_context>()), stream_(*ioc_) {
  stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  // Synchronous beast calls ignore tcp_stream deadlines; use socket options instead.
  timeval tv{static_cast<time_t>(timeout.count()), 0};
  setsockopt(stream_.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(stream_.socket().native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

Response HttpClient::Send(http::verb method, const std::string& target, const std::string& body,
                          const std::string& content_type) {
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

Response HttpClient::Read() {
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(stream_, buffer_, parser);
  return parser.release();
}

Response HttpClient::Get(const std::string& target) { return Send(http::verb::get, target); }

Response HttpClient::PostJson(const std::string& target, const google::protobuf::Message& m) {
  std::string json;
  google::protobuf::util::MessageToJsonString(m, &json);
  return Send(http::verb::post, target, json);
}

Response HttpClient::PutJson(const std::string& target, const google::protobuf::Message& m) {
  std::string json;
  google::protobuf::util::MessageToJsonString(m, &json);
  return Send(http::verb::put, target, json);
}

Response HttpClient::PostProto(const std::string& target, const google::protobuf::Message& m) {
  return Send(http::verb::post, target, m.SerializeAsString(), "application/x-protobuf");
}

void HttpClient::WriteRaw(const std::string& bytes) {
  boost::asio::write(stream_.socket(), boost::asio::buffer(bytes));
}

bool FromJson(const Response& res, google::protobuf::Message* m) {
  google::protobuf::util::JsonParseOptions options;
  return google::protobuf::util::JsonStringToMessage(res.body(), m, options).ok();
}

}  // namespace msc::testing
