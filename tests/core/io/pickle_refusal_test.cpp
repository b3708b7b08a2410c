// Every reader of a user-given weights file explains a pickle checkpoint (why Olis refuses it and how to
// convert it) instead of reporting its first bytes as an impossible safetensors header.
#include <gtest/gtest.h>

#include <fstream>

#include "core/eval/clip_text_embedder.h"
#include "core/eval/clip_vision_model.h"
#include "core/eval/dino_vit.h"
#include "core/io/model_source.h"
#include "core/io/safetensors.h"
#include "core/models/lora.h"
#include "core/sampling/pipeline_loader.h"
#include "core/text/clip_text_model.h"
#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;

// What torch.save writes (a zip archive) and what older torch.save / pickle.dump write (protocol 2).
const std::string kZipPickle = std::string("PK\x03\x04\x14\x00\x00\x00", 8) + "archive/data.pkl" + std::string(64, 'x');
const std::string kProtoPickle = std::string("\x80\x02}q\x00(X\x06\x00\x00\x00weight", 17) + std::string(64, 'y');

void write_bytes(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void expect_pickle_explanation(const std::string& message, const fs::path& file) {
  EXPECT_NE(message.find("arbitrary code"), std::string::npos) << message;
  EXPECT_NE(message.find(file.filename().string()), std::string::npos) << message;
  EXPECT_NE(message.find(".safetensors"), std::string::npos) << message;
  EXPECT_EQ(message.find("header claims"), std::string::npos) << message;
}

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

}  // namespace

TEST(PickleRefusal, SafetensorsReadersAndLoraExplainPickleFiles) {
  const auto dir = olis::test::temp_dir("pickle_readers");
  // By extension, and by content under a .safetensors name (a renamed pickle).
  for (const auto& [name, bytes] : {std::pair{"model.ckpt", kZipPickle}, std::pair{"lora.pt", kProtoPickle},
                                    std::pair{"renamed.safetensors", kZipPickle},
                                    std::pair{"renamed2.safetensors", kProtoPickle}}) {
    const fs::path file = dir / name;
    write_bytes(file, bytes);
    SCOPED_TRACE(name);
    auto f = olis::io::SafetensorsFile::open(file);
    ASSERT_FALSE(f);
    expect_pickle_explanation(f.error().what(), file);
    auto m = olis::io::load_safetensors(file);
    ASSERT_FALSE(m);
    expect_pickle_explanation(m.error().what(), file);
    auto lora = olis::models::read_lora(file);
    ASSERT_FALSE(lora);
    expect_pickle_explanation(lora.error().what(), file);
  }
  // A damaged safetensors file keeps its own message.
  write_bytes(dir / "damaged.safetensors", std::string("\xff\xff\xff\xff\xff\xff\xff\x00{}", 10));
  auto f = olis::io::SafetensorsFile::open(dir / "damaged.safetensors");
  ASSERT_FALSE(f);
  EXPECT_NE(std::string(f.error().what()).find("header claims"), std::string::npos) << f.error().what();
}

// generate --lora model.ckpt: the LoRA is checked before the base model is even opened.
TEST(PickleRefusal, PipelineChecksTheLoraBeforeLoadingTheModel) {
  const auto dir = olis::test::temp_dir("pickle_pipeline");
  write_bytes(dir / "model.ckpt", kZipPickle);
  olis::sampling::PipelineLoadOptions o;
  o.loras.push_back(olis::sampling::parse_lora_spec((dir / "model.ckpt").string() + ":0.8"));
  const auto msg = error_of([&] { olis::sampling::TextToImagePipeline::load(dir / "no-such-model", o); });
  expect_pickle_explanation(msg, dir / "model.ckpt");
}

// Metric models (eval --clip/--dino, the settings' metrics) and text encoders given as files or as folders
// that hold only a pickle file.
TEST(PickleRefusal, MetricModelsAndFoldersExplainPickleFiles) {
  const auto dir = olis::test::temp_dir("pickle_models");
  write_bytes(dir / "clip" / "pytorch_model.bin", kZipPickle);
  write_bytes(dir / "clip" / "config.json", "{}");
  write_bytes(dir / "dino" / "dino_deitsmall16_pretrain.pth", kProtoPickle);
  write_bytes(dir / "dino_file.pth", kProtoPickle);
  write_bytes(dir / "model" / "unet" / "diffusion_pytorch_model.bin", kZipPickle);

  expect_pickle_explanation(error_of([&] { olis::eval::load_clip_vision_model(dir / "clip"); }),
                            dir / "clip" / "pytorch_model.bin");
  expect_pickle_explanation(error_of([&] { olis::eval::load_clip_vision_model(dir / "clip" / "pytorch_model.bin"); }),
                            dir / "clip" / "pytorch_model.bin");
  expect_pickle_explanation(error_of([&] { olis::eval::load_clip_text_tower(dir / "clip"); }),
                            dir / "clip" / "pytorch_model.bin");
  auto text = olis::text::load_clip_text_model_folder(dir / "clip");
  ASSERT_FALSE(text);
  expect_pickle_explanation(text.error().what(), dir / "clip" / "pytorch_model.bin");
  expect_pickle_explanation(error_of([&] { olis::eval::load_dino_vit(dir / "dino"); }),
                            dir / "dino" / "dino_deitsmall16_pretrain.pth");
  expect_pickle_explanation(error_of([&] { olis::eval::load_dino_vit(dir / "dino_file.pth"); }), dir / "dino_file.pth");
  auto source = olis::io::ModelSource::open(dir / "model");
  ASSERT_FALSE(source);
  expect_pickle_explanation(source.error().what(), dir / "model" / "unet" / "diffusion_pytorch_model.bin");
}
