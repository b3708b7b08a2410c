// Word embeddings: the identifier's trained rows written in the layouts A1111 / ComfyUI / diffusers read
// (a textual-inversion file, and bundled in a kohya LoRA), read back and applied so that the text encoders
// give exactly the trained outputs; and the messages for embeddings that do not fit.
#include "core/text/word_embedding.h"

#include <gtest/gtest.h>

#include "core/models/lora.h"
#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;
using namespace olis;
using olis::text::TextStack;

// A text stack of random CLIP towers (widths: 8 for SD 1.x; 8 and 12 for SDXL) with the real vocabulary.
TextStack make_stack(const fs::path& vocab, io::ModelFamily family, uint64_t seed) {
  torch::manual_seed(seed);
  auto tok = value_or_throw(text::ClipTokenizer::load(vocab / "vocab.json", vocab / "merges.txt"));
  TextStack stack;
  stack.family = family;
  std::vector<int64_t> widths{8};
  if (family == io::ModelFamily::SDXL) widths.push_back(12);
  for (std::size_t i = 0; i < widths.size(); ++i) {
    text::ClipTextConfig c;
    c.vocab_size = 49408;
    c.hidden_size = widths[i];
    c.intermediate_size = 16;
    c.num_layers = 2;
    c.num_heads = 2;
    c.max_positions = 77;
    c.eos_token_id = 49407;
    stack.towers.push_back({i == 0 ? "text_encoder" : "text_encoder_2", tok, text::ClipTextModel(c)});
  }
  return stack;
}

std::vector<torch::Tensor> encode(TextStack& stack, const std::string& prompt) {
  torch::NoGradGuard g;
  std::vector<torch::Tensor> out;
  for (auto& t : stack.towers) {
    auto ids = torch::tensor(t.tokenizer.encode(prompt), torch::kInt64).unsqueeze(0);
    out.push_back(t.encoder->forward(ids).last_hidden_state);
  }
  return out;
}

// Trains (here: sets) the word's rows of `stack` through the row delta, as LoRA training does.
void train_rows(TextStack& stack, const std::string& word) {
  for (auto& t : stack.towers) {
    const auto ids = t.tokenizer.tokenize(word);
    t.encoder->embeddings()->set_trainable_rows(std::vector<int64_t>(ids.begin(), ids.end()));
    torch::NoGradGuard g;
    t.encoder->embeddings()->row_delta().copy_(torch::randn(t.encoder->embeddings()->row_delta().sizes()) * 0.7);
  }
}

std::string error_of(TextStack& stack, const text::WordEmbedding& e) {
  try {
    text::apply_word_embedding(stack, e);
  } catch (const Error& err) {
    return err.what();
  }
  return "";
}

#define REQUIRE_VOCAB(var)                                          \
  OLIS_REQUIRE_FIXTURES(var##_dirs, "clip_tokenizer", "vocab.json"); \
  const fs::path var = var##_dirs.front()

TEST(WordEmbedding, OlisExportsReproduceTheTrainedTextEncodersExactly) {
  REQUIRE_VOCAB(vocab);
  const fs::path dir = test::temp_dir("word_embedding_exact");
  for (auto family : {io::ModelFamily::SDXL, io::ModelFamily::SD1}) {
    SCOPED_TRACE(io::family_name(family));
    // "zqxjvbw" is five tokens: five trained rows per tower.
    auto trained = make_stack(vocab, family, 5);
    train_rows(trained, "zqxjvbw");
    const std::string prompt = "a photo of zqxjvbw backpack on a rock";
    const auto want = encode(trained, prompt);
    auto untouched = make_stack(vocab, family, 5);
    const auto before = encode(untouched, prompt);
    ASSERT_FALSE(torch::equal(want[0], before[0]));

    const auto e = text::identifier_embedding(trained, "zqxjvbw");
    EXPECT_TRUE(e.trained_rows);
    EXPECT_EQ(e.vectors.at("text_encoder").sizes(), (std::vector<int64_t>{5, 8}));

    // The textual-inversion file: SD 1.x "emb_params" [n, 768-like], SDXL "clip_l" + "clip_g".
    auto tensors = text::embedding_file_tensors(e, family);
    if (family == io::ModelFamily::SDXL) {
      ASSERT_EQ(tensors.size(), 2u);
      EXPECT_EQ(tensors.at("clip_l").sizes(), (std::vector<int64_t>{5, 8}));
      EXPECT_EQ(tensors.at("clip_g").sizes(), (std::vector<int64_t>{5, 12}));
    } else {
      ASSERT_EQ(tensors.size(), 1u);
      EXPECT_EQ(tensors.at("emb_params").sizes(), (std::vector<int64_t>{5, 8}));
    }
    io::WriteOptions w;
    w.metadata[text::kIdentifierMetadataKey] = "zqxjvbw";
    const auto file = dir / (std::string(io::family_name(family)) + ".safetensors");
    io::save_safetensors(file, tensors, w);
    auto read = value_or_throw(text::read_word_embedding(file));
    EXPECT_EQ(read.word, "zqxjvbw");
    EXPECT_TRUE(read.trained_rows);
    auto from_file = make_stack(vocab, family, 5);
    const auto note = text::apply_word_embedding(from_file, read);
    EXPECT_NE(note.find("embedding 'zqxjvbw' (5 vectors)"), std::string::npos) << note;
    const auto got = encode(from_file, prompt);
    for (std::size_t t = 0; t < got.size(); ++t) EXPECT_TRUE(torch::equal(got[t], want[t])) << "tower " << t;

    // Bundled in a kohya LoRA file, in A1111's key convention.
    auto bundle = text::embedding_bundle_tensors(e, family);
    if (family == io::ModelFamily::SDXL) {
      EXPECT_TRUE(bundle.count("bundle_emb.zqxjvbw.clip_l") && bundle.count("bundle_emb.zqxjvbw.clip_g"));
    } else {
      EXPECT_TRUE(bundle.count("bundle_emb.zqxjvbw.string_to_param.*"));
    }
    bundle["lora_te_text_model_encoder_layers_0_mlp_fc1.lora_down.weight"] = torch::zeros({2, 8});
    auto bundled = text::parse_bundled_embeddings(bundle, w.metadata, "lora.safetensors");
    ASSERT_EQ(bundled.size(), 1u);
    EXPECT_TRUE(bundled[0].trained_rows);
    auto from_bundle = make_stack(vocab, family, 5);
    text::apply_word_embedding(from_bundle, bundled[0]);
    const auto got2 = encode(from_bundle, prompt);
    for (std::size_t t = 0; t < got2.size(); ++t) EXPECT_TRUE(torch::equal(got2[t], want[t])) << "tower " << t;
  }
}

TEST(WordEmbedding, ForeignEmbeddingsApplyOnlyAsSingleTokenWords) {
  REQUIRE_VOCAB(vocab);
  const fs::path dir = test::temp_dir("word_embedding_foreign");
  auto stack = make_stack(vocab, io::ModelFamily::SD1, 1);
  // A diffusers-style file: one key, one vector, named after the file ("sks" is one token).
  const auto v = torch::randn({8});
  io::save_safetensors(dir / "sks.safetensors", {{"<sks>", v}});
  auto e = value_or_throw(text::read_word_embedding(dir / "sks.safetensors"));
  EXPECT_EQ(e.word, "sks");
  EXPECT_FALSE(e.trained_rows);
  text::apply_word_embedding(stack, e);
  const auto id = stack.towers[0].tokenizer.tokenize("sks").at(0);
  EXPECT_TRUE(torch::equal(stack.towers[0].encoder->embeddings()->token_embedding->weight[id], v));

  // A new word of several tokens would need new tokens: refused, with the reason.
  io::save_safetensors(dir / "zqxjvbw.safetensors", {{"emb_params", torch::randn({5, 8})}});
  auto multi = value_or_throw(text::read_word_embedding(dir / "zqxjvbw.safetensors"));
  auto msg = error_of(stack, multi);
  EXPECT_NE(msg.find("zqxjvbw.safetensors"), std::string::npos) << msg;
  EXPECT_NE(msg.find("new word"), std::string::npos) << msg;

  // Width of another model family.
  io::save_safetensors(dir / "wide.safetensors", {{"emb_params", torch::randn({1, 768})}});
  msg = error_of(stack, value_or_throw(text::read_word_embedding(dir / "wide.safetensors")));
  EXPECT_NE(msg.find("768 wide"), std::string::npos) << msg;
  EXPECT_NE(msg.find("wide.safetensors"), std::string::npos) << msg;

  // An SDXL embedding on an SD 1.x model, and the other way round.
  io::save_safetensors(dir / "xl.safetensors", {{"clip_l", torch::randn({1, 8})}, {"clip_g", torch::randn({1, 12})}});
  msg = error_of(stack, value_or_throw(text::read_word_embedding(dir / "xl.safetensors")));
  EXPECT_NE(msg.find("text_encoder_2"), std::string::npos) << msg;
  auto xl_stack = make_stack(vocab, io::ModelFamily::SDXL, 1);
  msg = error_of(xl_stack, e);
  EXPECT_NE(msg.find("no vectors for text_encoder_2"), std::string::npos) << msg;

  // An Olis export of another identifier's token count.
  io::WriteOptions w;
  w.metadata[text::kIdentifierMetadataKey] = "olis";
  io::save_safetensors(dir / "olis.safetensors", {{"emb_params", torch::randn({3, 8})}}, w);
  msg = error_of(stack, value_or_throw(text::read_word_embedding(dir / "olis.safetensors")));
  EXPECT_NE(msg.find("3 vectors"), std::string::npos) << msg;

  // Layouts that are neither.
  io::save_safetensors(dir / "half.safetensors", {{"clip_l", torch::randn({1, 8})}});
  auto half = text::read_word_embedding(dir / "half.safetensors");
  ASSERT_FALSE(half);
  EXPECT_NE(half.error().message().find("needs both 'clip_l' and 'clip_g'"), std::string::npos) << half.error().message();
  io::save_safetensors(dir / "two.safetensors", {{"a", torch::randn({1, 8})}, {"b", torch::randn({1, 8})}});
  auto two = text::read_word_embedding(dir / "two.safetensors");
  ASSERT_FALSE(two);
  EXPECT_NE(two.error().message().find("a, b"), std::string::npos) << two.error().message();
}

TEST(WordEmbedding, TheEmbeddingOfALoraIsBundledOrTheFileItsMetadataNames) {
  REQUIRE_VOCAB(vocab);
  const fs::path dir = test::temp_dir("word_embedding_lora");
  const std::map<std::string, std::string> meta{{text::kIdentifierMetadataKey, "olis"},
                                                {text::kEmbeddingFileMetadataKey, "embeddings/olis.safetensors"}};
  std::vector<std::string> warnings;
  // Named but missing: nothing applied, and the log says what that means.
  auto none = text::embeddings_for_lora(dir / "pytorch_lora_weights.safetensors", {}, meta, warnings);
  EXPECT_TRUE(none.empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("embeddings/olis.safetensors"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("will not match the trained model"), std::string::npos) << warnings[0];

  fs::create_directories(dir / "embeddings");
  io::WriteOptions w;
  w.metadata[text::kIdentifierMetadataKey] = "olis";
  io::save_safetensors(dir / "embeddings" / "olis.safetensors", {{"emb_params", torch::ones({1, 8})}}, w);
  warnings.clear();
  auto adjacent = text::embeddings_for_lora(dir / "pytorch_lora_weights.safetensors", {}, meta, warnings);
  ASSERT_EQ(adjacent.size(), 1u);
  EXPECT_TRUE(warnings.empty());
  EXPECT_TRUE(torch::equal(adjacent[0].vectors.at("text_encoder"), torch::ones({1, 8})));

  // A bundle in the file wins over the file next to it.
  io::TensorMap bundled{{"bundle_emb.olis.string_to_param.*", torch::zeros({1, 8})}};
  auto own = text::embeddings_for_lora(dir / "lora_kohya.safetensors", bundled, meta, warnings);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_TRUE(own[0].trained_rows);
  EXPECT_TRUE(torch::equal(own[0].vectors.at("text_encoder"), torch::zeros({1, 8})));

  // The LoRA reader keeps bundled embeddings and metadata instead of calling them unknown keys.
  io::TensorMap lora{{"lora_te_text_model_encoder_layers_0_mlp_fc1.lora_down.weight", torch::zeros({2, 8})},
                     {"lora_te_text_model_encoder_layers_0_mlp_fc1.lora_up.weight", torch::zeros({16, 2})},
                     {"bundle_emb.olis.string_to_param.*", torch::zeros({1, 8})}};
  io::WriteOptions lw;
  lw.metadata = meta;
  io::save_safetensors(dir / "lora_kohya.safetensors", lora, lw);
  auto file = value_or_throw(models::read_lora(dir / "lora_kohya.safetensors"));
  EXPECT_EQ(file.entries.size(), 1u);
  EXPECT_EQ(file.bundled_embeddings.size(), 1u);
  EXPECT_EQ(file.metadata.at(text::kIdentifierMetadataKey), "olis");
  // A malformed bundle key is named.
  try {
    text::parse_bundled_embeddings({{"bundle_emb.olis", torch::zeros({1, 8})}}, {}, "x.safetensors");
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'bundle_emb.olis'"), std::string::npos) << e.what();
  }
}

TEST(WordEmbedding, IdentifiersThatCannotNameAFileAreRefused) {
  EXPECT_NO_THROW(text::check_embedding_word("olis"));
  for (const char* bad : {"", "a.b", "a b", "x/y"}) EXPECT_THROW(text::check_embedding_word(bad), Error) << bad;
}

}  // namespace
