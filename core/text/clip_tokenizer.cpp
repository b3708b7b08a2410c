#include "core/text/clip_tokenizer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "core/text/bpe_vocabulary.h"
#include "core/text/clip_pretokenizer.h"
#include "core/text/text_cleaning.h"
#include "core/util/json_util.h"
#include "core/util/resources.h"

namespace olis::text {

namespace {

// Special tokens are written either as a string or as {"content": "...", ...} (AddedToken).
std::optional<std::string> token_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
    return (*it)["content"].get<std::string>();
  return std::nullopt;
}

void apply_token_fields(const nlohmann::json& j, TokenizerSettings& s) {
  if (auto v = token_field(j, "bos_token")) s.bos_token = *v;
  if (auto v = token_field(j, "eos_token")) s.eos_token = *v;
  if (auto v = token_field(j, "pad_token")) s.pad_token = *v;
}

}  // namespace

Expected<TokenizerSettings> read_tokenizer_settings(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    return fail(fmt::format("The tokenizer folder {} does not exist", folder.string()));
  TokenizerSettings s;
  bool found = false;
  const auto config_path = folder / "tokenizer_config.json";
  if (std::filesystem::exists(config_path, ec)) {
    auto j = load_json_file(config_path);
    if (!j) return tl::unexpected(j.error());
    apply_token_fields(*j, s);
    // HF writes a huge number when the length is "unlimited"; CLIP encoders have 77 positions.
    auto it = j->find("model_max_length");
    if (it != j->end() && it->is_number() && it->get<double>() >= 3 && it->get<double>() <= 4096)
      s.max_length = static_cast<int>(it->get<double>());
    found = true;
  }
  const auto map_path = folder / "special_tokens_map.json";
  if (std::filesystem::exists(map_path, ec)) {
    auto j = load_json_file(map_path);
    if (!j) return tl::unexpected(j.error());
    apply_token_fields(*j, s);
    found = true;
  }
  if (!found)
    spdlog::warn("{} has neither tokenizer_config.json nor special_tokens_map.json; padding with {}", folder.string(),
                 s.pad_token);
  return s;
}

Expected<ClipTokenizer> ClipTokenizer::load(const std::filesystem::path& vocab_json,
                                            const std::filesystem::path& merges_txt,
                                            const TokenizerSettings& settings) {
  auto vocab = BpeVocabulary::load(vocab_json, merges_txt);
  if (!vocab) return tl::unexpected(vocab.error());
  ClipTokenizer t;
  t.vocab_ = std::move(*vocab);
  return t.with_settings(settings);
}

Expected<ClipTokenizer> ClipTokenizer::load_folder(const std::filesystem::path& folder,
                                                   const std::filesystem::path& vocab_folder) {
  auto settings = read_tokenizer_settings(folder);
  if (!settings) return tl::unexpected(settings.error());
  auto dir = resolve_vocab_dir(folder, vocab_folder);
  if (!dir) return tl::unexpected(dir.error());
  return load(*dir / "vocab.json", *dir / "merges.txt", *settings);
}

std::filesystem::path bundled_vocab_dir() { return resources_dir() / "clip_tokenizer"; }

Expected<std::filesystem::path> resolve_vocab_dir(const std::filesystem::path& model_dir,
                                                  const std::filesystem::path& override_dir) {
  std::error_code ec;
  auto has_both = [&ec](const std::filesystem::path& d) {
    return std::filesystem::is_regular_file(d / "vocab.json", ec) && std::filesystem::is_regular_file(d / "merges.txt", ec);
  };
  if (!override_dir.empty()) {
    if (has_both(override_dir)) return override_dir;
    return fail(fmt::format("The vocabulary folder {} (vocab_dir) has no vocab.json and merges.txt; give a folder that "
                            "holds both, or leave vocab_dir out to use the vocabulary that comes with Olis",
                            override_dir.string()));
  }
  if (!model_dir.empty() && has_both(model_dir)) return model_dir;
  const auto bundled = bundled_vocab_dir();
  if (has_both(bundled)) return bundled;
  return fail(fmt::format("No CLIP vocabulary found: {}the vocabulary that comes with Olis is missing from {} (is Olis "
                          "installed completely? OLIS_RESOURCES can point to its resources folder)",
                          model_dir.empty() ? std::string() : model_dir.string() + " has no vocab.json and merges.txt, and ",
                          bundled.string()));
}

Expected<ClipTokenizer> ClipTokenizer::with_settings(const TokenizerSettings& settings) const {
  if (settings.max_length < 3)
    return fail(fmt::format("Tokenizer max_length {} is too small (at least 3: start, one token, end)",
                            settings.max_length));
  ClipTokenizer t;
  t.vocab_ = vocab_;
  t.settings_ = settings;
  const auto id_of = [&](const std::string& token, const char* role) -> Expected<int64_t> {
    auto id = vocab_->find(token);
    if (!id)
      return fail(fmt::format("{}: the {} token '{}' is not in the vocabulary", vocab_->vocab_path().string(), role,
                              token));
    return *id;
  };
  auto bos = id_of(settings.bos_token, "start");
  if (!bos) return tl::unexpected(bos.error());
  auto eos = id_of(settings.eos_token, "end");
  if (!eos) return tl::unexpected(eos.error());
  auto pad = id_of(settings.pad_token, "padding");
  if (!pad) return tl::unexpected(pad.error());
  t.bos_ = *bos;
  t.eos_ = *eos;
  t.pad_ = *pad;
  return t;
}

std::vector<int32_t> ClipTokenizer::tokenize(std::string_view text) const {
  const std::string cleaned = clean_prompt_text(text);
  std::vector<std::string_view> pieces;
  pieces.reserve(cleaned.size() / 3 + 4);
  clip_pretokenize(cleaned, pieces);
  std::vector<int32_t> ids;
  ids.reserve(pieces.size() + 8);
  for (std::string_view piece : pieces) {
    // openai/CLIP seeds its BPE cache with the two special tokens, so typed ones map to their ids.
    if (piece.front() == '<' && (piece == settings_.bos_token || piece == settings_.eos_token)) {
      ids.push_back(static_cast<int32_t>(piece == settings_.bos_token ? bos_ : eos_));
      continue;
    }
    vocab_->encode_piece(piece, ids);
  }
  return ids;
}

std::vector<std::string> ClipTokenizer::token_strings(std::string_view text) const {
  std::vector<std::string> out;
  for (int32_t id : tokenize(text)) out.push_back(vocab_->token_text(id));
  return out;
}

std::vector<int64_t> ClipTokenizer::wrap(const int32_t* ids, std::size_t count) const {
  const auto len = static_cast<std::size_t>(settings_.max_length);
  count = std::min(count, len - 2);
  std::vector<int64_t> out;
  out.reserve(len);
  out.push_back(bos_);
  out.insert(out.end(), ids, ids + count);
  out.push_back(eos_);
  out.resize(len, pad_);
  return out;
}

std::vector<int64_t> ClipTokenizer::encode(std::string_view text) const {
  const auto ids = tokenize(text);
  return wrap(ids.data(), ids.size());
}

std::vector<int64_t> ClipTokenizer::encode_chunked(std::string_view text, int max_chunks) const {
  const auto ids = tokenize(text);
  const auto per = static_cast<std::size_t>(chunk_tokens());
  std::size_t chunks = std::max<std::size_t>(1, (ids.size() + per - 1) / per);
  if (max_chunks > 0) chunks = std::min(chunks, static_cast<std::size_t>(max_chunks));
  std::vector<int64_t> out;
  out.reserve(chunks * static_cast<std::size_t>(settings_.max_length));
  for (std::size_t c = 0; c < chunks; ++c) {
    const std::size_t begin = std::min(ids.size(), c * per);
    const std::size_t count = std::min(per, ids.size() - begin);
    const auto part = wrap(ids.data() + begin, count);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

int64_t ClipTokenizer::vocab_size() const { return vocab_->size(); }
const std::string& ClipTokenizer::token_text(int64_t id) const { return vocab_->token_text(id); }
const std::filesystem::path& ClipTokenizer::vocab_path() const { return vocab_->vocab_path(); }

IdentifierReport report_identifier(const ClipTokenizer& tokenizer, std::string_view identifier) {
  IdentifierReport r;
  r.identifier = std::string(identifier);
  r.ids = tokenizer.tokenize(identifier);
  for (int32_t id : r.ids) r.tokens.push_back(tokenizer.token_text(id));
  r.single_token = r.ids.size() == 1;
  if (r.ids.empty()) {
    r.warning = fmt::format("the identifier '{}' gives no token at all; choose a short rare word such as 'olis'",
                            r.identifier);
  } else if (!r.single_token) {
    r.warning = fmt::format(
        "the identifier '{}' splits into {} tokens ({}); DreamBooth binds the subject best to one rare token, such as "
        "'olis'",
        r.identifier, r.ids.size(), fmt::join(r.tokens, " "));
  }
  return r;
}

std::string format_identifier_report(const IdentifierReport& r) {
  std::string s = fmt::format("'{}' -> {} token{}: ", r.identifier, r.ids.size(), r.ids.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < r.ids.size(); ++i)
    s += fmt::format("{}{} ({})", i ? ", " : "", r.tokens[i], r.ids[i]);
  if (!r.warning.empty()) s += "\n  warning: " + r.warning;
  return s;
}

}  // namespace olis::text
