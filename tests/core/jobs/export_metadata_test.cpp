// What an export says about itself: the base model's hashes as kohya and A1111 compute them, the settings
// and the checkpoint's step and metrics in kohya's names.
#include "core/jobs/export_metadata.h"

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;
using namespace olis;
using namespace olis::jobs;

void write_bytes(const fs::path& file, std::size_t n) {
  std::ofstream out(file, std::ios::binary);
  for (std::size_t i = 0; i < n; ++i) out.put(static_cast<char>(i % 251));
}

// Expected values from Python's hashlib on the same bytes (bytes(i % 251 for i in range(n))).
TEST(ExportMetadata, ModelHashesAreKohyasAndA1111s) {
  const fs::path dir = test::temp_dir("export_metadata_hashes");
  write_bytes(dir / "big.safetensors", 0x100000 + 0x10000 + 100);
  EXPECT_EQ(value_or_throw(legacy_model_hash(dir / "big.safetensors")), "15ffd73b");
  write_bytes(dir / "short.safetensors", 0x100000 + 1000);  // only 1000 bytes after 1 MiB
  EXPECT_EQ(value_or_throw(legacy_model_hash(dir / "short.safetensors")), "32e7eefd");
  write_bytes(dir / "tiny.safetensors", 10);  // nothing after 1 MiB: the hash of no bytes
  EXPECT_EQ(value_or_throw(legacy_model_hash(dir / "tiny.safetensors")), "e3b0c442");
  EXPECT_FALSE(legacy_model_hash(dir / "missing.safetensors"));

  const std::string full = "3603c7ee0c3f77ca628bbc515ae014644e31d2bbc7e72a6bd4bb757df1c5e38a";
  const fs::path cache = dir / "cache.json";
  EXPECT_EQ(value_or_throw(cached_file_sha256(dir / "big.safetensors", cache)), full);
  ASSERT_TRUE(fs::exists(cache));
  // The cached value is used while path, size and time match (a forged value proves it was not recomputed) ...
  auto j = nlohmann::json::parse(std::ifstream(cache));
  j["sha256"] = "cached";
  std::ofstream(cache) << j.dump();
  EXPECT_EQ(value_or_throw(cached_file_sha256(dir / "big.safetensors", cache)), "cached");
  // ... and a changed file is hashed again.
  write_bytes(dir / "big.safetensors", 0x100000 + 0x10000 + 100);
  fs::last_write_time(dir / "big.safetensors", fs::last_write_time(dir / "big.safetensors") + std::chrono::seconds(5));
  EXPECT_EQ(value_or_throw(cached_file_sha256(dir / "big.safetensors", cache)), full);
}

TEST(ExportMetadata, SettingsAndStepInKohyasNames) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file_sdxl_tiny", "model.safetensors");
  const fs::path dir = test::temp_dir("export_metadata_run");
  Project project;
  project.subject.class_noun = "backpack";
  project.subject.specific_class = "hiking backpack";
  project.photos.resize(5);
  TrainSettings s;
  s.base_model = dirs.front() / "model.safetensors";
  s.output_dir = dir / "training";
  s.lr = 1e-4;
  s.regularization.count = 2000;
  auto m = run_export_metadata(project, dir / "my-backpack", s, 8000, 1024);
  EXPECT_EQ(m.at("ss_output_name"), "my-backpack");
  EXPECT_EQ(m.at("ss_sd_model_name"), "model.safetensors");
  EXPECT_EQ(m.at("ss_sd_model_hash").size(), 8u);
  EXPECT_EQ(m.at("ss_new_sd_model_hash").size(), 64u);
  EXPECT_TRUE(fs::exists(dir / "training" / "base_model.sha256.json"));
  EXPECT_EQ(m.at("ss_learning_rate"), "0.0001");
  EXPECT_EQ(m.at("ss_max_train_steps"), "8000");
  EXPECT_EQ(m.at("ss_max_grad_norm"), "1.0");
  EXPECT_EQ(m.at("ss_resolution"), "(1024, 1024)");
  EXPECT_EQ(m.at("ss_num_train_images"), "5");
  EXPECT_EQ(m.at("ss_num_reg_images"), "2000");
  EXPECT_EQ(m.at("ss_mixed_precision"), "no");
  EXPECT_EQ(nlohmann::json::parse(m.at("olis_settings")).at("mode"), "lora");
  EXPECT_EQ(nlohmann::json::parse(m.at("olis_subject")).at("specific_class"), "hiking backpack");
  EXPECT_EQ(m.at("olis_base_model_fingerprint").size(), 64u);

  // A folder base model has no single-file hash; its name is the folder's.
  s.base_model = dirs.front();
  auto folder = run_export_metadata(project, dir / "my-backpack", s, 8000, 1024);
  EXPECT_EQ(folder.count("ss_sd_model_hash"), 0u);
  EXPECT_EQ(folder.at("ss_sd_model_name"), dirs.front().filename().string());

  StepExport se;
  se.step = 1500;
  se.choice = "suggested";
  se.suggested_step = 1500;
  eval::CheckpointMetrics metrics;
  metrics.step = 1500;
  metrics.dino = 0.71;
  metrics.clip_t = 0.29;
  se.metrics = metrics;
  se.smoothed_loss = 0.125;
  add_step_metadata(m, se);
  EXPECT_EQ(m.at("ss_steps"), "1500");
  EXPECT_EQ(m.at("olis_step"), "1500");
  EXPECT_EQ(m.at("olis_checkpoint"), "suggested");
  EXPECT_EQ(m.at("olis_suggested_step"), "1500");
  EXPECT_EQ(m.at("olis_smoothed_loss"), "0.125");
  const auto j = nlohmann::json::parse(m.at("olis_metrics"));
  EXPECT_DOUBLE_EQ(j.at("dino").get<double>(), 0.71);
  EXPECT_TRUE(j.at("clip_i").is_null());  // not computed: null, not NaN (which JSON cannot hold)
  EXPECT_EQ(export_dir_for_step(dir, 1500), dir / "export" / "step-00001500");
}

}  // namespace
