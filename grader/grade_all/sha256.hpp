// SHA-256 digests (OpenSSL), for deciding what must be regraded and which
// submissions are identical: a cryptographic hash, so that no student can
// craft a file that passes for another's.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace assg {

class Sha256 {
 public:
  Sha256();

  // Adds the bytes, preceded by their length, so that ("ab","c") and
  // ("a","bc") differ.
  Sha256& add(std::string_view bytes);
  // Adds the bytes alone, as `sha256sum` reads a file.
  Sha256& add_raw(std::string_view bytes);
  // Adds a file's bytes; throws std::runtime_error naming it if unreadable.
  Sha256& add_file(const std::string& path);
  std::string hex();  // the digest, as 64 lowercase hex digits; ends the hash

 private:
  std::unique_ptr<evp_md_ctx_st, void (*)(evp_md_ctx_st*)> context_;
};

std::string sha256_hex(std::string_view bytes);
// The digest of the bytes alone, as `sha256sum` prints it for a file of
// these bytes: what a release manifest records for each released file.
std::string plain_sha256_hex(std::string_view bytes);

}  // namespace assg
