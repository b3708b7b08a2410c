// LoRA files (diffusers, PEFT, kohya) applied to the UNet against diffusers' outputs (fixtures lora_*).
#include <fstream>
#include <regex>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "core/models/lora.h"
#include "core/models/unet_2d_condition.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

namespace fs = std::filesystem;
using olis::test::tensors_close;

// The UNet fixture a LoRA fixture was made for: named in its README ("../unet_xxx"), else the unet_* fixture
// whose case output equals the LoRA case's base output.
fs::path base_unet_dir(const fs::path& lora_dir, const olis::io::TensorMap& lora_case) {
  std::ifstream in(lora_dir / "README.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::smatch m;
  if (std::regex_search(text, m, std::regex(R"(\.\./(unet_[A-Za-z0-9_]+))"))) {
    auto d = lora_dir.parent_path() / m[1].str();
    if (fs::exists(d / "config.json")) return d;
  }
  for (const auto& d : olis::test::fixture_dirs("unet_", "case.safetensors")) {
    auto c = olis::test::load_case(d / "case.safetensors");
    if (c.count("out_sample") && c.at("out_sample").sizes() == lora_case.at("out_sample_base").sizes() &&
        torch::equal(c.at("out_sample"), lora_case.at("out_sample_base")))
      return d;
  }
  return {};
}

TEST(LoraParity, EveryFormatAndScaleMatchesDiffusers) {
  OLIS_REQUIRE_FIXTURES(dirs, "lora_", "case.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto c = olis::test::load_case(dir / "case.safetensors");
    auto unet_dir = base_unet_dir(dir, c);
    ASSERT_FALSE(unet_dir.empty()) << "cannot tell which UNet fixture " << dir << " belongs to";
    auto unet = olis::models::load_unet(unet_dir);
    olis::compat::InferenceGuard guard;
    auto run = [&] { return unet->forward(c.at("sample"), c.at("timestep"), c.at("encoder_hidden_states")); };
    const auto base = run();
    ASSERT_TRUE(tensors_close(base, c.at("out_sample_base"), 1e-5, 0, "out_sample_base"));
    olis::models::LoraTargetTree tree{"unet", {"lora_unet"}, unet.get(), {}};
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      const auto p = entry.path();
      if (p.extension() != ".safetensors" || p.filename() == "case.safetensors") continue;
      SCOPED_TRACE(p.filename().string());
      auto file = olis::models::read_lora(p);
      ASSERT_TRUE(file) << file.error().what();
      const double mult = file->entries.at(0).multiplier();
      auto net = olis::models::LoraNetwork::bind(*file, {tree});
      EXPECT_EQ(net->size(), file->entries.size());
      for (double scale : {1.0, 0.5}) {
        const auto key = fmt::format("out_sample_lora_scale{:.1f}", scale * mult);
        if (!c.count(key)) continue;
        for (auto mode : {olis::models::LoraMode::Runtime, olis::models::LoraMode::Merged}) {
          SCOPED_TRACE(fmt::format("scale {} {}", scale, mode == olis::models::LoraMode::Merged ? "merged" : "runtime"));
          net->apply(mode, scale);
          EXPECT_TRUE(tensors_close(run(), c.at(key), 1e-5, 0, key));
          net->remove();
          EXPECT_TRUE(tensors_close(run(), base, 1e-5, 0, "after remove"));
          ++checked;
        }
      }
      // Changing the scale of an applied LoRA (both modes) equals applying it at that scale.
      for (auto mode : {olis::models::LoraMode::Runtime, olis::models::LoraMode::Merged}) {
        const auto key = fmt::format("out_sample_lora_scale{:.1f}", 0.5 * mult);
        if (!c.count(key)) continue;
        net->apply(mode, 1.0);
        net->set_scale(0.5);
        EXPECT_TRUE(tensors_close(run(), c.at(key), 1e-5, 0, "set_scale(0.5)"));
        net->remove();
      }
    }
    EXPECT_GT(checked, 0) << "no LoRA file of " << dir << " had an expected output";
  }
}

}  // namespace
