// CLIP tokenizer behaviour a user notices: clear errors for broken tokenizer folders, both padding
// conventions, truncation that keeps the end token, long-prompt chunks, the identifier report, and
// the cleaning rules (HTML entities, quotes, control characters).
#include <gtest/gtest.h>

#include <cstdlib>

#include <fstream>
#include <thread>

#include "core/text/clip_tokenizer.h"
#include "core/text/html_entities.h"
#include "core/text/text_cleaning.h"
#include "core/text/unicode_text.h"
#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;
using olis::text::ClipTokenizer;
using olis::text::TokenizerSettings;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// A minimal byte-level vocabulary: 256 byte symbols, 256 with </w>, the given merges, the two specials.
fs::path synthetic_vocab(const std::string& name, const std::vector<std::string>& merges) {
  const auto dir = olis::test::temp_dir(name);
  std::vector<char32_t> sym(256);
  char32_t next = 256;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    sym[b] = printable ? static_cast<char32_t>(b) : next++;
  }
  nlohmann::json v = nlohmann::json::object();
  int id = 0;
  for (int b = 0; b < 256; ++b) v[olis::text::u32_to_utf8(std::u32string(1, sym[b]))] = id++;
  for (int b = 0; b < 256; ++b) v[olis::text::u32_to_utf8(std::u32string(1, sym[b])) + "</w>"] = id++;
  std::string m = "#version: 0.2\n";
  for (const auto& merge : merges) {
    const auto sp = merge.find(' ');
    v[merge.substr(0, sp) + merge.substr(sp + 1)] = id++;
    m += merge + "\n";
  }
  v["<|startoftext|>"] = id++;
  v["<|endoftext|>"] = id++;
  write(dir / "vocab.json", v.dump());
  write(dir / "merges.txt", m);
  return dir;
}

ClipTokenizer real_tokenizer(const TokenizerSettings& s = {}) {
  const auto dir = olis::test::fixtures_root() / "clip_tokenizer";
  return olis::value_or_throw(ClipTokenizer::load(dir / "vocab.json", dir / "merges.txt", s));
}

#define REQUIRE_CLIP_VOCAB() OLIS_REQUIRE_FIXTURES(vocab_dirs_, "clip_tokenizer", "vocab.json")

TEST(ClipTokenizer, FolderWithoutVocabUsesTheBundledOneOrNamesWhatIsMissing) {
  const auto dir = olis::test::temp_dir("tok_no_vocab");
  write(dir / "tokenizer_config.json", R"({"pad_token": "!"})");
  // Single-file checkpoints bring no vocabulary: the one that comes with Olis (resources/clip_tokenizer) is used.
  auto t = ClipTokenizer::load_folder(dir);
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_FALSE(t->encode("a photo of a dog").empty());
  // Without it (an incomplete install), the message names the folder and the missing files.
  const auto empty = olis::test::temp_dir("tok_no_resources");
  ::setenv("OLIS_RESOURCES", empty.c_str(), 1);
  auto missing = ClipTokenizer::load_folder(dir);
  ::unsetenv("OLIS_RESOURCES");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("vocab.json"), std::string::npos) << missing.error().message();
  EXPECT_NE(missing.error().message().find(dir.string()), std::string::npos) << missing.error().message();
}

TEST(ClipTokenizer, MissingMergesFileIsNamed) {
  const auto dir = synthetic_vocab("tok_no_merges", {});
  fs::remove(dir / "merges.txt");
  auto t = ClipTokenizer::load(dir / "vocab.json", dir / "merges.txt");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message().find("merges.txt"), std::string::npos) << t.error().message();
}

TEST(ClipTokenizer, MergeOfUnknownSymbolNamesFileAndLine) {
  const auto dir = synthetic_vocab("tok_bad_merge", {"a b"});
  write(dir / "merges.txt", "#version: 0.2\na b\nab zzz\n");
  auto t = ClipTokenizer::load(dir / "vocab.json", dir / "merges.txt");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message().find("merges.txt line 3"), std::string::npos) << t.error().message();
  EXPECT_NE(t.error().message().find("zzz"), std::string::npos) << t.error().message();
}

TEST(ClipTokenizer, PadTokenMissingFromVocabularyIsAnError) {
  const auto dir = synthetic_vocab("tok_bad_pad", {"a b"});
  TokenizerSettings s;
  s.pad_token = "<pad>";
  auto t = ClipTokenizer::load(dir / "vocab.json", dir / "merges.txt", s);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message().find("<pad>"), std::string::npos) << t.error().message();
}

TEST(ClipTokenizer, SyntheticVocabularyAppliesMergesInRankOrder) {
  // "ab" merges first, then "ab c</w>": "abc" is one token; "ca" stays two (no merge "c a").
  const auto dir = synthetic_vocab("tok_synthetic", {"a b", "ab c</w>"});
  auto t = olis::value_or_throw(ClipTokenizer::load(dir / "vocab.json", dir / "merges.txt"));
  EXPECT_EQ(t.token_strings("ABC ca"), (std::vector<std::string>{"abc</w>", "c", "a</w>"}));
  const auto ids = t.encode("abc");
  ASSERT_EQ(ids.size(), 77u);
  EXPECT_EQ(ids[0], t.bos_id());
  EXPECT_EQ(ids[2], t.eos_id());
  EXPECT_EQ(ids[76], t.eos_id());  // default padding is the end token
}

TEST(ClipTokenizer, BothPaddingConventions) {
  REQUIRE_CLIP_VOCAB();
  auto sd15 = real_tokenizer(TokenizerSettings::pad_with_eos());
  auto pad0 = real_tokenizer(TokenizerSettings::pad_with_zero());
  const auto a = sd15.encode("a photo of a dog");
  const auto b = pad0.encode("a photo of a dog");
  ASSERT_EQ(a.size(), 77u);
  ASSERT_EQ(b.size(), 77u);
  // [bos] a photo of a dog [eos] then padding
  EXPECT_EQ(a[0], 49406);
  EXPECT_EQ(a[6], 49407);
  EXPECT_EQ(b[6], 49407);
  for (int i = 7; i < 77; ++i) {
    EXPECT_EQ(a[i], 49407) << i;
    EXPECT_EQ(b[i], 0) << i;
  }
  EXPECT_TRUE(std::equal(a.begin(), a.begin() + 7, b.begin()));
}

TEST(ClipTokenizer, TruncationKeepsTheEndToken) {
  REQUIRE_CLIP_VOCAB();
  auto t = real_tokenizer();
  std::string prompt;
  for (int i = 0; i < 100; ++i) prompt += "dog ";
  const auto ids = t.encode(prompt);
  ASSERT_EQ(ids.size(), 77u);
  EXPECT_EQ(ids[0], t.bos_id());
  EXPECT_EQ(ids[76], t.eos_id());
  EXPECT_EQ(ids[75], t.tokenize("dog")[0]);
}

TEST(ClipTokenizer, LongPromptsAreChunksOf75WrappedTokens) {
  REQUIRE_CLIP_VOCAB();
  auto t = real_tokenizer(TokenizerSettings::pad_with_zero());
  std::string prompt;
  for (int i = 0; i < 160; ++i) prompt += "cat" + std::to_string(i % 10) + " ";  // 2 tokens each: 320 tokens
  const auto raw = t.tokenize(prompt);
  ASSERT_EQ(raw.size(), 320u);
  const auto ids = t.encode_chunked(prompt);
  ASSERT_EQ(ids.size(), 5u * 77u);  // ceil(320 / 75) = 5
  std::vector<int64_t> text_ids;
  for (int c = 0; c < 5; ++c) {
    EXPECT_EQ(ids[c * 77], t.bos_id()) << "chunk " << c;
    auto end = std::find(ids.begin() + c * 77 + 1, ids.begin() + (c + 1) * 77, t.eos_id());
    ASSERT_NE(end, ids.begin() + (c + 1) * 77) << "chunk " << c << " has its end token";
    text_ids.insert(text_ids.end(), ids.begin() + c * 77 + 1, end);
  }
  EXPECT_EQ(text_ids, std::vector<int64_t>(raw.begin(), raw.end())) << "chunks hold every token, in order";
  EXPECT_EQ(t.encode_chunked(prompt, 2).size(), 2u * 77u);
  EXPECT_EQ(t.encode_chunked("").size(), 77u);
  EXPECT_EQ(t.encode_chunked("a dog"), t.encode("a dog"));
}

TEST(ClipTokenizer, IdentifierReportWarnsWhenItSplits) {
  REQUIRE_CLIP_VOCAB();
  auto t = real_tokenizer();
  const auto olis_report = olis::text::report_identifier(t, "olis");
  EXPECT_TRUE(olis_report.single_token);
  EXPECT_EQ(olis_report.ids, (std::vector<int32_t>{49397}));
  EXPECT_EQ(olis_report.tokens, (std::vector<std::string>{"olis</w>"}));
  EXPECT_TRUE(olis_report.warning.empty());

  const auto split = olis::text::report_identifier(t, "zqxjvbw");
  EXPECT_FALSE(split.single_token);
  EXPECT_GT(split.ids.size(), 1u);
  EXPECT_NE(split.warning.find(std::to_string(split.ids.size()) + " tokens"), std::string::npos) << split.warning;
  EXPECT_NE(olis::text::format_identifier_report(split).find("warning"), std::string::npos);

  EXPECT_FALSE(olis::text::report_identifier(t, "   ").warning.empty());
}

TEST(ClipTokenizer, ConcurrentEncodingGivesTheSameIds) {
  REQUIRE_CLIP_VOCAB();
  auto t = real_tokenizer();
  std::vector<std::string> prompts;
  for (int i = 0; i < 200; ++i) prompts.push_back("a photo of olis number " + std::to_string(i * 7919) + " in paris");
  std::vector<std::vector<int64_t>> want;
  const auto reference = real_tokenizer();  // its own cache
  for (const auto& p : prompts) want.push_back(reference.encode(p));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&] {
      for (std::size_t i = 0; i < prompts.size(); ++i)
        if (t.encode(prompts[i]) != want[i]) ++mismatches;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

std::string unescape(const std::string& s) {
  return olis::text::u32_to_utf8(olis::text::html_unescape(olis::text::utf8_to_u32(s)));
}

TEST(TextCleaning, HtmlUnescapeFollowsPython) {
  // Expected values from Python 3's html.unescape.
  EXPECT_EQ(unescape("&amp"), "&");
  EXPECT_EQ(unescape("&ampfoo"), "&foo");
  EXPECT_EQ(unescape("&notin"), "\u00ACin");
  EXPECT_EQ(unescape("&notin;"), "\u2209");
  EXPECT_EQ(unescape("&#x41;"), "A");
  EXPECT_EQ(unescape("&#128;"), "\u20AC");
  EXPECT_EQ(unescape("&#0;"), "\uFFFD");
  EXPECT_EQ(unescape("&#65abc;"), "Aabc;");
  EXPECT_EQ(unescape("&copy2024"), "\u00A92024");
  EXPECT_EQ(unescape("a &amp;amp; b"), "a &amp; b");
  EXPECT_EQ(unescape("&Amp;"), "&Amp;");
  EXPECT_EQ(unescape("&#1;x"), "x");
  EXPECT_EQ(unescape("&lt;&gt"), "<>");
  EXPECT_EQ(unescape("&#999999999999;"), "\uFFFD");
}

TEST(TextCleaning, PromptCleaningLikeOpenAiClip) {
  using olis::text::clean_prompt_text;
  EXPECT_EQ(clean_prompt_text("  A  Photo\tof\n\nOLIS  "), "a photo of olis");
  EXPECT_EQ(clean_prompt_text("P&EACUTE;REZ"), "p\u00E9rez");  // ftfy decodes all-caps entity names
  // ...but not once a line has '<' (from then on), and html.unescape does not know all-caps names.
  EXPECT_EQ(clean_prompt_text("<b>\nP&EACUTE;REZ &amp; co"), "<b> p&eacute;rez & co");
  EXPECT_EQ(clean_prompt_text("\u201Cquoted\u201D it\u2019s"), "\"quoted\" it's");
  EXPECT_EQ(clean_prompt_text("\x1b[31mred\x1b[0m dog"), "red dog");
  EXPECT_EQ(clean_prompt_text("a\x0b" "b"), "ab");  // control characters are removed, not spaces
  EXPECT_EQ(clean_prompt_text("\uFF21\uFF22\u3000c"), "ab c");
  EXPECT_EQ(clean_prompt_text("caf\x65\xCC\x81"), "caf\u00E9");  // NFC
  EXPECT_EQ(clean_prompt_text("\u0130STANBUL \u03A3\u039F\u03A3"), "i\u0307stanbul \u03C3\u03BF\u03C2");
  EXPECT_EQ(clean_prompt_text("bad \xFF byte"), "bad \uFFFD byte");
}

}  // namespace
