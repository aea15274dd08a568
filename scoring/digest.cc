#include "digest.h"

#include <openssl/evp.h>

#include <cassert>

namespace msc::scoring {

namespace {
constexpr size_t kGather = 64 << 10;
}  // namespace

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  assert(context_ != nullptr);
  pending_.reserve(kGather);
  const int ok = EVP_DigestInit_ex(context_, EVP_sha256(), nullptr);
  assert(ok == 1);
  (void)ok;
}

Sha256::~Sha256() { EVP_MD_CTX_free(context_); }

void Sha256::Update(std::string_view bytes) {
  if (pending_.size() + bytes.size() > kGather) Flush();
  if (bytes.size() >= kGather) {
    EVP_DigestUpdate(context_, bytes.data(), bytes.size());
  } else {
    pending_.append(bytes);
  }
}

void Sha256::Flush() {
  if (!pending_.empty()) EVP_DigestUpdate(context_, pending_.data(), pending_.size());
  pending_.clear();
}

std::string Sha256::HexDigest() {
  Flush();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_, digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256 hash;
  hash.Update(bytes);
  return hash.HexDigest();
}

}  // namespace msc::scoring
