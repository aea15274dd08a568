#ifndef MSC_SCORING_DIGEST_H_
#define MSC_SCORING_DIGEST_H_

// SHA-256 (OpenSSL EVP) for the report's config_sha256 and data_sha256.

#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace msc::scoring {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // Lower-case hex of the digest of everything added; ends the hash.
  std::string HexDigest();

 private:
  void Flush();

  evp_md_ctx_st* context_;
  // Many small updates (a million observations of a few hundred bytes) are gathered
  // into large ones: the hash then runs at its block speed, not at its call rate.
  std::string pending_;
};

std::string Sha256Hex(std::string_view bytes);

}  // namespace msc::scoring

#endif  // MSC_SCORING_DIGEST_H_
