#ifndef MSC_PROTO_STATUS_H_
#define MSC_PROTO_STATUS_H_

// Errors that users cause travel as values: a Status (code, message and the fields
// at fault) or a Result<T> holding either a value or a Status. Programming errors
// assert instead.

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace msc {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // bad input: see field_errors
  kNotFound,
  kConflict,          // same id, other content
  kUnauthenticated,   // no or bad credentials
  kPermissionDenied,  // the caller's role does not allow it
  kUnavailable,       // storage full, locked or shutting down: retry later
  kInternal,
};

struct FieldIssue {
  std::string field;   // path such as "attempts[1].wait"
  std::string reason;  // plain words

  bool operator==(const FieldIssue&) const = default;
};

class Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message, std::vector<FieldIssue> fields = {})
      : code_(code), message_(std::move(message)), fields_(std::move(fields)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string field, std::string reason);
  static Status Invalid(std::vector<FieldIssue> fields);
  static Status NotFound(std::string message) {
    return {StatusCode::kNotFound, std::move(message)};
  }
  static Status Conflict(std::string message) {
    return {StatusCode::kConflict, std::move(message)};
  }
  static Status Unavailable(std::string message) {
    return {StatusCode::kUnavailable, std::move(message)};
  }
  static Status Internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldIssue>& field_errors() const { return fields_; }

  // "message" or "field: reason; field: reason", for logs and the command line.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<FieldIssue> fields_;
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "a Result holds a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace msc

#endif  // MSC_PROTO_STATUS_H_
