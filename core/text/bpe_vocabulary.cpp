#include "core/text/bpe_vocabulary.h"

#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "core/text/unicode_text.h"
#include "core/util/atomic_file.h"
#include "core/util/json_util.h"

namespace olis::text {

namespace {

constexpr std::size_t kMaxCacheEntries = 1 << 18;
constexpr std::string_view kWordEnd = "</w>";

// GPT-2 / CLIP bytes_to_unicode(): printable Latin-1 bytes stand for themselves, the others are moved
// to U+0100 and up, in byte order.
std::vector<char32_t> byte_symbols() {
  std::vector<char32_t> map(256, 0);
  std::vector<bool> printable(256, false);
  for (int b = '!'; b <= '~'; ++b) printable[b] = true;
  for (int b = 0xA1; b <= 0xAC; ++b) printable[b] = true;
  for (int b = 0xAE; b <= 0xFF; ++b) printable[b] = true;
  char32_t next = 256;
  for (int b = 0; b < 256; ++b) map[b] = printable[b] ? static_cast<char32_t>(b) : next++;
  return map;
}

}  // namespace

Expected<std::shared_ptr<BpeVocabulary>> BpeVocabulary::load(const std::filesystem::path& vocab_json,
                                                             const std::filesystem::path& merges_txt) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(vocab_json, ec))
    return fail(fmt::format("The tokenizer vocabulary {} does not exist", vocab_json.string()));
  if (!std::filesystem::is_regular_file(merges_txt, ec))
    return fail(fmt::format("The tokenizer merges file {} does not exist", merges_txt.string()));

  auto vocab = std::shared_ptr<BpeVocabulary>(new BpeVocabulary());
  vocab->vocab_path_ = vocab_json;

  auto json = load_json_file(vocab_json);
  if (!json) return tl::unexpected(json.error());
  if (!json->is_object() || json->empty())
    return fail(fmt::format("{} is not a tokenizer vocabulary (expected a JSON object token -> id)", vocab_json.string()));
  int64_t max_id = -1;
  vocab->ids_.reserve(json->size());
  for (auto it = json->begin(); it != json->end(); ++it) {
    if (!it.value().is_number_integer())
      return fail(fmt::format("{}: the id of token '{}' is not an integer", vocab_json.string(), it.key()));
    const int64_t id = it.value().get<int64_t>();
    if (id < 0 || id >= std::numeric_limits<int32_t>::max())
      return fail(fmt::format("{}: token '{}' has the invalid id {}", vocab_json.string(), it.key(), id));
    vocab->ids_.emplace(it.key(), static_cast<int32_t>(id));
    max_id = std::max(max_id, id);
  }
  vocab->strings_.assign(static_cast<std::size_t>(max_id + 1), std::string());
  for (const auto& [token, id] : vocab->ids_) vocab->strings_[static_cast<std::size_t>(id)] = token;

  const auto symbols = byte_symbols();
  for (int b = 0; b < 256; ++b) {
    std::string sym;
    append_utf8(sym, symbols[b]);
    auto id = vocab->find(sym);
    auto end_id = vocab->find(sym + std::string(kWordEnd));
    if (!id || !end_id)
      return fail(fmt::format("{} is not a byte-level BPE vocabulary: it lacks the symbol for byte 0x{:02X} ('{}' or "
                              "'{}</w>')",
                              vocab_json.string(), b, sym, sym));
    vocab->byte_id_[b] = *id;
    vocab->byte_end_id_[b] = *end_id;
  }

  auto text = read_text_file(merges_txt);
  if (!text) return tl::unexpected(text.error());
  std::istringstream lines(*text);
  std::string line;
  int line_no = 0;
  int32_t rank = 0;
  vocab->merges_.reserve(65536);
  while (std::getline(lines, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (line_no == 1 && line.rfind("#version", 0) == 0)) continue;
    const auto space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 >= line.size() ||
        line.find(' ', space + 1) != std::string::npos)
      return fail(fmt::format("{} line {}: expected two symbols separated by one space, got '{}'", merges_txt.string(),
                              line_no, line));
    const std::string a = line.substr(0, space), b = line.substr(space + 1);
    auto ia = vocab->find(a), ib = vocab->find(b), im = vocab->find(a + b);
    if (!ia || !ib || !im)
      return fail(fmt::format("{} line {}: the merge '{} {}' uses a symbol that {} does not contain ('{}')",
                              merges_txt.string(), line_no, a, b, vocab_json.filename().string(),
                              !ia ? a : (!ib ? b : a + b)));
    vocab->merges_.emplace(pair_key(*ia, *ib), Merge{rank++, *im});
  }
  if (vocab->merges_.empty()) return fail(fmt::format("{} holds no merges", merges_txt.string()));
  return vocab;
}

std::optional<int32_t> BpeVocabulary::find(std::string_view token) const {
  auto it = ids_.find(std::string(token));
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

const std::string& BpeVocabulary::token_text(int64_t id) const {
  static const std::string empty;
  if (id < 0 || id >= size()) return empty;
  return strings_[static_cast<std::size_t>(id)];
}

// openai/CLIP bpe(): repeatedly merge the adjacent pair of lowest rank, every occurrence left to right.
void BpeVocabulary::bpe(std::vector<int32_t>& word) const {
  std::vector<int32_t> next;
  next.reserve(word.size());
  while (word.size() > 1) {
    int32_t best_rank = std::numeric_limits<int32_t>::max();
    int32_t first = -1, second = -1, merged = -1;
    for (std::size_t i = 0; i + 1 < word.size(); ++i) {
      auto it = merges_.find(pair_key(word[i], word[i + 1]));
      if (it != merges_.end() && it->second.rank < best_rank) {
        best_rank = it->second.rank;
        first = word[i];
        second = word[i + 1];
        merged = it->second.merged;
      }
    }
    if (merged < 0) break;
    next.clear();
    for (std::size_t i = 0; i < word.size();) {
      if (word[i] == first && i + 1 < word.size() && word[i + 1] == second) {
        next.push_back(merged);
        i += 2;
      } else {
        next.push_back(word[i++]);
      }
    }
    word.swap(next);
  }
}

void BpeVocabulary::encode_piece(std::string_view piece, std::vector<int32_t>& out) const {
  if (piece.empty()) return;
  std::string key(piece);
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  std::vector<int32_t> word;
  word.reserve(piece.size());
  for (std::size_t i = 0; i < piece.size(); ++i) {
    const auto b = static_cast<unsigned char>(piece[i]);
    word.push_back(i + 1 == piece.size() ? byte_end_id_[b] : byte_id_[b]);
  }
  bpe(word);
  out.insert(out.end(), word.begin(), word.end());
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cache_.size() >= kMaxCacheEntries) cache_.clear();
  cache_.emplace(std::move(key), std::move(word));
}

}  // namespace olis::text
