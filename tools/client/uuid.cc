#include "msc/client/uuid.h"

#include "msc/proto/serialize.h"

#include <google/protobuf/util/time_util.h>
#include <openssl/evp.h>

#include <array>

namespace msc::client {
namespace {

// The msc namespace for content-derived ids (itself a random UUID, fixed forever: changing
// it would change every derived id and duplicate re-imported rows).
constexpr std::array<unsigned char, 16> kNamespace = {
    0x6f, 0x1c, 0x2b, 0x7e, 0x94, 0x3d, 0x4a, 0x55, 0x8e, 0x21, 0x0b, 0xc4, 0x5a, 0x97, 0x63, 0xd8};

void Format(const unsigned char* bytes, char* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  int o = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = kHex[bytes[i] >> 4];
    out[o++] = kHex[bytes[i] & 15];
  }
}

}  // namespace

void FormatRandomUuid(uint64_t hi, uint64_t lo, char* out) {
  unsigned char bytes[16];
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(hi >> (56 - 8 * i));
    bytes[8 + i] = static_cast<unsigned char>(lo >> (56 - 8 * i));
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
  Format(bytes, out);
}

std::string RandomUuid(std::mt19937_64& rng) {
  std::string id(36, '\0');
  uint64_t hi = rng();
  FormatRandomUuid(hi, rng(), id.data());
  return id;
}

void FormatTimeOrderedUuid(int64_t unix_ms, uint64_t hi, uint64_t lo, char* out) {
  unsigned char bytes[16];
  const uint64_t ms = static_cast<uint64_t>(unix_ms) & 0xFFFF'FFFF'FFFFu;  // 48 bits
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  bytes[6] = static_cast<unsigned char>(0x70 | ((hi >> 8) & 0x0f));  // version 7
  bytes[7] = static_cast<unsigned char>(hi);
  for (int i = 0; i < 8; ++i) bytes[8 + i] = static_cast<unsigned char>(lo >> (56 - 8 * i));
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 9562 variant
  Format(bytes, out);
}

std::string ContentUuid(std::string_view content, int64_t unix_ms) {
  std::string input(kNamespace.begin(), kNamespace.end());
  input.append(content);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha256(), nullptr);
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) {
    hi = hi << 8 | digest[i];
    lo = lo << 8 | digest[8 + i];
  }
  std::string id(36, '\0');
  FormatTimeOrderedUuid(unix_ms, hi, lo, id.data());
  return id;
}

std::string ContactUuid(const v1::Observation& o) {
  const int64_t ms =
      o.attempts_size() > 0
          ? google::protobuf::util::TimeUtil::TimestampToMilliseconds(o.attempts(0).started_at())
          : 0;
  return ContentUuid(SerializeDeterministic(o), ms);
}

}  // namespace msc::client
