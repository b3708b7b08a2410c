#include "core/eval/caption_suggestions.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>
#include <torch/torch.h>

#include "core/eval/metrics.h"
#include "core/util/error.h"

namespace olis::eval {

namespace {

// Texts -> [N, P] embeddings, in batches.
torch::Tensor embed_texts(const TextEmbedder& text, const std::vector<std::string>& texts, int64_t batch) {
  std::vector<torch::Tensor> parts;
  const auto step = static_cast<std::size_t>(std::max<int64_t>(1, batch));
  for (std::size_t i = 0; i < texts.size(); i += step) {
    std::vector<std::string> chunk(texts.begin() + static_cast<std::ptrdiff_t>(i),
                                   texts.begin() + static_cast<std::ptrdiff_t>(std::min(texts.size(), i + step)));
    parts.push_back(text(chunk));
  }
  return torch::cat(parts, 0);
}

// Indices of `scores` best first; ties keep their order.
std::vector<std::size_t> ranking(const std::vector<double>& scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  return order;
}

std::vector<double> row(const torch::Tensor& m, int64_t i) {
  auto r = m[i].contiguous();
  return std::vector<double>(r.data_ptr<double>(), r.data_ptr<double>() + r.numel());
}

}  // namespace

CaptionSuggestions suggest_captions(Evaluator& clip, const prompts::PoolSet& pools, const prompts::Subject& subject,
                                    const std::vector<std::filesystem::path>& photos,
                                    const CaptionSuggestionOptions& options) {
  if (!clip.has_clip()) throw Error("suggested captions need a CLIP model (its vision tower): none is loaded");
  if (!clip.has_text())
    throw Error("suggested captions need the CLIP text tower and its tokenizer: the CLIP folder has none "
                "(give the text tower and the tokenizer folder)");
  if (subject.prompt_class().empty()) throw Error("set the class of the subject first (e.g. dog) to suggest captions");
  CaptionSuggestions out;
  out.class_name = subject.prompt_class();
  if (photos.empty()) return out;

  const auto images = clip.clip_image_embeds(photos, options.eval);  // [N, P]
  const auto scenes = prompts::scene_candidates(pools, subject);
  std::vector<std::string> texts;
  for (const auto& s : scenes) texts.push_back(s.clip_text);
  const auto names = prompts::specific_name_candidates(subject);
  for (const auto& n : names) texts.push_back(prompts::specific_name_clip_text(n));
  const auto text = embed_texts(clip.text_embedder(), texts, options.text_batch);  // [S + K, P]
  const auto cos = cosine_matrix(images, text);                                       // [N, S + K] float64
  const auto n_scenes = static_cast<int64_t>(scenes.size());

  if (!names.empty()) {
    auto mean = cos.narrow(1, n_scenes, static_cast<int64_t>(names.size())).mean(0).contiguous();
    std::vector<double> scores(mean.data_ptr<double>(), mean.data_ptr<double>() + mean.numel());
    for (auto i : ranking(scores)) out.specific_names.push_back({names[i], scores[i]});
  }
  for (std::size_t p = 0; p < photos.size(); ++p) {
    PhotoSuggestions ps;
    ps.photo = photos[p];
    auto scores = row(cos.narrow(1, 0, n_scenes), static_cast<int64_t>(p));
    for (auto i : ranking(scores)) {
      if (static_cast<int>(ps.captions.size()) >= options.top_k) break;
      ps.captions.push_back({scenes[i].caption, scenes[i].scene, scenes[i].clip_text, scores[i]});
    }
    out.photos.push_back(std::move(ps));
  }
  return out;
}

}  // namespace olis::eval
