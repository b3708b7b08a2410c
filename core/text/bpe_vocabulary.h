#pragma once
// The vocabulary and merge table of a byte-level BPE (CLIP / GPT-2 style), with the BPE itself and a
// cache of pieces already seen. Symbols are vocabulary ids throughout, so a merge is an integer lookup.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/util/error.h"

namespace olis::text {

class BpeVocabulary {
 public:
  static Expected<std::shared_ptr<BpeVocabulary>> load(const std::filesystem::path& vocab_json,
                                                       const std::filesystem::path& merges_txt);

  // Appends the ids of one pre-tokenized piece (raw UTF-8; "</w>" goes on its last symbol).
  void encode_piece(std::string_view piece, std::vector<int32_t>& out) const;

  std::optional<int32_t> find(std::string_view token) const;
  int64_t size() const { return static_cast<int64_t>(strings_.size()); }
  const std::string& token_text(int64_t id) const;
  const std::filesystem::path& vocab_path() const { return vocab_path_; }
  std::size_t merge_count() const { return merges_.size(); }

 private:
  struct Merge {
    int32_t rank;
    int32_t merged;
  };
  static uint64_t pair_key(int32_t a, int32_t b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
  }
  void bpe(std::vector<int32_t>& word) const;

  std::filesystem::path vocab_path_;
  std::unordered_map<std::string, int32_t> ids_;
  std::vector<std::string> strings_;
  int32_t byte_id_[256] = {};
  int32_t byte_end_id_[256] = {};
  std::unordered_map<uint64_t, Merge> merges_;

  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace olis::text
