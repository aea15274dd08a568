#include "msc/client/csv.h"

namespace msc::client {

char DetectSeparator(std::string_view line) {
  int commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    commas += c == ',';
    semicolons += c == ';';
  }
  return semicolons > commas ? ';' : ',';
}

CsvReader::CsvReader(std::istream& in, char separator) : in_(in), separator_(separator) {
  std::getline(in_, pending_);
  if (!in_.eof()) pending_ += '\n';
  if (pending_.rfind("\xEF\xBB\xBF", 0) == 0) pending_.erase(0, 3);
  if (separator_ == 0) separator_ = DetectSeparator(pending_);
}

int CsvReader::Get() {
  if (pending_pos_ < pending_.size()) {
    return static_cast<unsigned char>(pending_[pending_pos_++]);
  }
  return in_.get();
}

int CsvReader::Peek() {
  if (pending_pos_ < pending_.size()) return static_cast<unsigned char>(pending_[pending_pos_]);
  return in_.peek();
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->error.clear();
  // Blank lines between records carry nothing.
  while (Peek() == '\n' || Peek() == '\r') {
    if (Get() == '\n') ++line_;
  }
  if (Peek() == EOF) return false;
  record->line = line_;

  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted and its quote closed
  for (;;) {
    int c = Get();
    if (quoted) {
      if (c == EOF) {
        record->error = "a quoted field is not closed before the end of the file";
        record->fields.push_back(std::move(field));
        return true;
      }
      if (c == '"') {
        if (Peek() == '"') {
          Get();
          field += '"';
        } else {
          quoted = false;
          was_quoted = true;
        }
        continue;
      }
      if (c == '\n') ++line_;
      field += static_cast<char>(c);
      continue;
    }
    if (c == separator_ || c == '\n' || c == EOF ||
        (c == '\r' && (Peek() == '\n' || Peek() == EOF))) {
      record->fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      if (c == separator_) continue;
      if (c == '\r') Get();
      if (c != EOF) ++line_;
      return true;
    }
    if (c == '"' && field.empty() && !was_quoted) {
      quoted = true;
      continue;
    }
    if (was_quoted && record->error.empty()) {
      record->error = "text after the closing quote of field " +
                      std::to_string(record->fields.size() + 1) +
                      " (a quote inside a quoted field is written \"\")";
    }
    field += static_cast<char>(c);
  }
}

}  // namespace msc::client
