#pragma once
// Results of an evaluation: scores per subject and their unweighted mean over subjects.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace olis::eval {

constexpr double kNoScore = std::numeric_limits<double>::quiet_NaN();

struct SubjectScores {
  std::string subject;
  double dino = kNoScore;           // mean pairwise cos of DINO CLS embeddings, generated x real
  double clip_i = kNoScore;         // mean pairwise cos of CLIP image embeddings, generated x real
  double clip_t = kNoScore;         // mean cos(image, own prompt) over generated images
  double clip_t_object = kNoScore;  // CLIP-T with the class word replaced by the specific object name
  int64_t real_images = 0;
  int64_t generated_images = 0;
  int64_t pairs = 0;                // (generated, real) pairs scored (self-pairs excluded)
};

struct EvalReport {
  std::vector<SubjectScores> subjects;
  SubjectScores mean;  // each metric averaged over the subjects that have it; counts are sums
};

EvalReport summarize(std::vector<SubjectScores> subjects);
// {"subjects": [{"subject", "dino", "clip_i", "clip_t", "clip_t_object", counts}], "mean": {...},
//  "definitions": "..."}; a metric that could not be computed is null.
nlohmann::json to_json(const EvalReport& report);
// A fixed-width table, one row per subject and a "mean" row ("-" where a metric was not computed).
std::string format_table(const EvalReport& report);
// CSV with a header line (subject,dino,clip_i,clip_t,clip_t_object,real_images,generated_images,pairs), one
// line per subject and the "mean" line; a metric that was not computed is an empty field.
std::string format_csv(const EvalReport& report);
// Reads what to_json wrote (extra keys are ignored). Throws olis::Error naming `label`.
EvalReport report_from_json(const nlohmann::json& j, const std::string& label);

}  // namespace olis::eval
