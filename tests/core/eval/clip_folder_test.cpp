// CLIP-T when `metrics.clip` names one CLIP folder holding both towers, as openai/clip-vit-base-patch32 is
// laid out: model.safetensors with text_model.* and vision_model.*, a CLIPConfig config.json, and the
// tokenizer files. The tiny fixture towers are assembled into such a folder.
#include <gtest/gtest.h>

#include "core/eval/clip_text_embedder.h"
#include "core/eval/evaluator.h"
#include "core/io/image_io.h"
#include "core/io/safetensors.h"
#include "core/jobs/project_training.h"
#include "core/util/atomic_file.h"
#include "core/util/json_util.h"
#include "tests/support/fixtures.h"

using namespace olis;
namespace fs = std::filesystem;

namespace {

// `sparse`: the text_config holds only what differs from transformers' defaults (what save_pretrained
// writes today); else every field, as older files do.
fs::path assemble_clip_folder(const std::string& name, bool sparse) {
  const fs::path fx = test::fixtures_root();
  const fs::path dir = test::temp_dir(name);
  io::TensorMap all;
  for (const char* part : {"clip_vision_tiny", "clip_text_tiny"})
    for (const auto& [k, v] : value_or_throw(io::load_safetensors(fx / part / "model.safetensors"))) all[k] = v.clone();
  all["logit_scale"] = torch::tensor(2.6592f);
  io::save_safetensors(dir / "model.safetensors", all);
  auto text = value_or_throw(load_json_file(fx / "clip_text_tiny" / "config.json"));
  auto vision = value_or_throw(load_json_file(fx / "clip_vision_tiny" / "config.json"));
  if (sparse) text = nlohmann::json{{"model_type", "clip_text_model"}, {"num_attention_heads", 4}, {"eos_token_id", 2}};
  nlohmann::json config{{"architectures", {"CLIPModel"}}, {"model_type", "clip"}, {"projection_dim", 16},
                        {"text_config", text},          {"vision_config", vision}};
  write_file_atomic(dir / "config.json", config.dump(2));
  for (const char* f : {"vocab.json", "merges.txt", "special_tokens_map.json"})
    fs::copy_file(fx / "clip_tokenizer" / f, dir / f);
  // tokenizer_config.json with the AddedToken objects real CLIP folders have.
  nlohmann::json tok{{"bos_token", {{"__type", "AddedToken"}, {"content", "<|startoftext|>"}}},
                     {"eos_token", {{"__type", "AddedToken"}, {"content", "<|endoftext|>"}}},
                     {"pad_token", "<|endoftext|>"},
                     {"model_max_length", 77}};
  write_file_atomic(dir / "tokenizer_config.json", tok.dump(2));
  return dir;
}

bool have_fixtures() {
  const fs::path fx = test::fixtures_root();
  return fs::exists(fx / "clip_vision_tiny" / "model.safetensors") && fs::exists(fx / "clip_text_tiny" / "model.safetensors") &&
         fs::exists(fx / "clip_tokenizer" / "vocab.json");
}

}  // namespace

TEST(ClipFolder, OneFolderGivesTheSameTextEmbeddingsAsTheSeparateTowers) {
  if (!have_fixtures()) {
    if (test::in_ci()) FAIL() << test::missing_fixture_message("clip_*_tiny");
    GTEST_SKIP() << test::missing_fixture_message("clip_*_tiny");
  }
  const fs::path fx = test::fixtures_root();
  auto separate = eval::load_clip_text_embedder(fx / "clip_text_tiny", fx / "clip_tokenizer");
  const std::vector<std::string> prompts{"a dog in the jungle", "a red backpack"};
  const auto want = separate(prompts);
  for (bool sparse : {false, true}) {
    SCOPED_TRACE(sparse ? "sparse text_config" : "full text_config");
    const auto dir = assemble_clip_folder(sparse ? "clip_folder_sparse" : "clip_folder_full", sparse);
    auto ev = eval::Evaluator::load({dir, {}, {}, {}});
    EXPECT_TRUE(ev.has_clip());
    ASSERT_TRUE(ev.has_text()) << "CLIP-T would be NaN";
    auto joint = eval::load_clip_text_embedder(dir);
    EXPECT_TRUE(torch::allclose(joint(prompts), want, 1e-6, 1e-6));
  }
}

// The training sweep with only `metrics.clip` set logs a number for CLIP-T.
TEST(ClipFolder, TheSweepScoresClipTFromOneFolder) {
  if (!have_fixtures()) {
    if (test::in_ci()) FAIL() << test::missing_fixture_message("clip_*_tiny");
    GTEST_SKIP() << test::missing_fixture_message("clip_*_tiny");
  }
  const auto clip = assemble_clip_folder("clip_folder_sweep", true);
  const auto dir = test::temp_dir("clip_folder_project");
  jobs::ProjectTraining p;
  p.dir = dir;
  p.project.subject.class_noun = "backpack";
  p.settings.metrics.clip = clip;
  p.settings.device = "cpu";
  std::vector<eval::PromptedImage> generated;
  for (int i = 0; i < 2; ++i) {
    io::Image img;
    img.width = img.height = 40;
    img.rgb.assign(40 * 40 * 3, static_cast<uint8_t>(60 + 90 * i));
    io::save_png(dir / ("photo" + std::to_string(i) + ".png"), img);
    p.project.photos.push_back({"photo" + std::to_string(i) + ".png", "a <new> backpack", ""});
    generated.push_back({dir / ("photo" + std::to_string(i) + ".png"), "a olis backpack on the beach"});
  }
  auto scorer = jobs::make_validation_scorer(p);
  ASSERT_TRUE(static_cast<bool>(scorer));
  const auto m = scorer(10, generated);
  EXPECT_TRUE(std::isfinite(m.clip_i));
  EXPECT_TRUE(std::isfinite(m.clip_t)) << "CLIP-T was not computed from the CLIP folder";
}
