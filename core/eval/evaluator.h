#pragma once
// DreamBench scoring of image sets with the metric models (CLIP vision + projection, DINO ViT, and the
// CLIP text tower for CLIP-T). Images are read, preprocessed as the references do, embedded in batches.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>

#include "core/eval/clip_vision_model.h"
#include "core/eval/dino_vit.h"
#include "core/eval/eval_report.h"
#include "core/eval/image_folder.h"
#include "core/eval/metrics.h"
#include "core/eval/preprocess.h"

namespace olis::eval {

// Projected CLIP text embeddings of prompts: N strings -> [N, P] (not normalised). The CLIP text tower
// lives in core/text; callers wire it in (or pass precomputed embeddings in tests).
using TextEmbedder = std::function<torch::Tensor(const std::vector<std::string>& prompts)>;

struct SubjectInput {
  std::string subject;
  std::vector<std::filesystem::path> real;   // the subject's photos
  std::vector<PromptedImage> generated;      // generated images with the prompts that made them
  PromptTextRules rules;                     // how prompts become CLIP-T text
};

struct EvalOptions {
  int64_t batch_size = 16;
  ResampleFilter filter = ResampleFilter::kPilBicubic;
  std::function<void(int64_t done, int64_t total)> progress;  // images embedded so far
};

class Evaluator {
 public:
  // Any model may be empty (nullptr / no text embedder): its metrics are then not computed.
  Evaluator(ClipVisionModel clip, DinoVit dino, TextEmbedder text);
  // Loads the models (an empty path: that model is not used). The CLIP text tower is read from
  // `clip_text` (default: the `clip` folder) with the tokenizer of `tokenizer` (default: the text folder);
  // when that folder has no text tower, CLIP-T is not computed and a warning says why.
  struct Paths {
    std::filesystem::path clip, clip_text, tokenizer, dino;
  };
  static Evaluator load(const Paths& paths, const torch::Device& device = torch::kCPU);

  // Where the models run (default: the CPU). On a GPU the metric sweep of a training run takes seconds
  // instead of minutes. Embeddings are returned on the CPU either way.
  void to(const torch::Device& device);
  torch::Device device() const { return device_; }

  // Image embeddings are kept per file (path, size, modification time), so the subject's photos are
  // embedded once per run however many validation rounds score against them. On by default.
  void set_embedding_cache(bool on);
  int64_t images_embedded() const { return images_embedded_; }  // embedding computations so far (both models)

  void set_text_embedder(TextEmbedder text) { text_ = std::move(text); }
  bool has_clip() const { return !clip_.is_empty(); }
  bool has_dino() const { return !dino_.is_empty(); }
  bool has_text() const { return static_cast<bool>(text_); }
  const TextEmbedder& text_embedder() const { return text_; }

  // Embeddings of image files: [N, P] (CLIP) and [N, D] (DINO CLS).
  torch::Tensor clip_image_embeds(const std::vector<std::filesystem::path>& images, const EvalOptions& options = {});
  torch::Tensor dino_embeds(const std::vector<std::filesystem::path>& images, const EvalOptions& options = {});

  // Every metric the loaded models allow for one subject. A generated image that is the same file as a
  // real photo is never paired with it (comparing a folder with itself gives the paper's "real images" row).
  SubjectScores evaluate(const SubjectInput& input, const EvalOptions& options = {});

 private:
  torch::Tensor embed(const std::vector<std::filesystem::path>& images, bool clip, const EvalOptions& options);
  ClipVisionModel clip_{nullptr};
  DinoVit dino_{nullptr};
  TextEmbedder text_;
  torch::Device device_ = torch::kCPU;
  bool cache_on_ = true;
  struct Cached {
    std::uintmax_t size = 0;
    std::filesystem::file_time_type mtime;
    torch::Tensor embedding;  // [P] or [D] on the CPU
  };
  std::map<std::pair<std::filesystem::path, bool>, Cached> cache_;  // (canonical path, is CLIP)
  int64_t images_embedded_ = 0;
};

}  // namespace olis::eval
