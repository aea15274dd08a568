#include "codec.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>

namespace msc::collector {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The JSON parser reports "(attempts[0]) waitt: Cannot find field." or
// "(channel): invalid value ..."; turn that into a field path and a reason.
FieldIssue JsonIssue(std::string_view message) {
  std::string_view path;
  std::string_view rest = message;
  if (rest.starts_with("(")) {
    size_t close = rest.find(')');
    if (close != std::string_view::npos) {
      path = rest.substr(1, close - 1);
      rest = Trim(rest.substr(close + 1));
    }
  }
  constexpr std::string_view kUnknown = ": Cannot find field.";
  if (rest.ends_with(kUnknown)) {
    std::string_view name = rest.substr(0, rest.size() - kUnknown.size());
    std::string field =
        path.empty() ? std::string(name) : std::string(path) + "." + std::string(name);
    return {field, "unknown field " + std::string(name)};
  }
  if (!path.empty() && rest.starts_with(":")) {
    return {std::string(path), std::string(Trim(rest.substr(1)))};
  }
  return {"", std::string(message)};
}

}  // namespace

std::optional<Format> FormatOf(std::string_view content_type) {
  std::string_view type = Trim(content_type.substr(0, content_type.find(';')));
  if (IEquals(type, "application/json")) return Format::kJson;
  if (IEquals(type, "application/x-protobuf") || IEquals(type, "application/protobuf") ||
      IEquals(type, "application/vnd.google.protobuf")) {
    return Format::kProtobuf;
  }
  return std::nullopt;
}

Format ResponseFormat(std::string_view accept, std::string_view content_type) {
  // The first media type in Accept that we serve wins; "*/*" and others fall through.
  while (!accept.empty()) {
    size_t comma = accept.find(',');
    if (auto f = FormatOf(accept.substr(0, comma))) return *f;
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  return FormatOf(content_type).value_or(Format::kJson);
}

std::string_view MediaType(Format format) {
  return format == Format::kJson ? "application/json" : "application/x-protobuf";
}

Status Decode(std::string_view body, Format format, google::protobuf::Message* out) {
  if (format == Format::kProtobuf) {
    if (!out->ParseFromArray(body.data(), static_cast<int>(body.size()))) {
      return Status(StatusCode::kInvalidArgument,
                    "malformed protobuf: the body is not a valid " + out->GetTypeName());
    }
    return Status::Ok();
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), out, options);
  if (status.ok()) return Status::Ok();
  std::string message(status.message());
  FieldIssue issue = JsonIssue(message);
  if (issue.field.empty()) {
    return Status(StatusCode::kInvalidArgument, "malformed JSON: " + message);
  }
  return Status(StatusCode::kInvalidArgument, "malformed JSON: " + message, {std::move(issue)});
}

std::string Encode(const google::protobuf::Message& message, Format format) {
  std::string out;
  if (format == Format::kProtobuf) {
    message.SerializeToString(&out);
    return out;
  }
  google::protobuf::util::JsonPrintOptions options;
  [[maybe_unused]] auto status =
      google::protobuf::util::MessageToJsonString(message, &out, options);
  assert(status.ok() && "our own messages always print");
  return out;
}

}  // namespace msc::collector
