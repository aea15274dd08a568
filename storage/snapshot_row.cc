// Reads the few fields scoring needs straight from an Observation's wire bytes. The
// cursor below is written out by hand: protobuf's CodedInputStream, whose limit
// bookkeeping is out of line, cost as much per row as SQLite handing out the same
// values as sixteen columns, and a full parse into a message costs more still.
#include "snapshot_row.h"

#include <cstdint>
#include <type_traits>

namespace msc::storage {
namespace {

enum WireType : uint32_t {
  kVarint = 0,
  kFixed64 = 1,
  kDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

constexpr uint32_t Tag(uint32_t field, WireType type) { return field << 3 | type; }

// Protobuf's parser refuses groups nested deeper than this, so stored bytes hold none.
constexpr int kMaxGroupDepth = 100;

// A cursor over wire-format bytes; every read fails rather than run past the end.
class WireReader {
 public:
  explicit WireReader(std::string_view bytes)
      : at_(bytes.data()), begin_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool done() const { return at_ == end_; }
  size_t offset() const { return static_cast<size_t>(at_ - begin_); }

  bool Varint(uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64 && at_ < end_; shift += 7) {
      const auto byte = static_cast<uint8_t>(*at_++);
      result |= uint64_t{byte & 0x7Fu} << shift;
      if (byte < 0x80) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  // A field's tag; field number 0 and numbers beyond 32 bits are not tags.
  bool Tag(uint32_t* tag) {
    uint64_t value = 0;
    if (!Varint(&value) || value >> 3 == 0 || value > UINT32_MAX) return false;
    *tag = static_cast<uint32_t>(value);
    return true;
  }

  template <class Number>
  bool Int(Number* out) {
    uint64_t value = 0;
    if (!Varint(&value)) return false;
    if constexpr (std::is_enum_v<Number>) {
      *out = static_cast<Number>(static_cast<int32_t>(value));  // enums are int32 on the wire
    } else {
      *out = static_cast<Number>(value);  // int32 fields carry negatives sign-extended
    }
    return true;
  }

  // A length-delimited field's bytes, viewed where they lie.
  bool Bytes(std::string_view* out) {
    uint64_t size = 0;
    if (!Varint(&size) || size > static_cast<uint64_t>(end_ - at_)) return false;
    *out = std::string_view(at_, size);
    at_ += size;
    return true;
  }

  bool Skip(uint32_t tag, int depth = 0) {
    uint64_t ignored = 0;
    std::string_view bytes;
    switch (tag & 7) {
      case kVarint:
        return Varint(&ignored);
      case kFixed64:
        return Advance(8);
      case kDelimited:
        return Bytes(&bytes);
      case kFixed32:
        return Advance(4);
      case kStartGroup:
        return SkipGroup(tag >> 3, depth + 1);
      default:
        return false;  // an end of group without its start
    }
  }

 private:
  bool Advance(size_t n) {
    if (static_cast<size_t>(end_ - at_) < n) return false;
    at_ += n;
    return true;
  }

  bool SkipGroup(uint32_t field, int depth) {
    if (depth > kMaxGroupDepth) return false;
    uint32_t tag = 0;
    while (Tag(&tag)) {
      if (tag == (field << 3 | kEndGroup)) return true;
      if (!Skip(tag, depth)) return false;
    }
    return false;
  }

  const char* at_;
  const char* begin_;
  const char* end_;
};

// Reads a message's fields with read_field(reader, tag, &known); fields it does not
// know are skipped.
template <class ReadField>
bool ReadFields(std::string_view bytes, ReadField read_field) {
  WireReader in(bytes);
  uint32_t tag = 0;
  while (!in.done()) {
    bool known = false;
    if (!in.Tag(&tag) || !read_field(in, tag, &known)) return false;
    if (!known && !in.Skip(tag)) return false;
  }
  return true;
}

// A nested message's fields, as ReadFields.
template <class ReadField>
bool ReadMessage(WireReader& in, ReadField read_field) {
  std::string_view bytes;
  return in.Bytes(&bytes) && ReadFields(bytes, read_field);
}

// A google.protobuf.Timestamp or Duration in nanoseconds, as the columns hold it.
bool ReadNanos(WireReader& in, int64_t* nanos) {
  int64_t seconds = 0;
  int32_t fraction = 0;
  const bool ok = ReadMessage(in, [&](WireReader& m, uint32_t tag, bool* known) {
    *known = true;
    if (tag == Tag(1, kVarint)) return m.Int(&seconds);
    if (tag == Tag(2, kVarint)) return m.Int(&fraction);
    *known = false;
    return true;
  });
  *nanos = seconds * 1'000'000'000 + fraction;
  return ok;
}

bool ReadAttempt(WireReader& in, int64_t* started_at_ns, int64_t* wait_ns, bool* answered) {
  return ReadMessage(in, [&](WireReader& m, uint32_t tag, bool* known) {
    *known = true;
    if (tag == Tag(1, kDelimited)) return ReadNanos(m, started_at_ns);
    if (tag == Tag(2, kDelimited)) return ReadNanos(m, wait_ns);
    if (tag == Tag(3, kVarint)) return m.Int(answered);
    *known = false;
    return true;
  });
}

}  // namespace

bool DecodeStoredFields(std::string_view raw, SnapshotRow& row) {
  size_t ratings_from = std::string_view::npos, ratings_to = 0;
  const bool ok = ReadFields(raw, [&](WireReader& in, uint32_t tag, bool* known) {
    *known = true;
    switch (tag) {
      case Tag(1, kDelimited):
        return in.Bytes(&row.submission_id);
      case Tag(3, kDelimited):
        return in.Bytes(&row.company_id);
      case Tag(4, kDelimited):
        return in.Bytes(&row.observer_id);
      case Tag(5, kVarint):
        return in.Int(&row.channel);
      case Tag(6, kDelimited):
        return in.Bytes(&row.scenario);
      case Tag(7, kDelimited): {
        const int k = row.attempt_count++;
        if (k < 2) return ReadAttempt(in, &row.started_at_ns[k], &row.wait_ns[k], &row.answered[k]);
        *known = false;
        return true;
      }
      case Tag(8, kDelimited): {  // one map entry; all of them lie together, in key order
        // The entry's tag is one byte: it starts just before the cursor.
        if (ratings_from == std::string_view::npos) ratings_from = in.offset() - 1;
        const bool skipped = in.Skip(tag);
        ratings_to = in.offset();
        return skipped;
      }
      case Tag(9, kVarint):
        return in.Int(&row.upsell);
      case Tag(10, kVarint):
        return in.Int(&row.redirected);
      default:
        *known = false;
        return true;
    }
  });
  if (ratings_from != std::string_view::npos) {
    row.ratings = raw.substr(ratings_from, ratings_to - ratings_from);
  }
  return ok;
}

bool TakeRating(std::string_view& entries, std::string_view* criterion_id, int32_t* value) {
  WireReader in(entries);
  uint32_t tag = 0;
  bool ok = true;
  bool rating = false;
  while (ok && !rating && !in.done()) {
    ok = in.Tag(&tag);
    if (ok && tag == Tag(8, kDelimited)) {
      rating = true;
      *criterion_id = {};
      *value = 0;
      ok = ReadMessage(in, [&](WireReader& m, uint32_t field, bool* known) {
        *known = true;
        if (field == Tag(1, kDelimited)) return m.Bytes(criterion_id);
        if (field == Tag(2, kVarint)) return m.Int(value);
        *known = false;
        return true;
      });
    } else if (ok) {
      ok = in.Skip(tag);  // another field between the entries
    }
  }
  entries = ok ? entries.substr(in.offset()) : std::string_view();
  return ok && rating;
}

}  // namespace msc::storage
