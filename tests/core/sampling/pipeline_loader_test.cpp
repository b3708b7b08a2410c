// End to end: a model folder assembled from the tiny fixtures (unet_sd15_tiny + vae_tiny + clip_text_tiny +
// clip_tokenizer + a scheduler config) is loaded and generates PNGs, through the library and olis-cli.
// Also the SDXL tiny model as a folder and as a single file, LoRAs, and the errors users meet.
#include "core/sampling/pipeline_loader.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/sampling/generation_parameters.h"
#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;
using namespace olis::sampling;

void link(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::create_symlink(fs::absolute(from), to);
}

void write(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << s;
}

bool have_sd15_fixtures() {
  const auto r = olis::test::fixtures_root();
  for (const char* d : {"unet_sd15_tiny", "vae_tiny", "clip_text_tiny", "clip_tokenizer", "pipeline_sd15_tiny"})
    if (!fs::exists(r / d)) return false;
  return true;
}

// A diffusers folder with every component; `skip` leaves one out.
fs::path assemble_sd15(const std::string& name, const std::string& skip = "") {
  const auto r = olis::test::fixtures_root();
  const auto dir = olis::test::temp_dir(name) / "tiny-sd15";
  write(dir / "model_index.json", R"({"_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.26.3"})");
  if (skip != "unet") {
    link(r / "unet_sd15_tiny" / "config.json", dir / "unet" / "config.json");
    link(r / "unet_sd15_tiny" / "diffusion_pytorch_model.safetensors", dir / "unet" / "diffusion_pytorch_model.safetensors");
  }
  if (skip != "vae") {
    link(r / "vae_tiny" / "config.json", dir / "vae" / "config.json");
    link(r / "vae_tiny" / "diffusion_pytorch_model.safetensors", dir / "vae" / "diffusion_pytorch_model.safetensors");
  }
  if (skip != "text_encoder") {
    link(r / "clip_text_tiny" / "config.json", dir / "text_encoder" / "config.json");
    link(r / "clip_text_tiny" / "model.safetensors", dir / "text_encoder" / "model.safetensors");
  }
  for (const char* f : {"vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json"})
    if (fs::exists(r / "clip_tokenizer" / f)) link(r / "clip_tokenizer" / f, dir / "tokenizer" / f);
  link(r / "pipeline_sd15_tiny" / "scheduler" / "scheduler_config.json", dir / "scheduler" / "scheduler_config.json");
  return dir;
}

#define REQUIRE_SD15()                                                        \
  if (!have_sd15_fixtures()) {                                                \
    if (olis::test::in_ci()) FAIL() << "tiny SD 1.5 fixtures missing";        \
    GTEST_SKIP() << olis::test::missing_fixture_message("unet_sd15_tiny etc."); \
  }

GenerateParams tiny_params() {
  GenerateParams p;
  p.prompt = "a photo of sks dog";
  p.negative_prompt = "blurry";
  p.width = 32;
  p.height = 24;
  p.steps = 3;
  p.seed = 7;
  return p;
}

TEST(PipelineLoader, AssembledTinySd15FolderGeneratesAPngWithParameters) {
  REQUIRE_SD15();
  const auto model = assemble_sd15("e2e_sd15");
  auto pipe = TextToImagePipeline::load(model);
  EXPECT_EQ(pipe->family(), olis::io::ModelFamily::SD1);
  EXPECT_EQ(pipe->components().scheduler.kind, SchedulerKind::DDIM);

  auto p = tiny_params();
  int progress_calls = 0;
  GenerateCallbacks cb;
  cb.on_progress = [&](const StepProgress&) { ++progress_calls; };
  auto r = pipe->generate(p, cb);
  ASSERT_EQ(r.status, GenerateStatus::Completed);
  EXPECT_EQ(progress_calls, 3);
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_EQ(r.images[0].width, 32);
  EXPECT_EQ(r.images[0].height, 24);
  EXPECT_TRUE(torch::isfinite(r.decoded).all().item<bool>());
  EXPECT_GT(r.decoded.std().item<double>(), 1e-3);  // not a flat image

  const auto out = olis::test::temp_dir("e2e_sd15_out") / "out.png";
  auto paths = save_generated_images(r, out);
  auto loaded = olis::io::load_image(paths.at(0));
  ASSERT_TRUE(loaded) << loaded.error().what();
  EXPECT_EQ(loaded->rgb, r.images[0].rgb);
  auto info = parse_a1111_parameters(olis::value_or_throw(olis::io::read_png_text(out)).at("parameters"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->prompt, p.prompt);
  EXPECT_EQ(info->negative_prompt, p.negative_prompt);
  EXPECT_EQ(info->sampler, "DDIM");
  EXPECT_EQ(info->seed, 7u);
  EXPECT_EQ(info->width, 32);
  EXPECT_EQ(info->model_name, "tiny-sd15");

  // Same seed: the same image; other seed, prompt or sampler: another image.
  EXPECT_EQ(pipe->generate(p).images[0].rgb, r.images[0].rgb);
  auto q = p;
  q.seed = 8;
  EXPECT_NE(pipe->generate(q).images[0].rgb, r.images[0].rgb);
  q = p;
  q.prompt = "a painting of a cat";
  EXPECT_NE(pipe->generate(q).images[0].rgb, r.images[0].rgb);
  for (auto kind : {SchedulerKind::EulerDiscrete, SchedulerKind::DPMSolverMultistep, SchedulerKind::DDPM}) {
    q = p;
    q.sampler = kind;
    auto other = pipe->generate(q);
    EXPECT_TRUE(torch::isfinite(other.decoded).all().item<bool>()) << scheduler_kind_name(kind);
    EXPECT_NE(other.images[0].rgb, r.images[0].rgb) << scheduler_kind_name(kind);
  }
  // A batch of two: the first image is not the single-image result (diffusers draws [2, 4, h, w] at once),
  // both images differ from each other.
  q = p;
  q.batch_size = 2;
  auto batch = pipe->generate(q);
  ASSERT_EQ(batch.images.size(), 2u);
  EXPECT_NE(batch.images[0].rgb, batch.images[1].rgb);
}

TEST(PipelineLoader, LoraChangesTheImageAndScaleZeroDoesNot) {
  REQUIRE_SD15();
  const auto lora = olis::test::fixtures_root() / "lora_tiny" / "pytorch_lora_weights.safetensors";
  if (!fs::exists(lora)) GTEST_SKIP() << "lora_tiny missing";
  const auto model = assemble_sd15("e2e_lora");
  const auto p = tiny_params();
  auto base = TextToImagePipeline::load(model)->generate(p);
  PipelineLoadOptions o;
  o.loras = {{lora, 1.0}};
  auto with = TextToImagePipeline::load(model, o);
  auto r = with->generate(p);
  EXPECT_GT((r.decoded - base.decoded).abs().max().item<double>(), 1e-4);
  auto info = parse_a1111_parameters(r.parameters.at(0));
  ASSERT_TRUE(info);
  ASSERT_FALSE(info->extra.empty());
  EXPECT_EQ(info->extra[0].first, "Lora");
  o.loras = {{lora, 0.0}};
  auto zero = TextToImagePipeline::load(model, o)->generate(p);
  EXPECT_LT((zero.decoded - base.decoded).abs().max().item<double>(), 1e-5);
}

TEST(PipelineLoader, ErrorsNameTheProblem) {
  REQUIRE_SD15();
  auto expect_error = [](const std::function<void()>& f, const std::vector<std::string>& parts) {
    try {
      f();
      ADD_FAILURE() << "expected an error mentioning " << parts.front();
    } catch (const olis::Error& e) {
      for (const auto& part : parts) EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  const auto no_vae = assemble_sd15("e2e_no_vae", "vae");
  expect_error([&] { TextToImagePipeline::load(no_vae); }, {"tiny-sd15", "vae"});
  expect_error([&] { TextToImagePipeline::load(olis::test::temp_dir("e2e_nothing") / "absent"); }, {"absent"});

  const auto model = assemble_sd15("e2e_errors");
  auto pipe = TextToImagePipeline::load(model);
  auto p = tiny_params();
  p.width = 60;
  expect_error([&] { pipe->generate(p); }, {"60x24", "multiple"});

  const auto sdxl_lora = olis::test::fixtures_root() / "ldm_single_file_sdxl_tiny" / "lora_kohya_sdxl.safetensors";
  if (fs::exists(sdxl_lora)) {
    PipelineLoadOptions o;
    o.loras = {{sdxl_lora, 1.0}};
    expect_error([&] { TextToImagePipeline::load(model, o); }, {"lora_kohya_sdxl.safetensors"});
  }
  PipelineLoadOptions fp16;
  fp16.placement.dtype = torch::kHalf;
  if (!torch::cuda::is_available()) {
    // libtorch has no fp16 convolution on the CPU: refused up front, not a crash mid-run.
    try {
      TextToImagePipeline::load(model, fp16);
    } catch (const olis::Error& e) {
      EXPECT_NE(std::string(e.what()).find("fp16"), std::string::npos) << e.what();
    }
  }
  const auto single = olis::test::fixtures_root() / "ldm_single_file_tiny" / "model.safetensors";
  if (fs::exists(single)) expect_error([&] { TextToImagePipeline::load(single); }, {"text_encoder"});
}

TEST(PipelineLoader, LoraSpecParsing) {
  auto a = parse_lora_spec("styles/sks.safetensors:0.8");
  EXPECT_EQ(a.path, "styles/sks.safetensors");
  EXPECT_DOUBLE_EQ(a.scale, 0.8);
  auto b = parse_lora_spec("sks.safetensors");
  EXPECT_EQ(b.path, "sks.safetensors");
  EXPECT_DOUBLE_EQ(b.scale, 1.0);
  EXPECT_THROW(parse_lora_spec("sks.safetensors:strong"), olis::Error);
}

TEST(PipelineLoader, SdxlTinyFolderAndSingleFileGiveTheSameImage) {
  const auto dir = olis::test::fixtures_root() / "ldm_single_file_sdxl_tiny";
  const auto vocab = olis::test::fixtures_root() / "clip_tokenizer";
  if (!fs::exists(dir / "model.safetensors") || !fs::exists(vocab / "vocab.json"))
    GTEST_SKIP() << olis::test::missing_fixture_message("ldm_single_file_sdxl_tiny");
  PipelineLoadOptions o;
  o.vocab_dir = vocab;
  o.config_dir = dir;  // the tiny text encoders' head counts cannot be told from their shapes
  auto folder = TextToImagePipeline::load(dir, o);
  auto single = TextToImagePipeline::load(dir / "model.safetensors", o);
  EXPECT_EQ(folder->family(), olis::io::ModelFamily::SDXL);
  EXPECT_EQ(single->family(), olis::io::ModelFamily::SDXL);
  EXPECT_EQ(folder->default_size_px(), 1024);
  auto p = tiny_params();
  p.negative_prompt.clear();  // SDXL: zero negative conditioning
  p.sampler = SchedulerKind::EulerDiscrete;
  auto a = folder->generate(p);
  auto b = single->generate(p);
  EXPECT_TRUE(torch::isfinite(a.decoded).all().item<bool>());
  EXPECT_LT((a.decoded - b.decoded).abs().max().item<double>(), 1e-4);
  // The kohya SDXL LoRA (SGM module names) binds and changes the image.
  o.loras = {{dir / "lora_kohya_sdxl.safetensors", 1.0}};
  auto with = TextToImagePipeline::load(dir / "model.safetensors", o)->generate(p);
  EXPECT_GT((with.decoded - b.decoded).abs().max().item<double>(), 1e-4);
}

// The CLI binary on the assembled folder, if it was built next to the tests.
TEST(PipelineLoader, CliGenerateWritesThePng) {
  REQUIRE_SD15();
  const auto cli = fs::canonical("/proc/self/exe").parent_path().parent_path() / "app" / "olis-cli";
  if (!fs::exists(cli)) GTEST_SKIP() << "olis-cli not built at " << cli;
  const auto model = assemble_sd15("e2e_cli");
  const auto out = olis::test::temp_dir("e2e_cli_out") / "cli.png";
  const auto err = out.parent_path() / "stderr.txt";
  const std::string cmd = "'" + cli.string() + "' generate --model '" + model.string() +
                          "' --prompt 'a photo of sks dog' --negative blurry --steps 3 --sampler euler --size 64x48 "
                          "--seed 5 --out '" + out.string() + "' 2>'" + err.string() + "' >/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto img = olis::io::load_image(out);
  ASSERT_TRUE(img) << img.error().what();
  EXPECT_EQ(img->width, 64);
  EXPECT_EQ(img->height, 48);
  auto info = parse_a1111_parameters(olis::value_or_throw(olis::io::read_png_text(out)).at("parameters"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->sampler, "Euler");
  EXPECT_EQ(info->steps, 3);
  std::ifstream e(err);
  const std::string progress((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
  EXPECT_NE(progress.find("3/3"), std::string::npos) << progress;
  EXPECT_NE(progress.find("ETA"), std::string::npos) << progress;

  // A size that is not a multiple of 8 fails fast with the reason, exit code 1.
  const std::string bad = "'" + cli.string() + "' generate --model '" + model.string() +
                          "' --prompt x --size 100x100 --out '" + out.string() + "' 2>'" + err.string() + "'";
  EXPECT_NE(std::system(bad.c_str()), 0);
  std::ifstream e2(err);
  const std::string msg((std::istreambuf_iterator<char>(e2)), std::istreambuf_iterator<char>());
  EXPECT_NE(msg.find("multiples of 8"), std::string::npos) << msg;
}

}  // namespace
