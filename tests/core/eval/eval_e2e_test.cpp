// End to end on the tiny fixture models: photo folder + generated folder with a manifest -> every metric.
#include <chrono>
#include <cmath>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "core/eval/checkpoint_metrics.h"
#include "core/eval/evaluator.h"
#include "core/util/atomic_file.h"
#include "tests/support/cv_png.h"
#include "tests/support/fixtures.h"

namespace olis::eval {
namespace {

namespace fs = std::filesystem;

// A smooth random colour image (so resizing matters) of h x w, written as PNG.
void write_image(const fs::path& path, int h, int w, int seed) {
  cv::Mat small(4, 5, CV_8UC3);
  cv::theRNG().state = static_cast<uint64_t>(seed) * 7919 + 1;
  cv::randu(small, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::Mat img;
  cv::resize(small, img, cv::Size(w, h), 0, 0, cv::INTER_LINEAR);
  olis::test::write_png(path, img);
}

struct Folders {
  fs::path real, generated;
  std::vector<std::string> prompts;
};

Folders make_folders(const std::string& name) {
  Folders f;
  const auto root = olis::test::temp_dir(name);
  f.real = root / "real";
  f.generated = root / "generated";
  fs::create_directories(f.real);
  fs::create_directories(f.generated);
  write_image(f.real / "00.jpg", 300, 260, 1);
  write_image(f.real / "01.png", 240, 320, 2);
  write_image(f.real / "02.png", 256, 256, 3);
  f.prompts = {"a sks toy in the jungle", "a red sks toy", "a sks toy on the beach"};
  std::string manifest;
  for (int i = 0; i < 4; ++i) {
    const auto file = "img_" + std::to_string(i) + ".png";
    write_image(f.generated / file, 64, 64, 10 + i);
    const auto key = i % 2 ? "image" : "path";  // both spellings are accepted
    manifest += nlohmann::json{{key, file}, {"prompt", f.prompts[i % 3]}}.dump() + "\n";
  }
  olis::write_file_atomic(f.generated / "manifest.jsonl", manifest);
  return f;
}

TEST(EvalEndToEnd, EveryMetricOnTinyModels) {
  OLIS_REQUIRE_FIXTURES(clip_dirs, "clip_vision_tiny", "model.safetensors");
  OLIS_REQUIRE_FIXTURES(dino_dirs, "dino_vits_tiny", "model_hf_vit.safetensors");
  auto folders = make_folders("e2e");
  auto ev = Evaluator::load({clip_dirs.front(), {}, {}, dino_dirs.front() / "model_hf_vit.safetensors"});
  ASSERT_TRUE(ev.has_clip() && ev.has_dino());

  // A text tower stand-in whose embedding of a text is the CLIP embedding of a known image: CLIP-T is 1
  // exactly when every image is paired with its own prompt (and the identifier was removed first).
  auto gen_set = olis::value_or_throw(load_generated_set(folders.generated));
  ASSERT_EQ(gen_set.size(), 4u);
  std::vector<fs::path> gen_paths;
  for (const auto& g : gen_set) gen_paths.push_back(g.path);
  auto gen_embeds = ev.clip_image_embeds(gen_paths);
  ev.set_text_embedder([&](const std::vector<std::string>& texts) {
    std::vector<torch::Tensor> rows;
    for (const auto& t : texts) {
      int64_t row = -1;
      if (t == "a toy in the jungle") row = 0;
      else if (t == "a red toy") row = 1;
      else if (t == "a toy on the beach") row = 2;
      else if (t == "a duck toy in the jungle" || t == "a red duck toy" || t == "a duck toy on the beach") row = 3;
      EXPECT_GE(row, 0) << "unexpected CLIP-T text: " << t;
      rows.push_back(gen_embeds[std::max<int64_t>(row, 0)]);
    }
    return torch::stack(rows);
  });

  SubjectInput in;
  in.subject = "duck_toy";
  in.real = olis::value_or_throw(list_images(folders.real));
  in.generated = gen_set;
  in.rules = {"sks", "toy", "duck toy"};
  auto s = ev.evaluate(in);
  // image 3 has prompt 0 but gets image 0's embedding: cos < 1, so CLIP-T = (3 + cos(3, 0)) / 4.
  auto c30 = cosine_matrix(gen_embeds[3].unsqueeze(0), gen_embeds[0].unsqueeze(0)).item<double>();
  EXPECT_NEAR(s.clip_t, (3.0 + c30) / 4.0, 1e-6);
  EXPECT_LT(s.clip_t, 1.0 - 1e-6);
  // CLIP-T(object): every text maps to image 3's embedding.
  auto c_obj = cosine_matrix(gen_embeds, gen_embeds[3].unsqueeze(0)).mean().item<double>();
  EXPECT_NEAR(s.clip_t_object, c_obj, 1e-6);
  for (double v : {s.dino, s.clip_i, s.clip_t, s.clip_t_object}) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_LE(std::abs(v), 1.0 + 1e-9);
  }
  EXPECT_EQ(s.pairs, 12);
  // DINO / CLIP-I are the means over the 4 x 3 pairs of the embeddings of the files.
  auto real_d = ev.dino_embeds(in.real), gen_d = ev.dino_embeds(gen_paths);
  EXPECT_NEAR(s.dino, mean_pairwise_cosine(gen_d, real_d), 1e-6);
  EXPECT_NEAR(s.clip_i, mean_pairwise_cosine(gen_embeds, ev.clip_image_embeds(in.real)), 1e-6);

  // The sweep record and the log next to the checkpoints.
  auto m = evaluate_checkpoint(ev, 400, "checkpoint-400", in);
  EXPECT_EQ(m.images, 4);
  EXPECT_NEAR(m.dino, s.dino, 1e-9);
  const auto log = folders.generated.parent_path() / kMetricsLogName;
  append_metrics_log(log, m);
  EXPECT_EQ(read_metrics_log(log)->size(), 1u);
}

TEST(EvalEndToEnd, PhotosAreEmbeddedOncePerRun) {
  // The metric sweep scores every validation round against the same photos: their embeddings are
  // computed in the first round only, and the scores equal those of an evaluator without the cache.
  OLIS_REQUIRE_FIXTURES(clip_dirs, "clip_vision_tiny", "model.safetensors");
  OLIS_REQUIRE_FIXTURES(dino_dirs, "dino_vits_tiny", "model_hf_vit.safetensors");
  auto folders = make_folders("embed_once");
  const Evaluator::Paths paths{clip_dirs.front(), {}, {}, dino_dirs.front() / "model_hf_vit.safetensors"};
  auto ev = Evaluator::load(paths);
  auto fresh = Evaluator::load(paths);
  fresh.set_embedding_cache(false);
  SubjectInput in;
  in.subject = "duck_toy";
  in.real = olis::value_or_throw(list_images(folders.real));
  ASSERT_EQ(in.real.size(), 3u);
  int64_t rounds_embedded = 0;
  for (int round = 0; round < 3; ++round) {
    const auto dir = folders.generated.parent_path() / ("round_" + std::to_string(round));
    fs::create_directories(dir);
    in.generated.clear();
    for (int i = 0; i < 2; ++i) {
      write_image(dir / (std::to_string(i) + ".png"), 64, 64, 100 + 10 * round + i);
      in.generated.push_back({dir / (std::to_string(i) + ".png"), "a sks toy"});
    }
    const int64_t before = ev.images_embedded();
    auto s = ev.evaluate(in);
    const int64_t embedded = ev.images_embedded() - before;
    // Both models embed the 2 new images; the 3 photos only in the first round.
    EXPECT_EQ(embedded, round == 0 ? 2 * (3 + 2) : 2 * 2) << "round " << round;
    rounds_embedded += embedded;
    auto r = fresh.evaluate(in);
    EXPECT_NEAR(s.dino, r.dino, 1e-6);
    EXPECT_NEAR(s.clip_i, r.clip_i, 1e-6);
  }
  EXPECT_EQ(rounds_embedded, 2 * (3 + 3 * 2));
  EXPECT_EQ(fresh.images_embedded(), 3 * 2 * (3 + 2));
  // A photo that changes on disk is embedded again.
  write_image(in.real[0], 200, 200, 77);
  fs::last_write_time(in.real[0], fs::last_write_time(in.real[0]) + std::chrono::seconds(2));
  const int64_t before = ev.images_embedded();
  ev.evaluate(in);
  EXPECT_EQ(ev.images_embedded() - before, 2 * 1);
}

TEST(EvalEndToEnd, FolderAgainstItselfExcludesSelfPairs) {
  OLIS_REQUIRE_FIXTURES(clip_dirs, "clip_vision_tiny", "model.safetensors");
  OLIS_REQUIRE_FIXTURES(dino_dirs, "dino_vits_tiny", "model_dino.safetensors");
  auto folders = make_folders("e2e_self");
  auto ev = Evaluator::load({clip_dirs.front(), {}, {}, dino_dirs.front() / "model_dino.safetensors"});
  SubjectInput self;
  self.subject = "self";
  self.real = olis::value_or_throw(list_images(folders.real));
  for (const auto& p : self.real) self.generated.push_back({p, ""});
  auto s = ev.evaluate(self);
  EXPECT_EQ(s.pairs, 6);  // 3 x 3 minus the diagonal
  EXPECT_TRUE(std::isnan(s.clip_t));  // no prompts, no text tower
  // The same photos under other names are different files: the diagonal (cos 1) now counts.
  const auto copies = folders.real.parent_path() / "copies";
  fs::create_directories(copies);
  SubjectInput copy = self;
  copy.generated.clear();
  for (const auto& p : self.real) {
    fs::copy_file(p, copies / p.filename());
    copy.generated.push_back({copies / p.filename(), ""});
  }
  auto c = ev.evaluate(copy);
  EXPECT_EQ(c.pairs, 9);
  EXPECT_NEAR(c.dino, (6 * s.dino + 3.0) / 9.0, 1e-5);
  EXPECT_NEAR(c.clip_i, (6 * s.clip_i + 3.0) / 9.0, 1e-5);
}

// The real CLIP text tower and tokenizer (clip_text_tiny + clip_tokenizer) behind CLIP-T.
TEST(EvalEndToEnd, ClipTWithTheTextTower) {
  OLIS_REQUIRE_FIXTURES(clip_dirs, "clip_vision_tiny", "model.safetensors");
  OLIS_REQUIRE_FIXTURES(text_dirs, "clip_text_tiny", "model.safetensors");
  OLIS_REQUIRE_FIXTURES(tok_dirs, "clip_tokenizer", "vocab.json");
  OLIS_REQUIRE_FIXTURES(dino_dirs, "dino_vits_tiny", "model_dino.safetensors");
  auto folders = make_folders("e2e_text");
  auto ev = Evaluator::load({clip_dirs.front(), text_dirs.front(), tok_dirs.front(), dino_dirs.front() / "model_dino.safetensors"});
  ASSERT_TRUE(ev.has_text());
  SubjectInput in;
  in.subject = "duck_toy";
  in.real = olis::value_or_throw(list_images(folders.real));
  in.generated = olis::value_or_throw(load_generated_set(folders.generated));
  in.rules = {"sks", "toy", "duck toy"};
  auto s = ev.evaluate(in);
  for (double v : {s.dino, s.clip_i, s.clip_t, s.clip_t_object}) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_LE(std::abs(v), 1.0 + 1e-9);
  }
  // The text really reaches the tower: another wording of the prompts changes the scores.
  EXPECT_GT(std::abs(s.clip_t - s.clip_t_object), 1e-6);
  in.rules.keep_identifier = true;
  EXPECT_GT(std::abs(ev.evaluate(in).clip_t - s.clip_t), 1e-6);
}

}  // namespace
}  // namespace olis::eval
