#ifndef MSC_COLLECTOR_WEB_ASSETS_H_
#define MSC_COLLECTOR_WEB_ASSETS_H_

// The web apps' files (collector/web/), compiled into the binary by
// embed_web.cmake: served from memory, never from the file system.

#include <string_view>

namespace msc::collector {

struct WebAsset {
  std::string_view path;          // "/index.html", "/js/app.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view etag;          // quoted, e.g. "\"3fa1...\"": a digest of the bytes
  std::string_view body;
};

// The asset served at `path` ("/" is "/index.html"), or nullptr.
const WebAsset* FindWebAsset(std::string_view path);

// A digest of every asset: changes whenever any file does.
std::string_view WebBuildId();

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_WEB_ASSETS_H_
