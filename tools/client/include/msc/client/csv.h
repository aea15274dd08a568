#ifndef MSC_CLIENT_CSV_H_
#define MSC_CLIENT_CSV_H_

// RFC 4180 records from a stream, as spreadsheets write them: UTF-8 with or without
// a byte order mark, ',' or ';' between fields (Norwegian spreadsheets write ';'),
// quoted fields with embedded separators, quotes ("") and newlines, CRLF or LF.

#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace msc::client {

struct CsvRecord {
  int line = 0;  // the physical line the record starts on, from 1
  std::vector<std::string> fields;
  std::string error;  // set when the record is malformed; `fields` is then partial
};

class CsvReader {
 public:
  // `separator` 0 detects ',' or ';' from the first line (the header).
  explicit CsvReader(std::istream& in, char separator = 0);

  // The next record; false at the end of the input. Blank lines are skipped. A
  // malformed record comes back with `error` set and reading goes on after it,
  // except for an unterminated quote, which runs to the end of the input.
  bool Next(CsvRecord* record);

  char separator() const { return separator_; }

 private:
  int Get();  // the next byte, or EOF
  int Peek();

  std::istream& in_;
  std::string pending_;  // the first line, read ahead to detect the separator
  size_t pending_pos_ = 0;
  char separator_;
  int line_ = 1;
};

// ';' when the line has more semicolons than commas outside quotes, else ','.
char DetectSeparator(std::string_view header_line);

}  // namespace msc::client

#endif  // MSC_CLIENT_CSV_H_
