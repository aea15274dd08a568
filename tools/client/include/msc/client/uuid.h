#ifndef MSC_CLIENT_UUID_H_
#define MSC_CLIENT_UUID_H_

// Submission ids are UUIDs made by the client (ARCHITECTURE.md: the idempotency key).

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace msc::client {

// A random (version 4) UUID in its 36-character form.
std::string RandomUuid(std::mt19937_64& rng);

// Writes a version 4 UUID made from two random words into out[0..36), no terminator.
// For load generation, where ids are patched into pre-built bodies.
void FormatRandomUuid(uint64_t hi, uint64_t lo, char* out);

// A name-based (version 5, SHA-1) UUID in the msc namespace: the same name always
// gives the same id, so re-running an import sends the same ids again.
std::string NameUuid(std::string_view name);

}  // namespace msc::client

#endif  // MSC_CLIENT_UUID_H_
