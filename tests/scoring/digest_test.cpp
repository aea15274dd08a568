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

TEST_CASE("many small pieces and pieces larger than the gathering buffer hash alike") {
  std::string whole;
  Sha256 hash;
  for (int i = 0; i < 2000; ++i) {  // about 400 KB in pieces of 0 to 396 bytes
    const std::string piece(static_cast<size_t>(i % 397), static_cast<char>('a' + i % 26));
    hash.Update(piece);
    whole += piece;
  }
  const std::string large(200'000, 'z');  // more than one gathering at once
  hash.Update(large);
  whole += large;
  hash.Update("tail");
  whole += "tail";
  CHECK(hash.HexDigest() == Sha256Hex(whole));
}

}  // namespace
}  // namespace msc::scoring
