// The web apps as the collector serves them (collector/web_assets.h, Api::WebApp).
#include <catch2/catch.hpp>

#include "fixture.h"
#include "web_assets.h"

namespace {

using msc::testing::Collector;
using msc::testing::Response;

Response GetWith(Collector& c, const std::string& target, const std::string& extra_headers) {
  auto client = c.Client();
  client.WriteRaw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n");
  return client.Read();
}

}  // namespace

TEST_CASE("GET / serves the app's page with a strict content security policy") {
  Collector c;
  auto res = c.Client().Get("/");
  REQUIRE(res.result_int() == 200);
  CHECK(res[boost::beast::http::field::content_type] == "text/html; charset=utf-8");
  std::string csp(res["Content-Security-Policy"]);
  CHECK_THAT(csp, Catch::Contains("script-src 'self'") && Catch::Contains("default-src 'self'") &&
                      Catch::Contains("object-src 'none'"));
  CHECK_THAT(csp, !Catch::Contains("unsafe-inline") && !Catch::Contains("unsafe-eval"));
  CHECK(res["X-Content-Type-Options"] == "nosniff");
  CHECK(res[boost::beast::http::field::cache_control] == "no-cache");
  CHECK_THAT(res.body(), Catch::Contains("<html") && Catch::Contains("manifest.webmanifest"));
  CHECK(res.body() == msc::collector::FindWebAsset("/index.html")->body);
}

TEST_CASE("a known ETag gets 304 with no body; another gets the file") {
  Collector c;
  auto first = c.Client().Get("/js/app.js");
  REQUIRE(first.result_int() == 200);
  CHECK(first[boost::beast::http::field::content_type] == "text/javascript; charset=utf-8");
  std::string etag(first[boost::beast::http::field::etag]);
  REQUIRE(etag.size() > 2);
  auto again = GetWith(c, "/js/app.js", "If-None-Match: " + etag + "\r\n");
  CHECK(again.result_int() == 304);
  CHECK(again.body().empty());
  auto stale = GetWith(c, "/js/app.js", "If-None-Match: \"old\"\r\n");
  CHECK(stale.result_int() == 200);
  CHECK(stale.body() == first.body());
}

TEST_CASE("the manifest and the service worker are served with their media types") {
  Collector c;
  auto manifest = c.Client().Get("/manifest.webmanifest");
  REQUIRE(manifest.result_int() == 200);
  CHECK(manifest[boost::beast::http::field::content_type] == "application/manifest+json");
  CHECK_THAT(manifest.body(), Catch::Contains("\"start_url\""));
  auto sw = c.Client().Get("/sw.js");
  REQUIRE(sw.result_int() == 200);
  // The build wrote every asset's path and a digest of them all into the worker.
  CHECK_THAT(sw.body(), !Catch::Contains("__MSC_ASSETS__") && !Catch::Contains("__MSC_BUILD__"));
  CHECK_THAT(sw.body(), Catch::Contains("\"/index.html\"") && Catch::Contains("\"/js/app.js\"") &&
                            Catch::Contains(std::string(msc::collector::WebBuildId())));
}

TEST_CASE("paths that are not assets are 404, and the API is not shadowed") {
  Collector c;
  CHECK(c.Client().Get("/nothing-here.js").result_int() == 404);
  CHECK(c.Client().Get("/../CMakeLists.txt").result_int() == 404);
  CHECK(c.Client().Get("/v1/me").result_int() == 401);
  CHECK(c.Client().Send(boost::beast::http::verb::post, "/", "x").result_int() == 405);
}
