#include "core/eval/metrics.h"

#include <cmath>
#include <limits>
#include <sstream>

#include <torch/torch.h>

#include "core/util/error.h"

namespace olis::eval {

torch::Tensor cosine_matrix(const torch::Tensor& a, const torch::Tensor& b) {
  if (a.dim() != 2 || b.dim() != 2 || a.size(1) != b.size(1))
    throw Error("cosine_matrix: expected [N, D] and [M, D] embeddings of the same width");
  auto a64 = a.to(torch::kFloat64), b64 = b.to(torch::kFloat64);
  auto an = a64 / a64.norm(2, 1, true), bn = b64 / b64.norm(2, 1, true);
  return torch::matmul(an, bn.t());  // [N, M]
}

double mean_pairwise_cosine(const torch::Tensor& gen, const torch::Tensor& real, const torch::Tensor& include) {
  if (gen.size(0) == 0 || real.size(0) == 0) return std::numeric_limits<double>::quiet_NaN();
  auto m = cosine_matrix(gen, real);
  if (!include.defined()) return m.mean().item<double>();
  auto keep = include.to(torch::kBool);
  if (keep.sizes() != m.sizes()) throw Error("mean_pairwise_cosine: pair mask has the wrong shape");
  const auto n = keep.sum().item<int64_t>();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  return m.masked_select(keep).sum().item<double>() / static_cast<double>(n);
}

double mean_paired_cosine(const torch::Tensor& image, const torch::Tensor& text, const std::vector<int64_t>& prompt_index) {
  if (static_cast<int64_t>(prompt_index.size()) != image.size(0))
    throw Error("CLIP-T: every generated image needs the index of its prompt");
  if (image.size(0) == 0) return std::numeric_limits<double>::quiet_NaN();
  for (auto i : prompt_index)
    if (i < 0 || i >= text.size(0)) throw Error("CLIP-T: prompt index out of range");
  auto idx = torch::tensor(prompt_index, torch::kInt64);
  auto paired = cosine_matrix(image, text).gather(1, idx.view({-1, 1}));  // [N, 1]
  return paired.mean().item<double>();
}

double mean_of_finite(const std::vector<double>& values) {
  double sum = 0;
  int64_t n = 0;
  for (double v : values)
    if (std::isfinite(v)) sum += v, ++n;
  return n ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

namespace {

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string join(const std::vector<std::string>& w) {
  std::string out;
  for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
  return out;
}

}  // namespace

namespace {

// Replaces the first whole-word occurrence of `from` (one or more words) in `w` with `to`.
std::vector<std::string> replace_words(std::vector<std::string> w, const std::string& from, const std::string& to) {
  const auto f = words(from);
  if (f.empty()) return w;
  for (size_t i = 0; i + f.size() <= w.size(); ++i) {
    if (std::equal(f.begin(), f.end(), w.begin() + static_cast<std::ptrdiff_t>(i))) {
      std::vector<std::string> out(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(i));
      for (auto& x : words(to)) out.push_back(x);
      out.insert(out.end(), w.begin() + static_cast<std::ptrdiff_t>(i + f.size()), w.end());
      return out;
    }
  }
  return w;
}

}  // namespace

std::string clip_t_text(const std::string& prompt, const PromptTextRules& rules) {
  auto w = words(prompt);
  if (!rules.keep_identifier && !rules.identifier.empty()) {
    std::vector<std::string> kept;
    for (auto& x : w)
      if (x != rules.identifier) kept.push_back(x);
    w = kept;
  }
  if (!rules.prompt_class.empty() && !rules.class_name.empty() && rules.prompt_class != rules.class_name)
    w = replace_words(std::move(w), rules.prompt_class, rules.class_name);
  return join(w);
}

std::string clip_t_object_text(const std::string& prompt, const PromptTextRules& rules) {
  auto w = words(clip_t_text(prompt, rules));
  if (rules.class_name.empty() || rules.object_name.empty()) return join(w);
  return join(replace_words(std::move(w), rules.class_name, rules.object_name));
}

}  // namespace olis::eval
