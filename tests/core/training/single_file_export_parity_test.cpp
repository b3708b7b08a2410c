// The full fine-tune's single-file export is the exact inverse of the single-file loader: for every
// ldm_single_file_* fixture (SD 1.x, SD 2.x, SDXL), converting to diffusers components and back gives the
// original tensors, and loading the export gives the same components.
#include "core/training/single_file_export.h"

#include <gtest/gtest.h>

#include "core/io/single_file.h"
#include "tests/support/fixtures.h"

using namespace olis;

TEST(SingleFileExportParity, RoundTripsEveryFixture) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file", "model.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto original = value_or_throw(io::load_safetensors(dir / "model.safetensors"));
    std::vector<io::TensorInfo> infos;
    auto file = value_or_throw(io::SafetensorsFile::open(dir / "model.safetensors"));
    const auto family = io::detect_single_file_family(file->tensors());
    auto converted = io::convert_single_file(original, family, "model.safetensors");
    auto exported = training::diffusers_to_single_file(converted.components, family, &original);
    int64_t compared = 0;
    for (const auto& [key, t] : original) {
      if (std::find(converted.ignored_keys.begin(), converted.ignored_keys.end(), key) != converted.ignored_keys.end()) continue;
      auto it = exported.find(key);
      ASSERT_NE(it, exported.end()) << key << " is missing from the export";
      EXPECT_EQ(it->second.sizes(), t.sizes()) << key;
      EXPECT_TRUE(torch::equal(it->second.contiguous(), t)) << key;
      ++compared;
    }
    EXPECT_GT(compared, 100);
    // Without the original file (a diffusers-folder base), the export still loads to the same components.
    auto alone = training::diffusers_to_single_file(converted.components, family);
    auto back = io::convert_single_file(alone, family, "export");
    for (const auto& [name, comp] : converted.components) {
      ASSERT_TRUE(back.components.count(name)) << name;
      ASSERT_EQ(back.components.at(name).size(), comp.size()) << name;
      for (const auto& [k, t] : comp) EXPECT_TRUE(torch::equal(back.components.at(name).at(k).contiguous(), t.contiguous())) << name << "." << k;
    }
  }
}
