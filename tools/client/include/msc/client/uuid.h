#ifndef MSC_CLIENT_UUID_H_
#define MSC_CLIENT_UUID_H_

// Submission ids are UUIDs made by the client (ARCHITECTURE.md: the idempotency key).

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "msc/v1/observation.pb.h"

namespace msc::client {

// A random (version 4) UUID in its 36-character form.
std::string RandomUuid(std::mt19937_64& rng);

// Writes a version 4 UUID made from two random words into out[0..36), no terminator.
// For load generation, where ids are patched into pre-built bodies.
void FormatRandomUuid(uint64_t hi, uint64_t lo, char* out);

// Writes a time-ordered (version 7, RFC 9562) UUID into out[0..36): the 48-bit Unix
// time in milliseconds, then 74 bits from hi (its low 12) and lo (its low 62). Ids
// made in time order sort in time order, so index inserts stay local.
void FormatTimeOrderedUuid(int64_t unix_ms, uint64_t hi, uint64_t lo, char* out);

// A version 7 UUID whose time is `unix_ms` (a contact's start) and whose other bits
// come from the SHA-256 of `content` in the msc namespace: the same contact always
// gets the same id, so re-running an import sends the same ids again.
std::string ContentUuid(std::string_view content, int64_t unix_ms);

// The ContentUuid of an observation (its deterministic bytes, its first attempt's
// start): what msc import and msc submit give a contact that has no id.
std::string ContactUuid(const v1::Observation& o);

}  // namespace msc::client

#endif  // MSC_CLIENT_UUID_H_
