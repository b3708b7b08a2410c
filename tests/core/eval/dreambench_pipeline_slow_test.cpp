// The DreamBench protocol through the real text-to-image pipeline on the tiny SD 1.5 fixtures, then scored
// with the tiny CLIP/DINO towers: fixed seeds reproduce an image byte for byte, reruns resume.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/eval/dreambench.h"
#include "core/eval/evaluator.h"
#include "core/io/image_io.h"
#include "core/sampling/pipeline_loader.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

namespace olis::eval {
namespace {

namespace fs = std::filesystem;

bool link_all(const fs::path& r, const fs::path& dir) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"unet_sd15_tiny/config.json", "unet/config.json"},
      {"unet_sd15_tiny/diffusion_pytorch_model.safetensors", "unet/diffusion_pytorch_model.safetensors"},
      {"vae_tiny/config.json", "vae/config.json"},
      {"vae_tiny/diffusion_pytorch_model.safetensors", "vae/diffusion_pytorch_model.safetensors"},
      {"clip_text_tiny/config.json", "text_encoder/config.json"},
      {"clip_text_tiny/model.safetensors", "text_encoder/model.safetensors"},
      {"clip_tokenizer/vocab.json", "tokenizer/vocab.json"},
      {"clip_tokenizer/merges.txt", "tokenizer/merges.txt"},
      {"pipeline_sd15_tiny/scheduler/scheduler_config.json", "scheduler/scheduler_config.json"}};
  for (const auto& [from, to] : files) {
    if (!fs::exists(r / from)) return false;
    fs::create_directories((dir / to).parent_path());
    fs::create_symlink(r / from, dir / to);
  }
  olis::write_file_atomic(dir / "model_index.json", R"({"_class_name": "StableDiffusionPipeline"})");
  return true;
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(EvalDreamBenchPipeline, GeneratesResumesReproducesAndScores) {
  const auto r = olis::test::fixtures_root();
  const auto root = olis::test::temp_dir("db_pipeline");
  if (!link_all(r, root / "tiny-sd15") || !fs::exists(r / "clip_vision_tiny") || !fs::exists(r / "dino_vits_tiny"))
    GTEST_SKIP() << olis::test::missing_fixture_message("unet_sd15_tiny, vae_tiny, clip_*_tiny, dino_vits_tiny");
  auto pipeline = sampling::TextToImagePipeline::load(root / "tiny-sd15");

  olis::write_file_atomic(root / "data" / "prompts_and_classes.txt",
                          "Classes\nsubject_name,class\nduck_toy,toy\n\nObject Prompts\n"
                          "'a {0} {1} in the jungle'.format(unique_token, class_token),\n"
                          "'a red {0} {1}'.format(unique_token, class_token)\n"
                          "Live Subject Prompts\n'a {0} {1} in the snow'.format(unique_token, class_token)\n");
  fs::create_directories(root / "data" / "duck_toy");
  for (int i = 0; i < 2; ++i) {
    io::Image photo;
    photo.width = 40 + 8 * i;
    photo.height = 48;
    photo.rgb.resize(static_cast<size_t>(photo.width * photo.height * 3));
    for (size_t k = 0; k < photo.rgb.size(); ++k) photo.rgb[k] = static_cast<uint8_t>((k * (7 + i)) % 251);
    io::save_png(root / "data" / "duck_toy" / ("0" + std::to_string(i) + ".png"), photo);
  }
  auto data = olis::value_or_throw(load_dreambench(root / "data"));
  DreamBenchProtocol protocol;
  protocol.images_per_prompt = 2;
  ImageGenerator gen = [&](const GenerationRequest& req) {
    sampling::GenerateParams p;
    p.prompt = req.prompt;
    p.seed = static_cast<uint64_t>(req.seed);
    p.width = p.height = 32;
    p.steps = 2;
    auto img = pipeline->generate(p).images.at(0);
    auto t = torch::empty({img.height, img.width, 3}, torch::kUInt8);
    std::memcpy(t.data_ptr<uint8_t>(), img.rgb.data(), img.rgb.size());
    return t;
  };
  const auto out = root / "out";
  auto first = run_dreambench_generation(data, {}, out, protocol, gen);
  EXPECT_EQ(first.generated, 4);
  const auto target = out / "duck_toy" / "01_1.png";
  const auto before = bytes_of(target);
  fs::remove(target);
  auto second = run_dreambench_generation(data, {}, out, protocol, gen);
  EXPECT_EQ(second.generated, 1);
  EXPECT_EQ(second.skipped, 3);
  EXPECT_EQ(bytes_of(target), before);  // the same seed gives the same image
  EXPECT_NE(bytes_of(out / "duck_toy" / "01_0.png"), before);  // another seed, another image

  auto ev = Evaluator::load({r / "clip_vision_tiny", r / "clip_text_tiny", r / "clip_tokenizer",
                             r / "dino_vits_tiny" / "model_dino.safetensors"});
  auto in = olis::value_or_throw(dreambench_subject_input(data, data.subjects[0], out, protocol));
  ASSERT_EQ(in.generated.size(), 4u);
  auto s = ev.evaluate(in);
  for (double v : {s.dino, s.clip_i, s.clip_t, s.clip_t_object}) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(s.pairs, 8);
}

}  // namespace
}  // namespace olis::eval
