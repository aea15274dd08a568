// HTTPS with --tls-cert/--tls-key: the same API over TLS.
#include <catch2/catch.hpp>

#include <boost/asio/ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <cstdlib>

#include "fixture.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// A self-signed certificate made with the openssl tool; false when it is missing.
bool MakeCertificate(const std::string& cert, const std::string& key) {
  std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " + key +
      " -out " + cert + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

}  // namespace

TEST_CASE("the API works over TLS") {
  msc::testing::TempDir dir;
  std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  if (!MakeCertificate(cert, key)) {
    WARN("no openssl tool: TLS test skipped");
    return;
  }
  msc::collector::ServerOptions options;
  options.tls_cert = cert;
  options.tls_key = key;
  msc::testing::Collector c(options);

  asio::io_context ioc;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
  beast::get_lowest_layer(stream).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), c.port()));
  timeval tv{10, 0};
  auto fd = beast::get_lowest_layer(stream).socket().native_handle();
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  stream.handshake(asio::ssl::stream_base::client);

  beast::flat_buffer buffer;
  for (int i = 0; i < 2; ++i) {  // two requests on one kept-alive connection
    http::request<http::string_body> req{http::verb::get, "/v1/industries", 11};
    req.set(http::field::host, "localhost");
    req.set(http::field::authorization, "Bearer " + c.tokens().manager);
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    CHECK(res.result_int() == 200);
    CHECK_THAT(res.body(), Catch::Contains("bank"));
  }

  SECTION("a plain-text client gets nowhere") {
    msc::testing::HttpClient plain(c.port(), std::chrono::seconds(3));
    CHECK_THROWS(plain.Get("/healthz"));
  }
}
