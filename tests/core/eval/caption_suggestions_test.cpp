// Suggested captions with the tiny CLIP towers: the ranking of each photo's scenes follows the CLIP cosine
// similarity, computed here independently from the towers (preprocess, embed, normalise, dot product).
#include <algorithm>
#include <numeric>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "core/eval/caption_suggestions.h"
#include "core/eval/clip_text_embedder.h"
#include "core/eval/clip_vision_model.h"
#include "core/eval/image_folder.h"
#include "core/eval/preprocess.h"
#include "core/prompts/caption.h"
#include "core/prompts/caption_candidates.h"
#include "core/text/clip_tokenizer.h"
#include "tests/support/cv_png.h"
#include "tests/support/fixtures.h"

namespace olis::eval {
namespace {

namespace fs = std::filesystem;

void write_image(const fs::path& path, int h, int w, int seed) {
  cv::Mat small(3, 4, CV_8UC3);
  cv::theRNG().state = static_cast<uint64_t>(seed) * 104729 + 3;
  cv::randu(small, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::Mat img;
  cv::resize(small, img, cv::Size(w, h), 0, 0, cv::INTER_LINEAR);
  olis::test::write_png(path, img);
}

prompts::PoolSet small_pools() {
  prompts::PoolSet pools = value_or_throw(prompts::load_pool_set({}));
  return pools;
}

TEST(CaptionCandidates, ScenesBecomeCaptionsAndClipTexts) {
  EXPECT_EQ(prompts::scene_caption("on a wooden table", "dog"), "a <new> dog on a wooden table");
  EXPECT_EQ(prompts::scene_caption("a $concept napping on a sofa", "dog"), "a <new> dog napping on a sofa");
  EXPECT_EQ(prompts::scene_clip_text("on a rock", "apple"), "a photo of an apple on a rock");
  EXPECT_EQ(prompts::scene_clip_text("a $concept napping on a sofa", "corgi"), "a photo of a corgi napping on a sofa");
  prompts::Subject toy;
  toy.class_noun = "toy";
  const auto names = prompts::specific_name_candidates(toy);
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(names[0], "toy");
  EXPECT_EQ(names[1], "duck toy");
  // Every candidate caption passes the caption check of its subject.
  prompts::Subject dog;
  dog.class_noun = "dog";
  dog.kind = prompts::SubjectKind::Living;
  const auto pools = small_pools();
  const auto scenes = prompts::scene_candidates(pools, dog);
  ASSERT_EQ(scenes.size(), pools.living[prompts::PoolSlot::Scene].size());
  for (const auto& s : scenes) EXPECT_TRUE(prompts::check_caption(s.caption, dog).ok()) << s.caption;
  prompts::Subject bag;
  bag.class_noun = "backpack";
  for (const auto& s : prompts::scene_candidates(pools, bag)) EXPECT_TRUE(prompts::check_caption(s.caption, bag).ok()) << s.caption;
}

TEST(CaptionSuggestions, RankingFollowsClipSimilarity) {
  OLIS_REQUIRE_FIXTURES(vision, "clip_vision_tiny", "model.safetensors");
  OLIS_REQUIRE_FIXTURES(text, "clip_text_tiny", "model.safetensors");
  OLIS_REQUIRE_FIXTURES(tok, "clip_tokenizer", "vocab.json");
  const auto dir = olis::test::temp_dir("caption_suggestions");
  std::vector<fs::path> photos;
  for (int i = 0; i < 3; ++i) {
    photos.push_back(dir / ("photo" + std::to_string(i) + ".png"));
    write_image(photos.back(), 60 + 10 * i, 80, i);
  }
  prompts::Subject subject;
  subject.class_noun = "toy";
  subject.kind = prompts::SubjectKind::Object;
  const auto pools = small_pools();
  auto ev = Evaluator::load({vision.front(), text.front(), tok.front(), {}});
  CaptionSuggestionOptions options;
  options.top_k = 7;
  const auto got = suggest_captions(ev, pools, subject, photos, options);
  ASSERT_EQ(got.photos.size(), photos.size());
  EXPECT_EQ(got.class_name, "toy");

  // The expected order, computed from the towers directly.
  auto vis = load_clip_vision_model(vision.front());
  auto tower = load_clip_text_tower(text.front());
  auto tokenizer = value_or_throw(text::ClipTokenizer::load_folder(tok.front()));
  torch::NoGradGuard no_grad;
  auto embed_text = [&](const std::string& s) {
    auto ids = tokenizer.encode(s);
    auto t = torch::tensor(ids, torch::kInt64).view({1, static_cast<int64_t>(ids.size())});
    auto e = tower->forward(t).text_embeds[0].to(torch::kFloat64);
    return e / e.norm();
  };
  const auto& scenes = pools.object[prompts::PoolSlot::Scene];
  std::vector<torch::Tensor> scene_emb;
  for (const auto& s : scenes) scene_emb.push_back(embed_text("a photo of a toy " + s));
  const auto names = prompts::specific_name_candidates(subject);
  for (std::size_t p = 0; p < photos.size(); ++p) {
    auto px = preprocess_image(value_or_throw(load_rgb_image(photos[p])), clip_preprocess_params(vis->config().image_size));
    auto img = vis->embed(px.unsqueeze(0))[0].to(torch::kFloat64);
    img = img / img.norm();
    std::vector<double> sims;
    for (const auto& e : scene_emb) sims.push_back((img * e).sum().item<double>());
    std::vector<std::size_t> order(sims.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return sims[a] > sims[b]; });
    ASSERT_EQ(got.photos[p].captions.size(), 7u);
    for (std::size_t k = 0; k < 7; ++k) {
      const auto& c = got.photos[p].captions[k];
      EXPECT_EQ(c.scene, scenes[order[k]]) << "photo " << p << " rank " << k;
      EXPECT_NEAR(c.score, sims[order[k]], 1e-5);
      EXPECT_EQ(c.caption, "a <new> toy " + scenes[order[k]]);
    }
    for (std::size_t k = 1; k < 7; ++k) EXPECT_GE(got.photos[p].captions[k - 1].score, got.photos[p].captions[k].score);
  }
  // Specific names: mean cosine over the photos, best first.
  ASSERT_EQ(got.specific_names.size(), names.size());
  std::vector<double> mean(names.size(), 0.0);
  for (const auto& ph : photos) {
    auto px = preprocess_image(value_or_throw(load_rgb_image(ph)), clip_preprocess_params(vis->config().image_size));
    auto img = vis->embed(px.unsqueeze(0))[0].to(torch::kFloat64);
    img = img / img.norm();
    for (std::size_t i = 0; i < names.size(); ++i)
      mean[i] += (img * embed_text(prompts::specific_name_clip_text(names[i]))).sum().item<double>() / photos.size();
  }
  for (std::size_t k = 0; k < got.specific_names.size(); ++k) {
    const auto it = std::find(names.begin(), names.end(), got.specific_names[k].text);
    ASSERT_NE(it, names.end());
    EXPECT_NEAR(got.specific_names[k].score, mean[it - names.begin()], 1e-5);
    if (k > 0) {
      EXPECT_GE(got.specific_names[k - 1].score, got.specific_names[k].score);
    }
  }
}

TEST(CaptionSuggestions, MissingTextTowerIsExplained) {
  OLIS_REQUIRE_FIXTURES(vision, "clip_vision_tiny", "model.safetensors");
  auto ev = Evaluator::load({vision.front(), {}, {}, {}});
  prompts::Subject subject;
  subject.class_noun = "dog";
  try {
    suggest_captions(ev, small_pools(), subject, {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("text tower"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace olis::eval
