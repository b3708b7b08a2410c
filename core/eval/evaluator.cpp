#include "core/eval/evaluator.h"

#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "core/eval/clip_text_embedder.h"
#include "core/util/error.h"

namespace olis::eval {
namespace fs = std::filesystem;

Evaluator::Evaluator(ClipVisionModel clip, DinoVit dino, TextEmbedder text)
    : clip_(std::move(clip)), dino_(std::move(dino)), text_(std::move(text)) {}

Evaluator Evaluator::load(const Paths& paths, const torch::Device& device) {
  ClipVisionModel c{nullptr};
  DinoVit d{nullptr};
  TextEmbedder t;
  if (!paths.clip.empty()) {
    c = load_clip_vision_model(paths.clip);
    auto text_dir = paths.clip_text.empty() ? paths.clip : paths.clip_text;
    if (!fs::is_directory(text_dir)) text_dir = text_dir.parent_path();  // a model.safetensors was given
    try {
      t = load_clip_text_embedder(text_dir, paths.tokenizer.empty() ? text_dir : paths.tokenizer, device);
    } catch (const Error& e) {
      if (!paths.clip_text.empty() || !paths.tokenizer.empty()) throw;  // asked for explicitly: a real error
      spdlog::warn("CLIP-T will not be computed: {}", e.what());
    }
  }
  if (!paths.dino.empty()) d = load_dino_vit(paths.dino);
  Evaluator e(c, d, t);
  e.to(device);
  return e;
}

void Evaluator::to(const torch::Device& device) {
  device_ = device;
  if (!clip_.is_empty()) clip_->to(device);
  if (!dino_.is_empty()) dino_->to(device);
}

void Evaluator::set_embedding_cache(bool on) {
  cache_on_ = on;
  if (!on) cache_.clear();
}

torch::Tensor Evaluator::embed(const std::vector<fs::path>& images, bool clip, const EvalOptions& options) {
  if (clip ? clip_.is_empty() : dino_.is_empty()) throw Error(clip ? "no CLIP model loaded" : "no DINO model loaded");
  const int64_t width = clip ? clip_->config().projection_dim : dino_->config().embed_dim;
  // What the cache already holds (same file, same size and time); the rest is embedded in batches.
  std::vector<torch::Tensor> rows(images.size());
  std::vector<size_t> todo;
  std::vector<std::pair<fs::path, bool>> keys(images.size());
  std::vector<Cached> stamps(images.size());
  for (size_t i = 0; i < images.size(); ++i) {
    std::error_code ec;
    keys[i] = {fs::weakly_canonical(images[i], ec), clip};
    if (ec) keys[i].first = images[i];
    stamps[i].size = fs::file_size(images[i], ec);
    stamps[i].mtime = fs::last_write_time(images[i], ec);
    auto it = cache_on_ && !ec ? cache_.find(keys[i]) : cache_.end();
    if (it != cache_.end() && it->second.size == stamps[i].size && it->second.mtime == stamps[i].mtime)
      rows[i] = it->second.embedding;
    else
      todo.push_back(i);
  }
  const auto params = clip ? clip_preprocess_params(clip_->config().image_size) : dino_preprocess_params();
  auto p = params;
  p.filter = options.filter;
  compat::InferenceGuard guard;
  const auto batch = std::max<int64_t>(1, options.batch_size);
  for (size_t start = 0; start < todo.size(); start += static_cast<size_t>(batch)) {
    std::vector<torch::Tensor> pixels;
    const size_t end = std::min(todo.size(), start + static_cast<size_t>(batch));
    for (size_t k = start; k < end; ++k) pixels.push_back(preprocess_image(value_or_throw(load_rgb_image(images[todo[k]])), p, images[todo[k]].string()));
    auto x = torch::stack(pixels).to(device_);  // [b, 3, S, S]
    auto e = (clip ? clip_->embed(x) : dino_->embed(x)).to(torch::kCPU);
    images_embedded_ += static_cast<int64_t>(pixels.size());
    for (size_t k = start; k < end; ++k) {
      const size_t i = todo[k];
      rows[i] = e[static_cast<int64_t>(k - start)].clone();
      if (cache_on_) cache_[keys[i]] = Cached{stamps[i].size, stamps[i].mtime, rows[i]};
    }
    if (options.progress) options.progress(static_cast<int64_t>(end), static_cast<int64_t>(todo.size()));
  }
  if (rows.empty()) return torch::zeros({0, width});
  return torch::stack(rows);
}

torch::Tensor Evaluator::clip_image_embeds(const std::vector<fs::path>& images, const EvalOptions& options) {
  return embed(images, true, options);
}

torch::Tensor Evaluator::dino_embeds(const std::vector<fs::path>& images, const EvalOptions& options) {
  return embed(images, false, options);
}

namespace {

fs::path canonical_or_self(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  return ec ? p : c;
}

}  // namespace

SubjectScores Evaluator::evaluate(const SubjectInput& input, const EvalOptions& options) {
  SubjectScores s;
  s.subject = input.subject;
  s.real_images = static_cast<int64_t>(input.real.size());
  s.generated_images = static_cast<int64_t>(input.generated.size());
  if (input.generated.empty()) throw Error(fmt::format("subject '{}': no generated images to score", input.subject));

  // Each distinct file is embedded once, even when it is both a real and a generated image.
  std::vector<fs::path> files;
  std::map<fs::path, int64_t> index;
  auto add = [&](const fs::path& p) {
    auto key = canonical_or_self(p);
    auto it = index.find(key);
    if (it != index.end()) return it->second;
    index[key] = static_cast<int64_t>(files.size());
    files.push_back(p);
    return static_cast<int64_t>(files.size()) - 1;
  };
  std::vector<int64_t> real_idx, gen_idx;
  for (const auto& p : input.real) real_idx.push_back(add(p));
  for (const auto& g : input.generated) gen_idx.push_back(add(g.path));
  auto include = torch::ones({s.generated_images, s.real_images}, torch::kBool);
  for (int64_t i = 0; i < s.generated_images; ++i)
    for (int64_t j = 0; j < s.real_images; ++j)
      if (gen_idx[i] == real_idx[j]) include[i][j] = false;
  s.pairs = include.sum().item<int64_t>();
  auto gi = torch::tensor(gen_idx, torch::kInt64), ri = torch::tensor(real_idx, torch::kInt64);

  if (has_dino() && s.real_images > 0) {
    auto e = dino_embeds(files, options);
    s.dino = mean_pairwise_cosine(e.index_select(0, gi), e.index_select(0, ri), include);
  }
  if (has_clip()) {
    auto e = clip_image_embeds(files, options);
    auto gen = e.index_select(0, gi);
    if (s.real_images > 0) s.clip_i = mean_pairwise_cosine(gen, e.index_select(0, ri), include);
    // CLIP-T over the generated images that carry a prompt.
    std::vector<int64_t> with_prompt;
    for (int64_t i = 0; i < s.generated_images; ++i)
      if (!input.generated[i].prompt.empty()) with_prompt.push_back(i);
    if (has_text() && !with_prompt.empty()) {
      auto img = gen.index_select(0, torch::tensor(with_prompt, torch::kInt64));
      std::vector<std::string> texts, object_texts;
      std::vector<int64_t> prompt_index;
      std::map<std::string, int64_t> seen;
      for (auto i : with_prompt) {
        const auto t = clip_t_text(input.generated[i].prompt, input.rules);
        auto [it, fresh] = seen.emplace(t, static_cast<int64_t>(texts.size()));
        if (fresh) {
          texts.push_back(t);
          object_texts.push_back(clip_t_object_text(input.generated[i].prompt, input.rules));
        }
        prompt_index.push_back(it->second);
      }
      s.clip_t = mean_paired_cosine(img, text_(texts), prompt_index);
      if (!input.rules.object_name.empty()) s.clip_t_object = mean_paired_cosine(img, text_(object_texts), prompt_index);
    } else if (!has_text()) {
      spdlog::debug("subject '{}': no CLIP text tower, CLIP-T not computed", input.subject);
    }
  }
  return s;
}

}  // namespace olis::eval
