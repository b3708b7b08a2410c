// UNet, VAE and kohya LoRA loaded from single-file (CompVis/LDM/SGM) checkpoints, with configs detected from
// shapes, against the diffusers outputs of the same weights (fixtures ldm_single_file_*). The diffusers folders
// beside each file are checked through the same loader.
#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "core/models/pretrained.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

namespace fs = std::filesystem;
using olis::io::TensorMap;
using olis::test::tensors_close;

TensorMap with_prefix(const TensorMap& all, const std::string& prefix) {
  TensorMap out;
  for (const auto& [k, v] : all)
    if (k.rfind(prefix, 0) == 0) out[k.substr(prefix.size())] = v;
  return out;
}

// Expected outputs of one component: "<component>.*" keys of the folder's case file, else the case file of
// the fixture the README names ("../unet_sd15_tiny").
TensorMap expected_for(const fs::path& dir, const std::string& component) {
  if (fs::exists(dir / "case.safetensors")) {
    auto sub = with_prefix(olis::test::load_case(dir / "case.safetensors"), component + ".");
    if (!sub.empty()) return sub;
  }
  std::ifstream in(dir / "README.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::smatch m;
  if (std::regex_search(text, m, std::regex("\\.\\./(" + component + "_[A-Za-z0-9_]+)"))) {
    auto other = dir.parent_path() / m[1].str() / "case.safetensors";
    if (fs::exists(other)) return olis::test::load_case(other);
  }
  return {};
}

void check_unet(olis::models::UNet2DConditionModel& unet, const TensorMap& c, const std::string& what) {
  olis::models::UNetAddedCond added;
  if (c.count("text_embeds")) added = {c.at("text_embeds"), c.at("time_ids")};
  olis::compat::InferenceGuard guard;
  auto out = unet->forward(c.at("sample"), c.at("timestep"), c.at("encoder_hidden_states"), added);
  EXPECT_TRUE(tensors_close(out, c.at("out_sample"), 1e-4, 0, what + " out_sample"));
}

void check_vae(olis::models::AutoencoderKL& vae, const TensorMap& c, const std::string& what) {
  olis::compat::InferenceGuard guard;
  auto dist = vae->encode(c.at(c.count("image") ? "image" : "vae.image"));
  EXPECT_TRUE(tensors_close(dist.mean, c.at("out_mean"), 1e-4, 0, what + " out_mean"));
  EXPECT_TRUE(tensors_close(dist.logvar, c.at("out_logvar"), 1e-4, 0, what + " out_logvar"));
  EXPECT_TRUE(tensors_close(vae->decode(c.at("z")), c.at("out_decoded"), 1e-4, 0, what + " out_decoded"));
}

TEST(SingleFileModelsParity, UnetAndVaeFromSingleFileMatchDiffusers) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file", "model.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto single = olis::io::ModelSource::open(dir / "model.safetensors");
    ASSERT_TRUE(single) << single.error().what();
    auto unet_case = expected_for(dir, "unet");
    auto vae_case = expected_for(dir, "vae");
    ASSERT_FALSE(unet_case.empty()) << "no expected UNet outputs for " << dir;
    ASSERT_FALSE(vae_case.empty()) << "no expected VAE outputs for " << dir;

    auto unet = olis::models::load_unet(**single);
    check_unet(unet, unet_case, "single file");
    auto vae = olis::models::load_vae(**single);
    check_vae(vae, vae_case, "single file");

    // The detected config equals the diffusers config on everything the architecture depends on.
    if (fs::exists(dir / "unet" / "config.json")) {
      auto folder_cfg = olis::models::UNetConfig::load(dir / "unet" / "config.json").value();
      const auto& det = unet->config();
      EXPECT_EQ(det.block_out_channels, folder_cfg.block_out_channels);
      EXPECT_EQ(det.down_block_types, folder_cfg.down_block_types);
      EXPECT_EQ(det.up_block_types, folder_cfg.up_block_types);
      EXPECT_EQ(det.layers_per_block, folder_cfg.layers_per_block);
      EXPECT_EQ(det.num_attention_heads, folder_cfg.num_attention_heads);
      EXPECT_EQ(det.transformer_layers_per_block, folder_cfg.transformer_layers_per_block);
      EXPECT_EQ(det.use_linear_projection, folder_cfg.use_linear_projection);
      EXPECT_EQ(det.cross_attention_dim, folder_cfg.cross_attention_dim);
      EXPECT_EQ(det.norm_num_groups, folder_cfg.norm_num_groups);
      EXPECT_EQ(det.addition_time_embed_dim, folder_cfg.addition_time_embed_dim);
    }
    if (fs::exists(dir / "vae" / "config.json")) {
      auto folder_cfg = olis::models::VaeConfig::load(dir / "vae" / "config.json").value();
      EXPECT_EQ(vae->config().block_out_channels, folder_cfg.block_out_channels);
      EXPECT_EQ(vae->config().norm_num_groups, folder_cfg.norm_num_groups);
      EXPECT_DOUBLE_EQ(vae->config().scaling_factor, folder_cfg.scaling_factor);
    }

    // kohya LoRA files of the folder (SGM module names for SDXL).
    const auto lora_key = "out_sample_scale1.0";
    auto lora_case = fs::exists(dir / "case.safetensors")
                         ? with_prefix(olis::test::load_case(dir / "case.safetensors"), "lora.")
                         : TensorMap{};
    int loras_checked = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
      const auto name = e.path().filename().string();
      if (name.rfind("lora", 0) != 0 || e.path().extension() != ".safetensors" || !lora_case.count(lora_key)) continue;
      SCOPED_TRACE(name);
      auto file = olis::models::read_lora(e.path());
      ASSERT_TRUE(file) << file.error().what();
      auto net = olis::models::LoraNetwork::bind(*file, {olis::models::lora_target(unet)});
      EXPECT_EQ(net->size(), file->entries.size());
      auto c = unet_case;
      c["out_sample"] = lora_case.at(lora_key);
      for (auto mode : {olis::models::LoraMode::Runtime, olis::models::LoraMode::Merged}) {
        net->apply(mode, 1.0);
        check_unet(unet, c, mode == olis::models::LoraMode::Merged ? "kohya merged" : "kohya runtime");
        net->remove();
      }
      check_unet(unet, unet_case, "after removing the LoRA");
      ++loras_checked;
    }
    if (lora_case.count(lora_key)) EXPECT_GT(loras_checked, 0) << "expected LoRA output but no lora*.safetensors";
  }
}

TEST(SingleFileModelsParity, DiffusersFoldersBesideTheFilesMatchToo) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file", "model.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    if (!fs::exists(dir / "unet" / "config.json")) continue;
    auto folder = olis::io::ModelSource::open(dir);
    ASSERT_TRUE(folder) << folder.error().what();
    auto unet = olis::models::load_unet(**folder);
    check_unet(unet, expected_for(dir, "unet"), "diffusers folder");
    auto vae = olis::models::load_vae(**folder);
    check_vae(vae, expected_for(dir, "vae"), "diffusers folder");
  }
}

}  // namespace
