// DINO ViT parity against facebookresearch/dino (dino_vits*/case.safetensors): both checkpoint namings,
// intermediate layers, position-embedding interpolation (DINO's scale-factor rule and HF's size rule).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "core/eval/dino_vit.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace olis::eval {
namespace {

constexpr double kAtol = 1e-4, kRtol = 1e-4;  // fixture README, float32 port

std::vector<std::filesystem::path> weight_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const char* name : {"model_dino.safetensors", "model_hf_vit.safetensors", "model.safetensors"})
    if (std::filesystem::exists(dir / name)) out.push_back(dir / name);
  return out;
}

TEST(EvalDinoParity, BothNamingsMatchReference) {
  OLIS_REQUIRE_FIXTURES(dirs, "dino_vit", "case.safetensors");
  for (const auto& dir : dirs) {
    auto c = olis::test::load_case(dir / "case.safetensors");
    const auto files = weight_files(dir);
    ASSERT_FALSE(files.empty()) << dir;
    for (const auto& file : files) {
      SCOPED_TRACE(file.string());
      auto model = load_dino_vit(file);
      compat::InferenceGuard guard;
      auto out = model->forward(c.at("pixel_values"), /*keep_intermediate=*/true);
      const auto name = file.filename().string() + ": ";
      EXPECT_TRUE(olis::test::tensors_close(out.last_hidden_state, c.at("last_hidden_state"), kAtol, kRtol,
                                            name + "last_hidden_state"));
      EXPECT_TRUE(olis::test::tensors_close(out.cls_embedding, c.at("cls_embedding"), kAtol, kRtol, name + "cls_embedding"));
      EXPECT_TRUE(olis::test::tensors_close(out.cls_embedding, c.at("cls_embedding_f64"), kAtol, kRtol,
                                            name + "cls_embedding_f64"));
      if (c.count("intermediate_layers_normed")) {
        auto expected = c.at("intermediate_layers_normed");
        ASSERT_EQ(static_cast<int64_t>(out.intermediate.size()), expected.size(0));
        for (int64_t i = 0; i < expected.size(0); ++i)
          EXPECT_TRUE(olis::test::tensors_close(out.intermediate[i], expected[i], kAtol, kRtol,
                                                name + "intermediate[" + std::to_string(i) + "]"));
      }
    }
  }
}

TEST(EvalDinoParity, PositionEmbeddingInterpolation) {
  OLIS_REQUIRE_FIXTURES(dirs, "dino_vit", "case.safetensors");
  for (const auto& dir : dirs) {
    auto c = olis::test::load_case(dir / "case.safetensors");
    for (const auto& file : weight_files(dir)) {
      auto model = load_dino_vit(file);
      int cases = 0;
      for (int i = 0; c.count("interp" + std::to_string(i) + "_pixel_values"); ++i, ++cases) {
        const auto p = "interp" + std::to_string(i) + "_";
        SCOPED_TRACE(file.string() + " " + p);
        compat::InferenceGuard guard;
        model->interpolation = PosEmbedInterpolation::kDinoScaleFactor;
        auto out = model->forward(c.at(p + "pixel_values"));
        EXPECT_TRUE(olis::test::tensors_close(out.pos_embed, c.at(p + "pos_embed"), kAtol, kRtol, p + "pos_embed"));
        EXPECT_TRUE(olis::test::tensors_close(out.last_hidden_state, c.at(p + "last_hidden_state"), kAtol, kRtol,
                                              p + "last_hidden_state"));
        EXPECT_TRUE(olis::test::tensors_close(out.cls_embedding, c.at(p + "cls_embedding"), kAtol, kRtol, p + "cls_embedding"));
        if (c.count(p + "cls_embedding_hf_size_mode")) {
          model->interpolation = PosEmbedInterpolation::kTargetSize;
          auto hf = model->forward(c.at(p + "pixel_values"));
          EXPECT_TRUE(olis::test::tensors_close(hf.cls_embedding, c.at(p + "cls_embedding_hf_size_mode"), kAtol, kRtol,
                                                p + "cls_embedding_hf_size_mode"));
        }
      }
      EXPECT_GT(cases, 0) << "no interp* entries in " << dir;
    }
  }
}

TEST(EvalDinoParity, LayerNormEpsComesFromTheConfig) {
  OLIS_REQUIRE_FIXTURES(dirs, "dino_vit", "case.safetensors");
  for (const auto& dir : dirs) {
    auto c = olis::test::load_case(dir / "case.safetensors");
    if (!c.count("cls_embedding_ln_eps_1e-12")) continue;
    auto base = load_dino_vit(weight_files(dir).front());
    auto cfg = base->config();
    cfg.norm_eps = 1e-12;
    DinoVit model(cfg);
    {
      torch::NoGradGuard ng;
      auto src = base->named_parameters();
      for (auto& p : model->named_parameters()) p.value().copy_(src[p.key()]);
    }
    compat::InferenceGuard guard;
    auto cls = model->embed(c.at("pixel_values"));
    EXPECT_TRUE(olis::test::tensors_close(cls, c.at("cls_embedding_ln_eps_1e-12"), 1e-5, 1e-5, "eps 1e-12"));
  }
}

}  // namespace
}  // namespace olis::eval
