// Single-file CompVis/LDM checkpoints converted to diffusers names must give exactly the tensors of the
// diffusers-layout files beside them: every key, bit-exact, nothing left over except the keys the
// fixture's key_map.json marks extra_not_in_diffusers.
#include <gtest/gtest.h>

#include <set>

#include "core/io/model_source.h"
#include "core/io/ldm_names.h"
#include "core/io/single_file.h"
#include "core/util/json_util.h"
#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;
using olis::io::TensorMap;

std::set<std::string> expected_extras(const fs::path& dir) {
  std::set<std::string> out;
  auto km = olis::load_json_file(dir / "key_map.json");
  if (!km || !km->contains("keys")) return out;  // older format: diffusers -> single, no extras
  for (auto it = (*km)["keys"].begin(); it != (*km)["keys"].end(); ++it)
    if (it.value().value("op", "") == "extra_not_in_diffusers") out.insert(it.key());
  return out;
}

TEST(SingleFileParity, ConvertedTensorsEqualDiffusersFiles) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file", "model.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto source = olis::io::ModelSource::open(dir / "model.safetensors");
    ASSERT_TRUE(source) << source.error().what();
    const auto& info = (*source)->info();
    EXPECT_NE(info.family, olis::io::ModelFamily::Unknown);

    int compared = 0;
    for (const char* comp : {"unet", "vae", "text_encoder", "text_encoder_2"}) {
      if (!fs::is_directory(dir / comp)) {
        EXPECT_FALSE((*source)->has_component(comp)) << comp << " converted but has no diffusers folder to check";
        continue;
      }
      SCOPED_TRACE(comp);
      auto weights_file = olis::io::find_component_weights(dir / comp);
      ASSERT_TRUE(weights_file) << weights_file.error().what();
      auto expected = olis::io::load_safetensors(*weights_file);
      ASSERT_TRUE(expected) << expected.error().what();
      auto actual = (*source)->component_weights(comp);
      ASSERT_TRUE(actual) << actual.error().what();
      for (const auto& [k, t] : *expected) {
        auto it = actual->find(k);
        if (it == actual->end()) {
          ADD_FAILURE() << "missing after conversion: " << k;
          continue;
        }
        ASSERT_EQ(it->second.sizes(), t.sizes()) << k;
        EXPECT_TRUE(torch::equal(it->second.contiguous(), t)) << "values differ: " << k;
        ++compared;
      }
      for (const auto& kv : *actual)
        EXPECT_TRUE(expected->count(kv.first)) << "converted key not in the diffusers files: " << kv.first;
    }
    EXPECT_GT(compared, 0);
    const auto extras = expected_extras(dir);
    const std::set<std::string> ignored(info.ignored_keys.begin(), info.ignored_keys.end());
    EXPECT_EQ(ignored, extras);
  }
}

TEST(SingleFileParity, FamilyMatchesDiffusersFolder) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file", "model.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto single = olis::io::ModelSource::open(dir / "model.safetensors");
    auto folder = olis::io::ModelSource::open(dir);
    ASSERT_TRUE(single) << single.error().what();
    ASSERT_TRUE(folder) << folder.error().what();
    EXPECT_EQ((*single)->family(), (*folder)->family());
    EXPECT_EQ((*single)->info().layout, olis::io::ModelLayout::SingleFile);
    EXPECT_EQ((*folder)->info().layout, olis::io::ModelLayout::DiffusersFolder);
  }
}

}  // namespace

namespace {

// The inverse mapping (diffusers module path -> LDM/SGM path) is what kohya LoRA names of SDXL use.
TEST(SingleFileParity, UnetNamesMapBothWays) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file", "model.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto file = olis::io::SafetensorsFile::open(dir / "model.safetensors");
    ASSERT_TRUE(file);
    std::vector<std::string> ldm_keys;
    for (const auto& t : (*file)->tensors())
      if (t.name.rfind("model.diffusion_model.", 0) == 0) ldm_keys.push_back(t.name);
    const auto layout = olis::io::detect_ldm_unet_layout(ldm_keys);
    auto diffusers = olis::io::load_safetensors(olis::io::find_component_weights(dir / "unet").value());
    ASSERT_TRUE(diffusers);
    std::vector<std::string> dkeys;
    for (const auto& kv : *diffusers) dkeys.push_back(kv.first);
    const auto dlayout = olis::io::detect_diffusers_unet_layout(dkeys);
    EXPECT_EQ(dlayout.layers_per_block, layout.layers_per_block);
    EXPECT_EQ(dlayout.up_block_has_attention, layout.up_block_has_attention);
    std::set<std::string> ldm_set;
    for (const auto& k : ldm_keys) ldm_set.insert(k.substr(std::string("model.diffusion_model.").size()));
    for (const auto& k : ldm_keys) {
      auto d = olis::io::ldm_unet_to_diffusers(k, layout);
      ASSERT_TRUE(d) << k;
      auto back = olis::io::diffusers_unet_to_ldm(*d, dlayout);
      ASSERT_TRUE(back) << *d;
      EXPECT_EQ("model.diffusion_model." + *back, k);
    }
  }
}

}  // namespace
