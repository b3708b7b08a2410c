#pragma once
// A project folder for job tests: 4 generated photos with captions, project.olis.yaml and a
// training.olis.yaml on the tiny SDXL fixture model (64 px, LoRA rank 4, CPU, a regularization set of 2).
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/imgproc.hpp>

#include "core/util/atomic_file.h"
#include "tests/support/cv_png.h"
#include "tests/support/fixtures.h"

namespace olis::test {

struct TinyProjectOptions {
  int steps = 4;
  int checkpoint_every = 2;
  int eval_every = 2;
  int validation_prompts = 2;
  int eval_steps = 2;
  std::string class_noun = "backpack";
  std::string kind = "object";
  std::string extra_yaml;  // appended to training.olis.yaml
};

inline void write_tiny_project(const std::filesystem::path& dir, const std::filesystem::path& cache_root,
                               const TinyProjectOptions& o = {}) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  std::string photos;
  for (int i = 0; i < 4; ++i) {
    cv::Mat small(3, 3, CV_8UC3);
    cv::theRNG().state = static_cast<uint64_t>(i) * 31 + 7;
    cv::randu(small, cv::Scalar::all(0), cv::Scalar::all(255));
    cv::Mat img;
    cv::resize(small, img, cv::Size(72 + 8 * i, 80), 0, 0, cv::INTER_LINEAR);
    olis::test::write_png(dir / fmt::format("photo{}.png", i), img);
    photos += fmt::format("  - {{file: photo{}.png, caption: \"{}\"}}\n", i,
                          i == 3 ? std::string() : "a <new> " + o.class_noun + " on a rock");
  }
  write_file_atomic(dir / "project.olis.yaml",
                    fmt::format("schema: olis-project/1\nsubject: {{identifier: olis, class_noun: {}, kind: {}}}\nphotos:\n{}",
                                o.class_noun, o.kind, photos));
  const fs::path f = fixtures_root();
  write_file_atomic(dir / "training.olis.yaml",
                    fmt::format("base_model: {}\nvocab_dir: {}\nmode: lora\nlora_rank: 4\nsteps: {}\nlr: 0.001\n"
                                "resolution: 64\ncheckpoint_every: {}\neval_every: {}\neval_steps: {}\n"
                                "validation_prompts: {}\ndevice: cpu\nseed: 3\n"
                                "regularization: {{count: 2, batch: 2, steps: 2, cache_root: {}}}\n{}",
                                (f / "ldm_single_file_sdxl_tiny").string(), (f / "clip_tokenizer").string(), o.steps,
                                o.checkpoint_every, o.eval_every, o.eval_steps, o.validation_prompts,
                                cache_root.string(), o.extra_yaml));
}

}  // namespace olis::test
