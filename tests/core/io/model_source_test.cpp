#include "core/io/model_source.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;

TEST(ModelSource, FolderWithoutComponentsIsRejectedWithReason) {
  auto dir = olis::test::temp_dir("ms_empty");
  auto m = olis::io::ModelSource::open(dir);
  ASSERT_FALSE(m);
  EXPECT_NE(std::string(m.error().what()).find("not a diffusers model folder"), std::string::npos);
}

TEST(ModelSource, PickleComponentIsRefused) {
  auto dir = olis::test::temp_dir("ms_pickle");
  fs::create_directories(dir / "unet");
  std::ofstream(dir / "unet" / "diffusion_pytorch_model.bin") << "PK";
  auto m = olis::io::ModelSource::open(dir);
  ASSERT_FALSE(m);
  EXPECT_NE(std::string(m.error().what()).find("arbitrary code"), std::string::npos) << m.error().what();
}

TEST(ModelSource, MissingComponentNamesIt) {
  auto dir = olis::test::temp_dir("ms_missing");
  olis::io::save_safetensors(dir / "unet" / "diffusion_pytorch_model.safetensors",
                             {{"conv_in.weight", torch::zeros({4, 4, 3, 3})}});
  olis::write_file_atomic(dir / "unet" / "config.json", R"({"cross_attention_dim": 768})");
  auto m = olis::io::ModelSource::open(dir);
  ASSERT_TRUE(m) << m.error().what();
  EXPECT_EQ((*m)->family(), olis::io::ModelFamily::SD1);
  auto vae = (*m)->component_weights("vae");
  ASSERT_FALSE(vae);
  EXPECT_NE(std::string(vae.error().what()).find("no vae/ folder"), std::string::npos) << vae.error().what();
}

TEST(ModelSource, SingleFileWithoutUnetIsExplained) {
  auto dir = olis::test::temp_dir("ms_lora");
  olis::io::save_safetensors(dir / "lora.safetensors", {{"lora_unet_x.lora_down.weight", torch::zeros({4, 8})}});
  auto m = olis::io::ModelSource::open(dir / "lora.safetensors");
  ASSERT_FALSE(m);
  EXPECT_NE(std::string(m.error().what()).find("is this a LoRA"), std::string::npos);
}

TEST(ModelSource, DetectsFamiliesOfFixtureFolders) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file", "model.safetensors");
  for (const auto& d : dirs) {
    auto m = olis::io::ModelSource::open(d);
    ASSERT_TRUE(m) << m.error().what();
    auto name = d.filename().string();
    auto expected = name.find("sdxl") != std::string::npos  ? olis::io::ModelFamily::SDXL
                    : name.find("sd2") != std::string::npos ? olis::io::ModelFamily::SD2
                                                            : olis::io::ModelFamily::SD1;
    EXPECT_EQ((*m)->family(), expected) << name;
  }
}

}  // namespace
