// Batched regularization images: a batch of prompts with their own seeds gives exactly the images that
// sampling them one by one gives, on the tiny SDXL fixture model (random weights).
#include "core/jobs/regset_generator.h"

#include <gtest/gtest.h>

#include "core/sampling/pipeline_loader.h"
#include "tests/support/fixtures.h"

using namespace olis;
using namespace olis::jobs;

namespace {

std::vector<RegImageRequest> requests(const RegSetKey& key) {
  std::vector<RegImageRequest> out;
  const std::vector<std::string> prompts = {"a photo of a red backpack on a rock", "a watercolor painting of a backpack",
                                            "a backpack"};
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    RegImageRequest r;
    r.id = "reg-" + std::to_string(i);
    r.prompt = prompts[i];
    r.seed = 4000 + 17 * i;
    r.negative_prompt = key.negative_prompt;
    r.width_px = key.width_px;
    r.height_px = key.height_px;
    out.push_back(r);
  }
  return out;
}

}  // namespace

TEST(RegSetGenerator, ABatchGivesTheImagesOfOneByOneSampling) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file_sdxl_tiny", "model_index.json");
  sampling::PipelineLoadOptions o;
  o.vocab_dir = test::fixtures_root() / "clip_tokenizer";
  auto pipeline = sampling::TextToImagePipeline::load(dirs.front(), o);
  for (const char* sampler : {"ddim", "euler", "dpmpp2m"}) {
    RegSetKey key;
    key.sampler = sampler;
    key.steps = 3;
    key.guidance = 6;
    key.negative_prompt = "blurry";
    key.width_px = key.height_px = 32;
    auto generate = pipeline_generator(pipeline, key);
    CancelToken cancel;
    const auto batch = requests(key);
    const auto together = generate(batch, cancel);
    ASSERT_EQ(together.size(), batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto alone = generate({batch[i]}, cancel);
      ASSERT_EQ(alone.size(), 1u);
      ASSERT_EQ(alone[0].width, 32);
      int max_diff = 0;
      for (std::size_t k = 0; k < alone[0].rgb.size(); ++k)
        max_diff = std::max(max_diff, std::abs(int(alone[0].rgb[k]) - int(together[i].rgb[k])));
      EXPECT_EQ(max_diff, 0) << sampler << " image " << i << " differs from its one-by-one sampling";
    }
    // Different prompts and seeds in a batch give different images.
    EXPECT_NE(together[0].rgb, together[1].rgb);
  }
}

TEST(RegSetGenerator, StochasticSamplersAreRefused) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file_sdxl_tiny", "model_index.json");
  sampling::PipelineLoadOptions o;
  o.vocab_dir = test::fixtures_root() / "clip_tokenizer";
  auto pipeline = sampling::TextToImagePipeline::load(dirs.front(), o);
  RegSetKey key;
  key.sampler = "ddpm";
  key.steps = 2;
  key.width_px = key.height_px = 16;
  auto generate = pipeline_generator(pipeline, key);
  CancelToken cancel;
  try {
    generate(requests(key), cancel);
    ADD_FAILURE() << "DDPM batches cannot equal one-by-one sampling";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("adds no noise of its own"), std::string::npos) << e.what();
  }
}
