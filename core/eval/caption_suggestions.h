#pragma once
// Suggested captions (paper, App. E): every scene of the subject's pool ("on a wooden table") and every
// specific name of its class ("duck toy") is scored against each photo with CLIP (cosine of the image and
// text embeddings), and the best scenes become captions: "a <new> dog on a wooden table". Writing the
// captions is the slowest step at a booth; the suggestions make it a choice instead.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/eval/evaluator.h"
#include "core/prompts/caption_candidates.h"
#include "core/prompts/pools.h"
#include "core/prompts/subject.h"

namespace olis::eval {

struct ScoredText {
  std::string text;
  double score = 0;  // CLIP cosine similarity
};

struct ScoredCaption {
  std::string caption;    // with <new>: "a <new> dog on a wooden table"
  std::string scene;      // the pool entry it came from
  std::string clip_text;  // what CLIP scored
  double score = 0;       // cosine(image, text), the ranking key
};

struct PhotoSuggestions {
  std::filesystem::path photo;
  std::vector<ScoredCaption> captions;  // best first, at most top_k
};

struct CaptionSuggestions {
  std::vector<ScoredText> specific_names;  // best first; score: mean cosine over the photos
  std::string class_name;                  // the class the captions use (the subject's prompt class)
  std::vector<PhotoSuggestions> photos;    // in the order of the input photos
};

struct CaptionSuggestionOptions {
  int top_k = 5;          // captions kept per photo
  EvalOptions eval;       // batch size and resampler of the image side
  int64_t text_batch = 64;
};

// Needs an evaluator with the CLIP image and text towers (has_clip() && has_text(); throws olis::Error
// saying which is missing). Ties keep pool order.
CaptionSuggestions suggest_captions(Evaluator& clip, const prompts::PoolSet& pools, const prompts::Subject& subject,
                                    const std::vector<std::filesystem::path>& photos,
                                    const CaptionSuggestionOptions& options = {});

}  // namespace olis::eval
