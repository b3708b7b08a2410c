#include "core/jobs/train_settings.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "core/jobs/train_settings_defaults.h"
#include "core/jobs/train_settings_keys.h"
#include "olis/build_paths.h"

using namespace olis::jobs;
using olis::training::TrainMode;
namespace fs = std::filesystem;

namespace {

BaseModelFacts facts(olis::io::ModelFamily family, int px) {
  BaseModelFacts f;
  f.family = family;
  f.resolution_px = px;
  f.source = "unet/config.json sample_size";
  return f;
}
const BaseModelFacts kSd15 = facts(olis::io::ModelFamily::SD1, 512);
const BaseModelFacts kSdxl = facts(olis::io::ModelFamily::SDXL, 1024);

std::string error_of(const std::string& yaml) {
  auto s = parse_train_settings("base_model: /m\n" + yaml, "/p/training.olis.yaml", "/p", kSd15);
  return s ? std::string("(accepted)") : std::string(s.error().what());
}

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

}  // namespace

TEST(TrainSettings, PaperDefaultsFollowTheFamily) {
  auto sd = parse_train_settings("base_model: models/sd15\n", "training.olis.yaml", "/p", kSd15);
  ASSERT_TRUE(sd) << sd.error().what();
  EXPECT_EQ(sd->base_model, fs::path("/p/models/sd15"));
  EXPECT_EQ(sd->output_dir, fs::path("/p/training"));
  // SD 1.x/2.x: full fine-tune of the entire model, lr 2e-6, 4000 steps, DDIM 200.
  EXPECT_EQ(sd->mode, TrainMode::Full);
  EXPECT_TRUE(sd->train_text_encoder);
  EXPECT_EQ(sd->steps, 4000);
  EXPECT_DOUBLE_EQ(sd->lr, 2e-6);
  EXPECT_EQ(sd->eval_steps, 200);
  EXPECT_EQ(sd->resolution_px, 512);
  EXPECT_FALSE(sd->gradient_checkpointing);
  EXPECT_EQ(sd->precision, TrainPrecision::Float32);  // no CUDA
  EXPECT_EQ(sd->origins.at("mode").source, SettingSource::Family);
  EXPECT_EQ(sd->origins.at("steps").source, SettingSource::Family);
  EXPECT_EQ(sd->origins.at("base_model").source, SettingSource::File);
  EXPECT_EQ(sd->origins.at("base_model").detail, "training.olis.yaml line 1");
  EXPECT_EQ(sd->origins.at("lora_rank").source, SettingSource::Default);
  EXPECT_EQ(sd->lora_rank, 32);
  EXPECT_FALSE(sd->horizontal_flip);
  EXPECT_DOUBLE_EQ(sd->dropout_p, 0.5);
  EXPECT_EQ(sd->regularization.count, 2000);
  EXPECT_EQ(sd->regularization.manifest, "/p/regularization.jsonl");
  EXPECT_EQ(sd->validation.prompts, 4);

  // SDXL: LoRA rank 32, lr 1e-4, 8000 steps, DDIM 50, gradient checkpointing to fit 24 GB.
  auto xl = parse_train_settings("base_model: /m\n", "t", "/p", kSdxl);
  ASSERT_TRUE(xl);
  EXPECT_EQ(xl->mode, TrainMode::Lora);
  EXPECT_EQ(xl->steps, 8000);
  EXPECT_DOUBLE_EQ(xl->lr, 1e-4);
  EXPECT_EQ(xl->lora_rank, 32);
  EXPECT_DOUBLE_EQ(xl->lora_alpha, 32);
  EXPECT_EQ(xl->eval_steps, 50);
  EXPECT_EQ(xl->resolution_px, 1024);
  EXPECT_TRUE(xl->gradient_checkpointing);

  // The mode chosen in the file brings its own lr and steps.
  auto lora_sd = parse_train_settings("base_model: /m\nmode: lora\n", "t", "/p", kSd15);
  ASSERT_TRUE(lora_sd);
  EXPECT_EQ(lora_sd->steps, 8000);
  EXPECT_DOUBLE_EQ(lora_sd->lr, 1e-4);
  EXPECT_EQ(lora_sd->origins.at("mode").source, SettingSource::File);
  EXPECT_EQ(lora_sd->origins.at("lr").detail, "mode lora");
}

TEST(TrainSettings, MemoryProfileAndDevice) {
  TrainSettingsDoc doc;
  ASSERT_TRUE(doc.set("base_model", std::string("/m")));
  ResolveContext ctx;
  ctx.base_dir = "/p";
  ctx.label = "t";
  ctx.model = kSd15;
  ctx.cuda_available = true;
  auto gpu = resolve_train_settings(doc, ctx);
  ASSERT_TRUE(gpu);
  EXPECT_EQ(gpu->precision, TrainPrecision::BFloat16);  // auto device on a CUDA machine
  EXPECT_EQ(gpu->mode, TrainMode::Full);
  ASSERT_TRUE(doc.set("memory_profile", std::string("12gb")));
  auto small = resolve_train_settings(doc, ctx);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->mode, TrainMode::Lora);  // a full SD fine-tune does not fit 12 GB
  EXPECT_TRUE(small->gradient_checkpointing);
  EXPECT_NE(small->origins.at("mode").detail.find("memory_profile 12gb"), std::string::npos);
  ASSERT_TRUE(doc.set("device", std::string("cpu")));
  auto cpu = resolve_train_settings(doc, ctx);
  ASSERT_TRUE(cpu);
  EXPECT_EQ(cpu->precision, TrainPrecision::Float32);
}

TEST(TrainSettings, EveryKeyIsCheckedWithFileLineKeyValueAndWhatIsAllowed) {
  // steps 0 / -5 used to start the default run silently.
  auto zero = error_of("steps: 0\n");
  EXPECT_HAS(zero, "/p/training.olis.yaml line 2: steps is 0, but it must be a whole number from 1 to 10000000.");
  EXPECT_HAS(zero, "remove the line");
  EXPECT_HAS(error_of("steps: -5\n"), "line 2: steps is -5, but it must be a whole number from 1 to 10000000.");
  // resolution 0 / -64 used the model's silently; 63 failed in the VAE, 100000 in OpenCV.
  for (const char* v : {"0", "-64", "63", "100000"})
    EXPECT_HAS(error_of(std::string("resolution: ") + v + "\n"),
               std::string("resolution is ") + v + ", but it must be a whole number from 64 to 2048 that is a multiple of 64.");
  EXPECT_HAS(error_of("lr: -1\n"), "lr is -1, but it must be a number greater than 0 and at most 1.");
  EXPECT_HAS(error_of("lr: 0\n"), "lr is 0");
  EXPECT_HAS(error_of("checkpoint_every: -1\n"), "checkpoint_every is -1, but it must be a whole number from 0 to 10000000.");
  EXPECT_HAS(error_of("eval_every: -5\n"), "eval_every is -5");
  EXPECT_HAS(error_of("warmup_steps: -2\n"), "warmup_steps is -2");
  EXPECT_HAS(error_of("regularization:\n  count: -1\n"), "line 3: regularization.count is -1");
  EXPECT_HAS(error_of("metrics: {clip_t_margin: -1}\n"), "metrics.clip_t_margin is -1");
  EXPECT_HAS(error_of("adjective_dropout: 1.5\n"), "adjective_dropout is 1.5, but it must be a number from 0 to 1.");
  EXPECT_HAS(error_of("device: gpu\n"), "device is gpu, but it must be auto, cpu, cuda or cuda:N");
  // Types.
  EXPECT_HAS(error_of("steps: many\n"), "steps is 'many', but it must be a whole number from 1 to 10000000.");
  EXPECT_HAS(error_of("steps: 1.5\n"), "steps is '1.5'");
  EXPECT_HAS(error_of("horizontal_flip: maybe\n"), "horizontal_flip is 'maybe', but it must be true or false.");
  EXPECT_HAS(error_of("mode: lorra\n"), "line 2: mode is 'lorra', but it must be one of full, lora. Did you mean lora?");
  EXPECT_HAS(error_of("steps: [1, 2]\n"), "steps should be a whole number from 1 to 10000000, not a list.");
  EXPECT_HAS(error_of("regularization: [a, b]\n"), "'regularization' should be a mapping");
  EXPECT_HAS(error_of("seed: -1\n"), "seed is '-1', but it must be a whole number from 0 to 18446744073709551615.");
  EXPECT_EQ(error_of("seed: 18446744073709551615\nlr: 2e-6\nresolution: 768\n"), "(accepted)");
  auto missing = parse_train_settings("mode: lora\n", "training.olis.yaml", "/p", kSd15);
  ASSERT_FALSE(missing);
  EXPECT_HAS(std::string(missing.error().what()), "'base_model' is missing");
}

TEST(TrainSettings, UnknownKeysNameTheNearestKnownOne) {
  EXPECT_HAS(error_of("stepz: 100\n"), "line 2: unknown key 'stepz'. Did you mean 'steps'?");
  EXPECT_HAS(error_of("learning_rate: 0.0001\n"), "unknown key 'learning_rate'. Did you mean 'lr'?");
  EXPECT_HAS(error_of("regularization: {cnt: 10}\n"), "unknown key 'regularization.cnt'. Did you mean 'regularization.count'?");
  EXPECT_HAS(error_of("count: 10\n"), "Did you mean 'regularization.count'?");
  EXPECT_HAS(error_of("metrics: {dinno: /d}\n"), "Did you mean 'metrics.dino'?");
  EXPECT_HAS(error_of("zzzzzzzz: 1\n"), "unknown key 'zzzzzzzz' (the keys are listed");
}

TEST(TrainSettings, DuplicateKeysAreAnError) {
  EXPECT_HAS(error_of("steps: 100\nlr: 1e-5\nsteps: 200\n"), "line 4: 'steps' is set twice (first on line 2)");
  EXPECT_HAS(error_of("regularization:\n  count: 1\n  count: 2\n"), "'regularization.count' is set twice");
}

TEST(TrainSettings, FlagsOverrideTheFileAndAreChecked) {
  auto doc = parse_train_settings_doc("base_model: /m\nsteps: 300\n", "t");
  ASSERT_TRUE(doc);
  ResolveContext ctx;
  ctx.base_dir = "/p";
  ctx.label = "t";
  ctx.model = kSd15;
  auto s = resolve_train_settings(*doc, ctx, {{"steps", {int64_t{50}, "--steps"}}});
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->steps, 50);
  EXPECT_EQ(s->origins.at("steps").source, SettingSource::Flag);
  EXPECT_EQ(s->origins.at("steps").detail, "--steps");
  auto bad = resolve_train_settings(*doc, ctx, {{"steps", {int64_t{0}, "--steps"}}});
  ASSERT_FALSE(bad);
  EXPECT_HAS(std::string(bad.error().what()), "--steps is 0, but it must be a whole number from 1 to 10000000.");
}

TEST(TrainSettings, ReadsEveryGroup) {
  auto s = parse_train_settings(
      "base_model: /m\nmode: full\nsteps: 30\nlr: 0.001\nlr_schedule: cosine\nwarmup_steps: 5\n"
      "precision: bf16\ncheckpoint_every: 10\neval_every: 15\nregularization: {count: 16, batch: 2, seed: 9}\n"
      "validation_prompts: 6\nvalidation_seeds: 2\nvalidation_rephrased: true\nvalidation_prompt_file: prompts.txt\n"
      "metrics: {clip: models/clip-vit-b32, dino: /models/dino-vits16, clip_t_margin: 0.02}\n",
      "t", "/p", kSdxl);
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->steps, 30);
  EXPECT_EQ(s->mode, TrainMode::Full);
  EXPECT_EQ(s->schedule, olis::training::LrScheduleKind::Cosine);
  EXPECT_EQ(s->precision, TrainPrecision::BFloat16);
  EXPECT_EQ(s->regularization.count, 16);
  EXPECT_EQ(s->regularization.batch, 2);
  EXPECT_EQ(s->regularization.seed, 9u);
  EXPECT_EQ(s->validation.prompts, 6);
  EXPECT_EQ(s->validation.seeds_per_prompt, 2);
  EXPECT_TRUE(s->validation.rephrased);
  EXPECT_EQ(s->validation.prompt_file, fs::path("/p/prompts.txt"));
  EXPECT_EQ(s->metrics.clip, fs::path("/p/models/clip-vit-b32"));
  EXPECT_EQ(s->metrics.dino, fs::path("/models/dino-vits16"));
  EXPECT_TRUE(s->metrics.clip_text.empty());
  EXPECT_DOUBLE_EQ(s->metrics.clip_t_margin, 0.02);
  EXPECT_TRUE(s->metrics.any());
}

TEST(TrainSettings, FormatWritesOnlyTheKeysSetAndReadsBackEqual) {
  const std::string yaml =
      "base_model: /m\nmode: full\nsteps: 30\nlr: 0.001\nseed: 18446744073709551615\nhorizontal_flip: true\n"
      "regularization: {count: 16, negative_prompt: 'blurry: bad', cache_latents: true}\n"
      "metrics: {clip: /c, dino: /d, tokenizer: /t}\n";
  auto doc = parse_train_settings_doc(yaml, "t");
  ASSERT_TRUE(doc) << doc.error().what();
  const std::string text = format_train_settings(*doc);
  EXPECT_EQ(text.find("eval_steps"), std::string::npos) << "a default was written and would hide the family's:\n" << text;
  auto back = parse_train_settings_doc(text, "formatted");
  ASSERT_TRUE(back) << back.error().what() << "\n" << text;
  EXPECT_EQ(back->values, doc->values);
  EXPECT_EQ(format_train_settings(*back), text);

  const auto dir = fs::temp_directory_path() / "olis_train_settings_save";
  fs::create_directories(dir);
  ASSERT_TRUE(save_train_settings(dir / kTrainSettingsFileName, *doc));
  auto loaded = read_train_settings_doc(dir);
  ASSERT_TRUE(loaded) << loaded.error().what();
  EXPECT_EQ(loaded->values, doc->values);
  EXPECT_EQ(train_output_dir(dir), fs::absolute(dir) / "training");
  auto refused = save_train_settings("/proc/olis/none/training.olis.yaml", *doc);
  ASSERT_FALSE(refused);
  EXPECT_HAS(std::string(refused.error().what()), "/proc/olis/none/training.olis.yaml");
}

// Every row of the table reads, writes, formats and resolves consistently: a value set in the document
// comes out of the effective settings unchanged.
TEST(TrainSettings, TableRoundTripsEveryKey) {
  for (const auto& k : train_setting_keys()) {
    SCOPED_TRACE(k.name);
    SettingValue v;
    switch (k.type) {
      case SettingType::Bool: v = !std::get<bool>(k.get(TrainSettings{})); break;
      case SettingType::Int: v = static_cast<int64_t>(k.multiple_of > 1 ? k.multiple_of * 2 : k.min + 1); break;
      case SettingType::Unsigned: v = uint64_t{12345678901234ull}; break;
      case SettingType::Float: v = k.min + (k.max - k.min) / 3; break;
      case SettingType::Text: v = std::string(k.name == "device" ? "cuda:1" : "some: text"); break;
      case SettingType::Path: v = std::string("/abs/path for " + k.name); break;
      case SettingType::Choice: v = k.choices.back(); break;
    }
    TrainSettingsDoc doc;
    ASSERT_TRUE(doc.set("base_model", std::string("/m")));
    auto ok = doc.set(k.name, v);
    ASSERT_TRUE(ok) << ok.error().what();
    auto back = parse_train_settings_doc(format_train_settings(doc), "t");
    ASSERT_TRUE(back) << back.error().what() << "\n" << format_train_settings(doc);
    ASSERT_EQ(back->values, doc.values) << format_train_settings(doc);
    ResolveContext ctx;
    ctx.base_dir = "/p";
    ctx.model = kSdxl;
    auto s = resolve_train_settings(*back, ctx);
    ASSERT_TRUE(s) << s.error().what();
    EXPECT_EQ(format_setting_value(k.get(*s)), format_setting_value(v));
    EXPECT_EQ(s->origins.at(k.name).source, SettingSource::File);
    EXPECT_FALSE(k.doc.empty());
    EXPECT_FALSE(k.default_doc.empty());
  }
}

// The README's settings reference (`olis-cli settings`) names every key of the table.
TEST(TrainSettings, ReadmeDocumentsEveryKey) {
  const char* env = std::getenv("OLIS_SOURCE_DIR");
  const fs::path src = env && *env ? env : OLIS_SOURCE_DIR;
  std::ifstream in(src / "README.md");
  ASSERT_TRUE(in) << "no README.md in " << src.string();
  const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& k : train_setting_keys())
    EXPECT_NE(readme.find("| `" + k.name + "` |"), std::string::npos)
        << k.name << " is missing from the README's settings reference; paste the output of `olis-cli settings` there";
}
