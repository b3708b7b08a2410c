// CLIP text encoder behaviour that needs no fixture: trainable identifier rows, config detection, and
// the errors for weights of the wrong architecture or a tokenizer that does not fit.
#include <gtest/gtest.h>

#include <fstream>

#include "core/text/clip_text_model.h"
#include "core/text/text_stack.h"
#include "core/text/unicode_text.h"
#include "core/training/adamw.h"
#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;
using olis::text::ClipTextConfig;
using olis::text::ClipTextModel;

ClipTextConfig tiny_config() {
  ClipTextConfig c;
  c.vocab_size = 50;
  c.hidden_size = 8;
  c.intermediate_size = 12;
  c.num_layers = 2;
  c.num_heads = 2;
  c.max_positions = 10;
  c.projection_dim = 4;
  c.eos_token_id = 49;
  return c;
}

olis::io::TensorMap state_of(ClipTextModel& m) {
  olis::io::TensorMap out;
  for (const auto& p : m->named_parameters()) out.emplace(p.key(), p.value().detach().clone());
  return out;
}

std::string load_error(const ClipTextConfig& c, const olis::io::TensorMap& w) {
  ClipTextModel m(c);
  try {
    olis::text::load_clip_text_weights(m, w, "weights.safetensors");
  } catch (const olis::Error& e) {
    return e.what();
  }
  return "";
}

TEST(ClipTextModel, TrainableIdentifierRowsAreTheOnlyRowsThatChange) {
  torch::manual_seed(0);
  ClipTextModel model(tiny_config());
  auto& emb = model->embeddings();
  const auto weight_before = emb->token_embedding->weight.detach().clone();
  const std::vector<int64_t> rows = {7, 11};
  emb->set_trainable_rows(rows);
  EXPECT_FALSE(emb->token_embedding->weight.requires_grad()) << "the full embedding must stay frozen";

  const auto all_ids = torch::arange(50, torch::kLong).view({5, 10});
  const auto lookup = [&] {
    torch::NoGradGuard g;
    return emb->forward(all_ids).view({50, 8}) - emb->position_embedding->weight.repeat({5, 1});
  };
  const auto effective_before = lookup();

  torch::optim::Adam opt({emb->row_delta()}, torch::optim::AdamOptions(0.1));
  const auto ids = torch::tensor({{3, 7, 11, 49, 0, 0, 0, 0, 0, 0}}, torch::kLong);
  auto out = model->forward(ids);
  auto loss = out.text_embeds.pow(2).sum() + out.last_hidden_state.sum();
  loss.backward();
  EXPECT_FALSE(emb->token_embedding->weight.grad().defined()) << "no gradient for the [V, D] embedding";
  ASSERT_TRUE(emb->row_delta().grad().defined());
  opt.step();

  const auto effective_after = lookup();
  const auto changed = (effective_after - effective_before).abs().sum(1) > 0;  // [V]
  for (int64_t id = 0; id < 50; ++id) {
    const bool trainable = id == 7 || id == 11;
    EXPECT_EQ(changed[id].item<bool>(), trainable) << "row " << id;
  }
  EXPECT_TRUE(torch::equal(emb->token_embedding->weight, weight_before)) << "the weight itself is untouched";

  // Merging folds the delta into the weight: same outputs, and only the identifier rows differ.
  torch::NoGradGuard g;
  const auto before_merge = model->forward(ids).last_hidden_state;
  emb->merge_row_delta();
  EXPECT_TRUE(torch::allclose(model->forward(ids).last_hidden_state, before_merge, 1e-6, 1e-6));
  const auto row_changed = (emb->token_embedding->weight - weight_before).abs().sum(1) > 0;
  EXPECT_EQ(row_changed.sum().item<int64_t>(), 2);
  EXPECT_TRUE(row_changed[7].item<bool>() && row_changed[11].item<bool>());
}

TEST(ClipTextModel, IdentifierRowsTrainInFloat32OnABf16Model) {
  // A bf16 model (mixed-precision training): the identifier's delta rows are float32, so an update far
  // below bf16's resolution (1e-4 on a value of 1.0, where bf16 steps by 2^-7) is kept, exported and used.
  torch::manual_seed(2);
  ClipTextModel model(tiny_config());
  model->to(torch::kBFloat16);
  auto& emb = model->embeddings();
  emb->set_trainable_rows({7});
  ASSERT_EQ(emb->row_delta().scalar_type(), torch::kFloat32);
  {
    torch::NoGradGuard g;
    emb->row_delta().fill_(1.0);  // a delta that has already trained for a while
  }
  olis::training::AdamW opt({{"rows", emb->row_delta()}}, {1e-4, 0.9, 0.999, 1e-8, 0.0});
  const auto ids = torch::tensor({{3, 7, 49, 0}}, torch::kLong);
  auto out = model->forward(ids);
  EXPECT_EQ(out.last_hidden_state.scalar_type(), torch::kBFloat16);
  out.last_hidden_state.to(torch::kFloat32).sum().backward();
  opt.step(1e-4);
  const auto d = emb->row_delta().detach();
  const auto g = emb->row_delta().grad();
  // Adam's first step moves each element by lr against the sign of its gradient.
  EXPECT_NEAR(d[0][0].item<double>(), 1.0 - 1e-4 * (g[0][0].item<double>() > 0 ? 1 : -1), 1e-6);
  EXPECT_FALSE(torch::equal(d, torch::ones_like(d)));
}

TEST(ClipTextModel, TrainableRowOutsideTheVocabularyIsAnError) {
  ClipTextModel model(tiny_config());
  EXPECT_THROW(model->embeddings()->set_trainable_rows({50}), olis::Error);
}

TEST(ClipTextModel, PooledOutputIsAtTheFirstEndToken) {
  torch::manual_seed(1);
  ClipTextModel model(tiny_config());
  torch::NoGradGuard g;
  const auto ids = torch::tensor({{48, 5, 49, 49, 49}, {48, 5, 6, 7, 49}}, torch::kLong);
  const auto out = model->forward(ids);
  EXPECT_TRUE(torch::equal(out.pooled[0], out.last_hidden_state[0][2]));
  EXPECT_TRUE(torch::equal(out.pooled[1], out.last_hidden_state[1][4]));
  EXPECT_EQ(out.hidden_states.size(), 3u);
  EXPECT_EQ(out.text_embeds.sizes(), (std::vector<int64_t>{2, 4}));
}

TEST(ClipTextModel, WrongShapeNamesTheKey) {
  ClipTextModel other([] {
    auto c = tiny_config();
    c.intermediate_size = 16;
    return c;
  }());
  const auto msg = load_error(tiny_config(), state_of(other));
  EXPECT_NE(msg.find("weights.safetensors"), std::string::npos) << msg;
  EXPECT_NE(msg.find("text_model.encoder.layers.0.mlp.fc1.weight' is 16x8"), std::string::npos) << msg;
}

TEST(ClipTextModel, MissingAndUnexpectedKeysAreNamed) {
  ClipTextModel good(tiny_config());
  auto w = state_of(good);
  w.erase("text_model.final_layer_norm.weight");
  w.emplace("text_model.encoder.layers.2.mlp.fc1.weight", torch::zeros({12, 8}));
  w.emplace("text_model.embeddings.position_ids", torch::arange(10).view({1, 10}));  // legacy, ignored
  const auto msg = load_error(tiny_config(), w);
  EXPECT_NE(msg.find("missing: text_model.final_layer_norm.weight"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unexpected: text_model.encoder.layers.2.mlp.fc1.weight"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("position_ids"), std::string::npos) << msg;
}

TEST(ClipTextModel, UNetWeightsAreNotATextEncoder) {
  olis::io::TensorMap unet;
  unet.emplace("conv_in.weight", torch::zeros({32, 4, 3, 3}));
  try {
    olis::text::detect_clip_text_config(unet, olis::text::ClipActivation::QuickGelu, "unet.safetensors");
    FAIL() << "detection accepted UNet weights";
  } catch (const olis::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("unet.safetensors"), std::string::npos) << msg;
    EXPECT_NE(msg.find("text_model.embeddings.token_embedding.weight"), std::string::npos) << msg;
  }
}

TEST(ClipTextModel, ConfigDetectedFromShapes) {
  auto c = tiny_config();
  c.hidden_size = 128;
  c.num_heads = 2;
  c.num_layers = 3;
  c.intermediate_size = 100;
  c.projection_dim = 32;
  ClipTextModel m(c);
  const auto d = olis::text::detect_clip_text_config(state_of(m), olis::text::ClipActivation::Gelu, "x");
  EXPECT_EQ(d.hidden_size, 128);
  EXPECT_EQ(d.num_heads, 2);  // 64-wide heads
  EXPECT_EQ(d.num_layers, 3);
  EXPECT_EQ(d.intermediate_size, 100);
  EXPECT_EQ(d.projection_dim, 32);
  EXPECT_EQ(d.vocab_size, 50);
  EXPECT_EQ(d.max_positions, 10);
  EXPECT_EQ(d.activation, olis::text::ClipActivation::Gelu);
  // A width that is not a multiple of 64 has no head count to guess.
  ClipTextModel tiny(tiny_config());
  EXPECT_THROW(olis::text::detect_clip_text_config(state_of(tiny), olis::text::ClipActivation::Gelu, "x"), olis::Error);
}

TEST(ClipTextModel, FolderWithoutWeightsSaysWhatIsMissing) {
  const auto dir = olis::test::temp_dir("te_empty");
  fs::create_directories(dir);
  std::ofstream(dir / "pytorch_model.bin") << "not loaded";
  auto m = olis::text::load_clip_text_model_folder(dir);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message().find("model.safetensors"), std::string::npos) << m.error().message();
}

TEST(ClipTextModel, TokenizerVocabularyMustMatchTheEmbedding) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  auto tok = olis::value_or_throw(olis::text::ClipTokenizer::load(dirs[0] / "vocab.json", dirs[0] / "merges.txt"));
  ClipTextModel model(tiny_config());  // 50 rows, the vocabulary has 49408
  try {
    olis::text::check_tokenizer_fits(tok, model, "text_encoder/model.safetensors");
    FAIL() << "a 49408-token vocabulary was accepted for a 50-row embedding";
  } catch (const olis::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("vocab.json defines 49408 tokens"), std::string::npos) << msg;
    EXPECT_NE(msg.find("text_encoder/model.safetensors has 50 embedding rows"), std::string::npos) << msg;
  }
}

}  // namespace

namespace {

TEST(ClipTextModel, IdentifierRowsBecomeTrainableInEveryTower) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  auto tok = olis::value_or_throw(olis::text::ClipTokenizer::load(dirs[0] / "vocab.json", dirs[0] / "merges.txt"));
  olis::text::TextStack stack;
  stack.family = olis::io::ModelFamily::SDXL;
  for (int64_t width : {8, 12}) {
    auto c = tiny_config();
    c.vocab_size = 49408;
    c.max_positions = 77;
    c.hidden_size = width;
    c.eos_token_id = 49407;
    stack.towers.push_back({"te", tok, ClipTextModel(c)});
  }
  const auto params = olis::text::make_identifier_rows_trainable(stack, "olis");
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].sizes(), (std::vector<int64_t>{1, 8}));
  EXPECT_EQ(params[1].sizes(), (std::vector<int64_t>{1, 12}));
  EXPECT_TRUE(params[0].requires_grad());
  EXPECT_EQ(stack.towers[1].encoder->embeddings()->trainable_rows(), (std::vector<int64_t>{49397}));
  // A split identifier trains all of its rows.
  EXPECT_EQ(olis::text::make_identifier_rows_trainable(stack, "zqxjvbw")[0].size(0), 5);
}

}  // namespace
