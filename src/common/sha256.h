// Incremental SHA-256 (OpenSSL EVP) for verifying blob digests while they stream.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace drydock {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, std::size_t size);
  // Lower-case hex of the digest; the object must not be updated afterwards.
  std::string FinishHex();
  // The digest of what was hashed so far, leaving the object open for more updates.
  std::string CurrentHex() const;

  static std::string HexOf(std::string_view bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace drydock
