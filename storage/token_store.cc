// The token half of Store. A token is "msc_" and 43 base64url characters of 32
// random bytes; only its SHA-256 is stored, so a copy of the database grants nothing.
#include <google/protobuf/util/time_util.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <chrono>

#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"

namespace msc::storage {
namespace {

constexpr std::string_view kTokenPrefix = "msc_";

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Base64Url(const unsigned char* bytes, size_t n) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    acc = (acc << 8) | bytes[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

Status CheckOwner(Database& db, v1::Role role, std::string_view observer_id) {
  if (role != v1::OBSERVER && role != v1::MANAGER && role != v1::ADMIN)
    return Status::Invalid("role", "must be observer, manager or admin");
  if (role != v1::OBSERVER) {
    if (!observer_id.empty())
      return Status::Invalid("observer_id", "only observer tokens belong to an observer");
    return Status::Ok();
  }
  if (observer_id.empty())
    return Status::Invalid("observer_id", "an observer token needs the observer's id");
  auto q = db.Prepare("SELECT 1 FROM observers WHERE id = ?");
  if (!q.ok()) return q.status();
  auto row = q->Bind(1, observer_id).Step();
  if (!row.ok()) return row.status();
  if (!*row)
    return Status::Invalid("observer_id", "unknown observer '" + std::string(observer_id) + "'");
  return Status::Ok();
}

}  // namespace

std::string TokenHash(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(token.data(), token.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

Result<std::string> Store::CreateToken(v1::Role role, std::string_view observer_id,
                                       std::string_view label, std::string_view actor) {
  unsigned char secret[32];
  if (RAND_bytes(secret, sizeof secret) != 1)
    return Status::Internal("the system's random generator failed");
  std::string token = std::string(kTokenPrefix) + Base64Url(secret, sizeof secret);
  OPENSSL_cleanse(secret, sizeof secret);

  auto txn = Transaction::Begin(*db_, Transaction::Kind::kWrite);
  if (!txn.ok()) return txn.status();
  if (Status s = CheckOwner(*db_, role, observer_id); !s.ok()) return s;
  auto q = db_->Prepare(
      "INSERT INTO api_tokens (token_sha256, role, observer_id, label, created_at_ns) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!q.ok()) return q.status();
  Status s = q->Bind(1, TokenHash(token))
                 .Bind(2, int64_t{role})
                 .Bind(3, observer_id)
                 .Bind(4, label)
                 .Bind(5, NowNs())
                 .Run();
  if (!s.ok()) return s;
  std::string id = std::to_string(sqlite3_last_insert_rowid(db_->handle()));
  std::string detail = v1::Role_Name(role);
  if (!observer_id.empty()) detail += " for " + std::string(observer_id);
  if (Status a = Audit(actor, "token.create", "token:" + id, detail); !a.ok()) return a;
  if (Status c = (*txn)->Commit(); !c.ok()) return c;
  return token;
}

Result<Principal> Store::Authenticate(std::string_view token) {
  const Status denied(StatusCode::kUnauthenticated, "invalid or revoked token");
  if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return denied;
  std::string hash = TokenHash(token);
  auto q = db_->Prepare(
      "SELECT id, token_sha256, role, observer_id, revoked_at_ns FROM api_tokens "
      "WHERE token_sha256 = ?");
  if (!q.ok()) return q.status();
  auto row = q->Bind(1, hash).Step();
  if (!row.ok()) return row.status();
  if (!*row) return denied;
  // The index found the row by hash; compare once more in constant time so that
  // nothing about the stored hash leaks through timing.
  std::string_view stored = q->Text(1);
  if (stored.size() != hash.size() || CRYPTO_memcmp(stored.data(), hash.data(), hash.size()) != 0)
    return denied;
  if (!q->IsNull(4)) return denied;
  Principal p;
  p.token_id = q->Int(0);
  p.role = static_cast<v1::Role>(q->Int(2));
  p.observer_id = std::string(q->Text(3));
  return p;
}

Result<std::vector<v1::ApiToken>> Store::ListTokens() {
  auto q = db_->Prepare(
      "SELECT id, role, observer_id, created_at_ns, revoked_at_ns, label FROM api_tokens "
      "ORDER BY id");
  if (!q.ok()) return q.status();
  std::vector<v1::ApiToken> out;
  for (;;) {
    auto row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    v1::ApiToken& t = out.emplace_back();
    t.set_id(q->Int(0));
    t.set_role(static_cast<v1::Role>(q->Int(1)));
    t.set_observer_id(std::string(q->Text(2)));
    *t.mutable_created_at() = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(q->Int(3));
    t.set_revoked(!q->IsNull(4));
    t.set_label(std::string(q->Text(5)));
  }
}

Status Store::RevokeToken(int64_t id, std::string_view actor) {
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kWrite);
  if (!txn.ok()) return txn.status();
  auto q = db_->Prepare(
      "UPDATE api_tokens SET revoked_at_ns = ? WHERE id = ? AND revoked_at_ns IS NULL");
  if (!q.ok()) return q.status();
  if (Status s = q->Bind(1, NowNs()).Bind(2, id).Run(); !s.ok()) return s;
  if (sqlite3_changes(db_->handle()) == 0) {
    auto exists = db_->Prepare("SELECT 1 FROM api_tokens WHERE id = ?");
    if (!exists.ok()) return exists.status();
    auto row = exists->Bind(1, id).Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("no token " + std::to_string(id));
    return Status::Ok();  // already revoked: revoking again changes nothing
  }
  if (Status a = Audit(actor, "token.revoke", "token:" + std::to_string(id), ""); !a.ok()) return a;
  return (*txn)->Commit();
}

}  // namespace msc::storage
