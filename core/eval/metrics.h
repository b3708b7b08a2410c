#pragma once
// DreamBench metrics on embeddings (definitions of ../shared/fixtures/metrics_case), all in float64:
//   DINO   = mean over all (generated i, real j) pairs of cos(DINO_cls(gen_i), DINO_cls(real_j))
//   CLIP-I = the same with CLIP image embeddings
//   CLIP-T = mean over generated images of cos(CLIP_img(gen_i), CLIP_txt(prompt of image i)) (paired)
//   CLIP-T(object) = CLIP-T with the class word of the prompt replaced by the specific object name
// Embeddings need not be normalised. A benchmark number averages per subject first, then over subjects
// (unweighted), so a subject with more images does not weigh more.
#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

namespace olis::eval {

// a: [N, D], b: [M, D] -> [N, M] float64 cosine similarities.
torch::Tensor cosine_matrix(const torch::Tensor& a, const torch::Tensor& b);

// Mean of cos(gen_i, real_j) over all pairs; `include` ([N, M] bool, optional) keeps only some pairs
// (used to drop an image paired with itself when a folder is compared with itself). NaN if no pair.
double mean_pairwise_cosine(const torch::Tensor& gen, const torch::Tensor& real, const torch::Tensor& include = {});

// Mean of cos(image_i, text[prompt_index[i]]) over images. image: [N, P], text: [T, P].
double mean_paired_cosine(const torch::Tensor& image, const torch::Tensor& text, const std::vector<int64_t>& prompt_index);

// Unweighted mean of the finite values (NaN when there are none).
double mean_of_finite(const std::vector<double>& values);

// How prompts are turned into CLIP-T text (see README "Evaluation"): the identifier word (e.g. "olis") is
// removed unless keep_identifier, whitespace is collapsed; a prompt written with the specific name
// (prompt_class, "a olis duck toy in the jungle") gets DreamBench's class word back ("a toy in the
// jungle"), so CLIP-T stays DreamBench's; for CLIP-T(object) the first whole-word occurrence of class_name
// is replaced by object_name.
struct PromptTextRules {
  std::string identifier;    // rare token of the subject, e.g. "olis"; empty: nothing removed
  std::string class_name;    // DreamBench's class, e.g. "toy"
  std::string object_name;   // specific name, e.g. "duck toy"; empty: CLIP-T(object) is not computed
  std::string prompt_class{};  // the class as the generation prompts write it; empty: class_name
  bool keep_identifier = false;
};
std::string clip_t_text(const std::string& prompt, const PromptTextRules& rules);
std::string clip_t_object_text(const std::string& prompt, const PromptTextRules& rules);

}  // namespace olis::eval
