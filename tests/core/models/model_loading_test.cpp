// Loading the image models: errors that name the problem (missing component folder, weights that do not match
// the config, unsupported dtype on a device, unsupported config features) and config detection from shapes.
#include <fstream>

#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "core/models/model_bench.h"
#include "core/models/pretrained.h"
#include "tests/core/models/tiny_models.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

namespace fs = std::filesystem;
using namespace olis::models;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const olis::Error& e) {
    return e.what();
  }
  return "";
}

void write_component(const fs::path& dir, const nlohmann::json& config, const olis::io::TensorMap& weights) {
  fs::create_directories(dir);
  std::ofstream(dir / "config.json") << config.dump(2);
  olis::io::save_safetensors(dir / "diffusion_pytorch_model.safetensors", weights);
}

TEST(ModelLoading, MissingComponentFolderIsNamed) {
  auto root = olis::test::temp_dir("no_unet");
  auto m = error_of([&] { load_unet(root / "unet"); });
  EXPECT_NE(m.find((root / "unet").string()), std::string::npos) << m;
  EXPECT_NE(m.find("does not exist"), std::string::npos) << m;
  fs::create_directories(root / "vae");
  m = error_of([&] { load_vae(root / "vae"); });
  EXPECT_NE(m.find("config.json"), std::string::npos) << m;
}

TEST(ModelLoading, WeightsNotMatchingTheConfigListMismatches) {
  auto dir = olis::test::temp_dir("unet_mismatch") / "unet";
  auto unet = olis::test::tiny_unet();
  auto weights = state_dict(*unet);
  auto cfg = unet->config().to_json();
  cfg["cross_attention_dim"] = 24;  // every attn2.to_k/to_v now has the wrong shape
  write_component(dir, cfg, weights);
  auto m = error_of([&] { load_unet(dir); });
  EXPECT_NE(m.find("does not match"), std::string::npos) << m;
  EXPECT_NE(m.find("attn2.to_k.weight"), std::string::npos) << m;
  EXPECT_NE(m.find("shape mismatches"), std::string::npos) << m;
  EXPECT_NE(m.find("diffusion_pytorch_model.safetensors"), std::string::npos) << m;

  cfg = unet->config().to_json();
  cfg["layers_per_block"] = 2;  // keys the file does not have
  write_component(dir, cfg, weights);
  m = error_of([&] { load_unet(dir); });
  EXPECT_NE(m.find("missing from the file"), std::string::npos) << m;
  EXPECT_NE(m.find("down_blocks.0.attentions.1."), std::string::npos) << m;  // the second layer of block 0

  cfg = unet->config().to_json();
  write_component(dir, cfg, weights);
  EXPECT_EQ(error_of([&] { load_unet(dir); }), "");
}

TEST(ModelLoading, UnsupportedConfigFeaturesAreRefusedByName) {
  auto cfg = olis::test::tiny_unet_config().to_json();
  cfg["class_embed_type"] = "timestep";
  auto m = error_of([&] { UNetConfig::from_json(cfg, "unet/config.json"); });
  EXPECT_NE(m.find("class_embed_type"), std::string::npos) << m;
  cfg = olis::test::tiny_unet_config().to_json();
  cfg["down_block_types"] = {"SimpleCrossAttnDownBlock2D", "DownBlock2D"};
  m = error_of([&] { UNetConfig::from_json(cfg, "unet/config.json"); });
  EXPECT_NE(m.find("SimpleCrossAttnDownBlock2D"), std::string::npos) << m;
}

TEST(ModelLoading, UnsupportedDtypeOrDeviceIsAClearError) {
  Placement cuda{torch::Device(torch::kCUDA, 0), torch::kFloat32};
  if (!torch::cuda::is_available()) {
    auto m = error_of([&] { require_supported(cuda, "UNet"); });
    EXPECT_NE(m.find("CUDA"), std::string::npos) << m;
  }
  Placement half{torch::kCPU, torch::kHalf};
  auto m = error_of([&] { require_supported(half, "UNet"); });
  if (!m.empty()) {
    EXPECT_NE(m.find("fp16"), std::string::npos) << m;
    EXPECT_NE(m.find("cpu"), std::string::npos) << m;
  } else {  // this libtorch has the kernels: then a model must really run in fp16
    UNet2DConditionModel unet(olis::test::tiny_unet_config(), half.options());
    olis::compat::InferenceGuard g;
    auto out = unet->forward(torch::randn({1, 4, 8, 8}), torch::tensor({1}), torch::randn({1, 3, 12}));
    EXPECT_EQ(out.scalar_type(), torch::kHalf);
  }
  EXPECT_FALSE(parse_dtype("int8"));
  EXPECT_FALSE(parse_device("tpu"));
}

TEST(ModelLoading, Bf16OnCpuRunsAndStaysCloseToFp32) {
  Placement bf16{torch::kCPU, torch::kBFloat16};
  if (!error_of([&] { require_supported(bf16, "UNet"); }).empty()) GTEST_SKIP() << "no bf16 kernels in this libtorch";
  auto unet = olis::test::tiny_unet(5);
  auto weights = state_dict(*unet);
  auto unet16 = load_unet(unet->config(), weights, "tiny", bf16);
  torch::manual_seed(1);
  auto x = torch::randn({1, 4, 8, 8}), ctx = torch::randn({1, 3, 12});
  olis::compat::InferenceGuard g;
  auto ref = unet->forward(x, torch::tensor({7}), ctx);
  auto out = unet16->forward(x, torch::tensor({7}), ctx);
  EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
  EXPECT_LT(olis::test::max_abs_diff(out, ref), 0.1 * ref.abs().max().item<double>() + 0.05);
}

TEST(ModelLoading, DetectedConfigEqualsTheConfigFile) {
  OLIS_REQUIRE_FIXTURES(dirs, "unet_", "config.json");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto cfg = UNetConfig::load(dir / "config.json").value();
    auto tensors = olis::io::load_safetensors(dir / "diffusion_pytorch_model.safetensors").value();
    UNetConfig::DetectHints hints;
    hints.num_attention_heads = cfg.num_attention_heads;  // not visible in shapes
    hints.norm_num_groups = cfg.norm_num_groups;
    hints.text_embeds_dim = cfg.addition_embed_type.empty() ? 0 : cfg.added_text_embeds_dim();
    auto det = UNetConfig::detect(tensors, hints);
    EXPECT_EQ(det.block_out_channels, cfg.block_out_channels);
    EXPECT_EQ(det.down_block_types, cfg.down_block_types);
    EXPECT_EQ(det.up_block_types, cfg.up_block_types);
    EXPECT_EQ(det.layers_per_block, cfg.layers_per_block);
    EXPECT_EQ(det.transformer_layers_per_block, cfg.transformer_layers_per_block);
    EXPECT_EQ(det.cross_attention_dim, cfg.cross_attention_dim);
    EXPECT_EQ(det.use_linear_projection, cfg.use_linear_projection);
    EXPECT_EQ(det.addition_embed_type, cfg.addition_embed_type);
    EXPECT_EQ(det.addition_time_embed_dim, cfg.addition_time_embed_dim);
    EXPECT_EQ(det.projection_class_embeddings_input_dim, cfg.projection_class_embeddings_input_dim);
    EXPECT_EQ(det.time_embed_dim(), cfg.time_embed_dim());
  }
}

TEST(ModelLoading, DetectionFollowsTheRealModelConventions) {
  // Real-size architectures built on the meta device (shapes only, no memory): detection must give back
  // SD 1.x's 8 heads, SD 2.x/SDXL's 64 channels per head and SDXL's 1280 + 6 x 256 added inputs.
  for (const std::string name : {"sd15", "sd2", "sdxl"}) {
    SCOPED_TRACE(name);
    auto ref = reference_unet_config(name);
    UNet2DConditionModel unet(ref, torch::TensorOptions().device(torch::kMeta));
    auto det = UNetConfig::detect(state_dict(*unet));
    EXPECT_EQ(det.num_attention_heads, ref.num_attention_heads);
    EXPECT_EQ(det.norm_num_groups, 32);
    EXPECT_EQ(det.transformer_layers_per_block, ref.transformer_layers_per_block);
    EXPECT_EQ(det.addition_time_embed_dim, ref.addition_time_embed_dim);
    EXPECT_EQ(det.upcast_attention, ref.upcast_attention);
    EXPECT_EQ(det.family(), ref.family());
  }
}

}  // namespace
