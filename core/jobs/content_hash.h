#pragma once
// SHA-256 for content addressing (regularization-set cache keys, model fingerprints).
#include <cstdint>
#include <string>
#include <string_view>

namespace olis::jobs {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  std::string hex_digest();  // finishes; lower-case hex, 64 characters

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  std::size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

std::string sha256_hex(std::string_view data);

}  // namespace olis::jobs
