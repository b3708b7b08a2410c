// The CLIP vocabulary that comes with Olis: shipped with its licence, byte-identical to OpenAI's (the
// fixture copy), used whenever a model brings no tokenizer files, never over a model's own files, and
// replaced by vocab_dir when that is given.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/text/clip_tokenizer.h"
#include "core/text/text_stack.h"
#include "core/util/atomic_file.h"
#include "core/util/resources.h"
#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;
using olis::text::bundled_vocab_dir;
using olis::text::ClipTokenizer;
using olis::text::resolve_vocab_dir;

std::string slurp(const fs::path& p) { return olis::value_or_throw(olis::read_text_file(p)); }

fs::path scratch() {
  return olis::test::temp_dir(std::string("bundled_vocab_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
}

// A single-file SDXL checkpoint alone in a folder, with the component configs a user keeps beside it (the tiny
// model's head counts cannot be told from its shapes) and no tokenizer folder.
fs::path lone_single_file(const fs::path& fixture, const fs::path& dir) {
  fs::copy_file(fixture / "model.safetensors", dir / "model.safetensors");
  for (const char* c : {"unet", "vae", "text_encoder", "text_encoder_2"}) {
    fs::create_directories(dir / c);
    fs::copy_file(fixture / c / "config.json", dir / c / "config.json");
  }
  return dir / "model.safetensors";
}

TEST(BundledVocabulary, ShipsWithItsLicence) {
  const fs::path dir = bundled_vocab_dir();
  EXPECT_EQ(dir, olis::resources_dir() / "clip_tokenizer");
  ASSERT_TRUE(fs::is_regular_file(dir / "vocab.json")) << dir;
  ASSERT_TRUE(fs::is_regular_file(dir / "merges.txt")) << dir;
  const std::string licence = slurp(dir / "LICENSE");
  EXPECT_NE(licence.find("MIT License"), std::string::npos);
  EXPECT_NE(licence.find("Copyright (c) 2021 OpenAI"), std::string::npos);
  auto tok = ClipTokenizer::load(dir / "vocab.json", dir / "merges.txt");
  ASSERT_TRUE(tok) << tok.error().message();
  EXPECT_EQ(tok->vocab_size(), 49408);
  // "a photo of olis backpack" as openai/CLIP tokenizes it.
  EXPECT_EQ(tok->tokenize("a photo of olis backpack"), (std::vector<int32_t>{320, 1125, 539, 49397, 14894}));
}

TEST(BundledVocabulary, IsByteIdenticalToTheReferenceCopy) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  for (const char* name : {"vocab.json", "merges.txt"})
    EXPECT_TRUE(slurp(bundled_vocab_dir() / name) == slurp(dirs[0] / name)) << name;
}

TEST(BundledVocabulary, AModelsOwnFilesComeFirstThenTheBundledOnes) {
  const fs::path root = scratch();
  const fs::path own = root / "tokenizer", bare = root / "bare", override_dir = root / "override";
  fs::create_directories(own);
  fs::create_directories(bare);
  fs::create_directories(override_dir);
  for (const fs::path& d : {own, override_dir}) {
    fs::copy_file(bundled_vocab_dir() / "vocab.json", d / "vocab.json");
    fs::copy_file(bundled_vocab_dir() / "merges.txt", d / "merges.txt");
  }
  EXPECT_EQ(resolve_vocab_dir(own).value(), own);
  EXPECT_EQ(resolve_vocab_dir(bare).value(), bundled_vocab_dir());
  EXPECT_EQ(resolve_vocab_dir({}).value(), bundled_vocab_dir());
  EXPECT_EQ(resolve_vocab_dir(own, override_dir).value(), override_dir);  // vocab_dir overrides
  auto missing = resolve_vocab_dir(own, root / "nowhere");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("nowhere"), std::string::npos) << missing.error().message();
  EXPECT_NE(missing.error().message().find("vocab_dir"), std::string::npos) << missing.error().message();

  // A tokenizer folder with only its configs (as diffusers folders of some models are) loads with the bundled files.
  olis::write_file_atomic(bare / "tokenizer_config.json", R"({"pad_token": "!"})");
  auto tok = ClipTokenizer::load_folder(bare);
  ASSERT_TRUE(tok) << tok.error().message();
  EXPECT_EQ(tok->vocab_path(), bundled_vocab_dir() / "vocab.json");
  EXPECT_EQ(tok->pad_id(), 0);  // the folder's config still decides the padding
}

TEST(BundledVocabulary, AMissingInstallationIsNamed) {
  const fs::path root = scratch();
  const char* old = std::getenv("OLIS_RESOURCES");
  const std::string saved = old ? old : "";
  setenv("OLIS_RESOURCES", root.c_str(), 1);
  auto r = resolve_vocab_dir(root / "model");
  if (old) setenv("OLIS_RESOURCES", saved.c_str(), 1);
  else unsetenv("OLIS_RESOURCES");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find((root / "clip_tokenizer").string()), std::string::npos) << r.error().message();
}

TEST(BundledVocabulary, ASingleFileWithoutTokenizerLoadsItsTextEncoders) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file_sdxl_tiny", "model.safetensors");
  const fs::path file = lone_single_file(dirs[0], scratch());
  ASSERT_FALSE(fs::exists(file.parent_path() / "tokenizer"));
  auto stack = olis::text::load_text_stack(file);  // no vocab_dir
  ASSERT_TRUE(stack) << stack.error().message();
  ASSERT_EQ(stack->towers.size(), 2u);
  EXPECT_EQ(stack->towers[0].tokenizer.pad_id(), 49407);  // SDXL: CLIP-L pads with the end token,
  EXPECT_EQ(stack->towers[1].tokenizer.pad_id(), 0);      // bigG with "!"
  EXPECT_EQ(stack->towers[1].tokenizer.vocab_path(), bundled_vocab_dir() / "vocab.json");
  const auto ids = stack->towers[0].tokenizer.encode("a photo of olis backpack");
  EXPECT_EQ(std::vector<int64_t>(ids.begin(), ids.begin() + 7),
            (std::vector<int64_t>{49406, 320, 1125, 539, 49397, 14894, 49407}));
}

}  // namespace
