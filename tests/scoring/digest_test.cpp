// SHA-256 against the FIPS 180-2 test vectors.
#include "digest.h"

#include <catch2/catch.hpp>

namespace msc::scoring {
namespace {

TEST_CASE("SHA-256 matches the published test vectors") {
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("hashing in pieces equals hashing the concatenation") {
  Sha256 hash;
  hash.Update("a");
  hash.Update("");
  hash.Update("bc");
  CHECK(hash.HexDigest() == Sha256Hex("abc"));
}

}  // namespace
}  // namespace msc::scoring
