#pragma once
// The CLIP byte-level BPE tokenizer (openai/CLIP SimpleTokenizer == HF CLIPTokenizer), loaded from the
// Hugging Face files of a model folder: vocab.json, merges.txt, tokenizer_config.json,
// special_tokens_map.json. Encodings are 77 ids: start token, up to 75 text tokens, end token, padding.
// The pad token is the convention: "<|endoftext|>" (SD 1.x) or "!" = id 0 (SD 2.x, SDXL tokenizer_2).
//
// Thread-safe: encode() may be called from several threads (the BPE cache is locked).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.h"

namespace olis::text {

struct TokenizerSettings {
  std::string bos_token = "<|startoftext|>";
  std::string eos_token = "<|endoftext|>";
  std::string pad_token = "<|endoftext|>";
  int max_length = 77;

  static TokenizerSettings pad_with_eos() { return {}; }
  static TokenizerSettings pad_with_zero() {  // "!" is id 0 in the CLIP vocabulary
    TokenizerSettings s;
    s.pad_token = "!";
    return s;
  }
};

// Reads tokenizer_config.json and special_tokens_map.json of a tokenizer folder (both optional).
Expected<TokenizerSettings> read_tokenizer_settings(const std::filesystem::path& folder);

// The CLIP BPE vocabulary shipped with Olis (MIT, OpenAI CLIP): <resources>/clip_tokenizer with vocab.json and
// merges.txt. Single-file checkpoints bring no tokenizer; every SD 1.x/2.x/SDXL tokenizer uses this vocabulary.
std::filesystem::path bundled_vocab_dir();
// The folder whose vocab.json and merges.txt a tokenizer uses: `override_dir` when given (an error when it lacks
// them), else `model_dir` when it holds both (a model's own files take precedence), else the bundled vocabulary.
// `model_dir` may be empty (a single file). Errors name every place looked at.
Expected<std::filesystem::path> resolve_vocab_dir(const std::filesystem::path& model_dir,
                                                  const std::filesystem::path& override_dir = {});

class BpeVocabulary;

class ClipTokenizer {
 public:
  static Expected<ClipTokenizer> load(const std::filesystem::path& vocab_json, const std::filesystem::path& merges_txt,
                                      const TokenizerSettings& settings = {});
  // A tokenizer folder: settings from its json files, vocab.json / merges.txt from `vocab_folder` when
  // given, else from the folder itself (diffusers folders normally hold them), else the bundled vocabulary.
  static Expected<ClipTokenizer> load_folder(const std::filesystem::path& folder,
                                             const std::filesystem::path& vocab_folder = {});

  // The same vocabulary with other special tokens / padding (shares the vocabulary and cache).
  Expected<ClipTokenizer> with_settings(const TokenizerSettings& settings) const;

  // Text ids without start/end tokens, not truncated.
  std::vector<int32_t> tokenize(std::string_view text) const;
  // The BPE token strings of tokenize() ("olis</w>"), for reports.
  std::vector<std::string> token_strings(std::string_view text) const;

  // max_length ids: [bos] + ids[:max_length-2] + [eos], padded with the pad id.
  std::vector<int64_t> encode(std::string_view text) const;
  // Long prompts (A1111 style): chunks of max_length-2 tokens, each wrapped in bos/eos and padded,
  // concatenated: k * max_length ids, k >= 1. max_chunks > 0 truncates to that many chunks.
  std::vector<int64_t> encode_chunked(std::string_view text, int max_chunks = 0) const;
  // One chunk of ids (<= max_length-2 text ids) wrapped and padded.
  std::vector<int64_t> wrap(const int32_t* ids, std::size_t count) const;

  int64_t bos_id() const { return bos_; }
  int64_t eos_id() const { return eos_; }
  int64_t pad_id() const { return pad_; }
  int max_length() const { return settings_.max_length; }
  int chunk_tokens() const { return settings_.max_length - 2; }
  // Number of ids the vocabulary defines (max id + 1): must equal the text encoder's embedding rows.
  int64_t vocab_size() const;
  const std::string& token_text(int64_t id) const;  // "" for an unknown id
  const std::filesystem::path& vocab_path() const;
  const TokenizerSettings& settings() const { return settings_; }

 private:
  ClipTokenizer() = default;
  std::shared_ptr<const BpeVocabulary> vocab_;
  TokenizerSettings settings_;
  int64_t bos_ = 0, eos_ = 0, pad_ = 0;
};

// How an identifier (the paper's "olis", or the user's) tokenizes. DreamBooth wants a single rare token.
struct IdentifierReport {
  std::string identifier;
  std::vector<int32_t> ids;
  std::vector<std::string> tokens;
  bool single_token = false;
  std::string warning;  // empty when the identifier is one token
};

IdentifierReport report_identifier(const ClipTokenizer& tokenizer, std::string_view identifier);
std::string format_identifier_report(const IdentifierReport& report);

}  // namespace olis::text
