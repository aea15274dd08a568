#ifndef MSC_COLLECTOR_CODEC_H_
#define MSC_COLLECTOR_CODEC_H_

// Bodies on the wire: protobuf (application/x-protobuf) or protobuf's JSON mapping
// (application/json). Requests say which in Content-Type; responses follow Accept,
// else the request's Content-Type, else JSON.

#include <google/protobuf/message.h>

#include <optional>
#include <string>
#include <string_view>

#include "msc/proto/status.h"

namespace msc::collector {

enum class Format { kJson, kProtobuf };

// The format a Content-Type names (parameters such as charset ignored), or nullopt.
std::optional<Format> FormatOf(std::string_view content_type);

Format ResponseFormat(std::string_view accept, std::string_view content_type);

std::string_view MediaType(Format format);

// Parses a body. JSON accepts lowerCamelCase and proto field names and rejects
// unknown fields; the error names the field where the parser says which.
Status Decode(std::string_view body, Format format, google::protobuf::Message* out);

std::string Encode(const google::protobuf::Message& message, Format format);

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_CODEC_H_
