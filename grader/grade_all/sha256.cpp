#include "sha256.hpp"

#include <array>
#include <cstdint>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace assg {

Sha256::Sha256() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
  if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("cannot start a SHA-256 digest (OpenSSL)");
}

Sha256& Sha256::add(std::string_view bytes) {
  const auto length = fmt::format("{}:", bytes.size());
  EVP_DigestUpdate(context_.get(), length.data(), length.size());
  EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size());
  return *this;
}

Sha256& Sha256::add_raw(std::string_view bytes) {
  EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size());
  return *this;
}

Sha256& Sha256::add_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(fmt::format("{}: cannot read", path));
  std::array<char, 1 << 16> buffer{};
  while (file) {
    file.read(buffer.data(), buffer.size());
    EVP_DigestUpdate(context_.get(), buffer.data(), static_cast<std::size_t>(file.gcount()));
  }
  return *this;
}

std::string Sha256::hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_DigestFinal_ex(context_.get(), digest.data(), &size);
  std::string text;
  for (unsigned int i = 0; i < size; ++i) text += fmt::format("{:02x}", digest[i]);
  return text;
}

std::string sha256_hex(std::string_view bytes) { return Sha256().add(bytes).hex(); }

std::string plain_sha256_hex(std::string_view bytes) { return Sha256().add_raw(bytes).hex(); }

}  // namespace assg
