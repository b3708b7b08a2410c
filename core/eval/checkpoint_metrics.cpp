#include "core/eval/checkpoint_metrics.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "core/util/atomic_file.h"

namespace olis::eval {
namespace fs = std::filesystem;

namespace {

nlohmann::json score(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

double score_from(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : kNoScore;
}

}  // namespace

nlohmann::json to_json(const CheckpointMetrics& m) {
  return {{"step", m.step},       {"checkpoint", m.checkpoint},       {"dino", score(m.dino)},
          {"clip_i", score(m.clip_i)}, {"clip_t", score(m.clip_t)}, {"clip_t_object", score(m.clip_t_object)},
          {"images", m.images}};
}

Expected<CheckpointMetrics> checkpoint_metrics_from_json(const nlohmann::json& j, const std::string& label) {
  if (!j.is_object() || !j.contains("step") || !j["step"].is_number_integer())
    return fail(fmt::format("{}: expected an object with an integer \"step\"", label));
  CheckpointMetrics m;
  m.step = j["step"].get<int64_t>();
  if (j.contains("checkpoint") && j["checkpoint"].is_string()) m.checkpoint = j["checkpoint"].get<std::string>();
  m.dino = score_from(j, "dino");
  m.clip_i = score_from(j, "clip_i");
  m.clip_t = score_from(j, "clip_t");
  m.clip_t_object = score_from(j, "clip_t_object");
  if (j.contains("images") && j["images"].is_number_integer()) m.images = j["images"].get<int64_t>();
  return m;
}

Expected<std::vector<CheckpointMetrics>> read_metrics_log(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::vector<CheckpointMetrics>{};
  auto text = read_text_file(file);
  if (!text) return tl::unexpected(text.error());
  std::vector<CheckpointMetrics> out;
  std::istringstream in(*text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto label = fmt::format("{} line {}", file.string(), n);
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      return fail(fmt::format("{}: not valid JSON ({})", label, e.what()));
    }
    auto m = checkpoint_metrics_from_json(j, label);
    if (!m) return tl::unexpected(m.error());
    out.push_back(*m);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.step < b.step; });
  return out;
}

void append_metrics_log(const fs::path& file, const CheckpointMetrics& m) {
  auto records = value_or_throw(read_metrics_log(file));
  records.erase(std::remove_if(records.begin(), records.end(), [&](const auto& r) { return r.step == m.step; }),
                records.end());
  records.push_back(m);
  std::stable_sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.step < b.step; });
  std::string text;
  for (const auto& r : records) text += to_json(r).dump() + "\n";
  write_file_atomic(file, text);
}

CheckpointMetrics evaluate_checkpoint(Evaluator& evaluator, int64_t step, const std::string& checkpoint,
                                      const SubjectInput& validation, const EvalOptions& options) {
  auto s = evaluator.evaluate(validation, options);
  CheckpointMetrics m;
  m.step = step;
  m.checkpoint = checkpoint;
  m.dino = s.dino;
  m.clip_i = s.clip_i;
  m.clip_t = s.clip_t;
  m.clip_t_object = s.clip_t_object;
  m.images = s.generated_images;
  return m;
}

std::optional<size_t> suggest_best_checkpoint(const std::vector<CheckpointMetrics>& records,
                                              const BestCheckpointRule& rule) {
  double best_clip_t = -std::numeric_limits<double>::infinity();
  bool any_clip_t = false;
  for (const auto& r : records)
    if (std::isfinite(r.dino) && std::isfinite(r.clip_t)) best_clip_t = std::max(best_clip_t, r.clip_t), any_clip_t = true;
  std::optional<size_t> best;
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    if (!std::isfinite(r.dino)) continue;
    if (any_clip_t && !(std::isfinite(r.clip_t) && r.clip_t >= best_clip_t - rule.clip_t_margin)) continue;
    if (!best || r.dino > records[*best].dino || (r.dino == records[*best].dino && r.step < records[*best].step))
      best = i;
  }
  return best;
}

std::optional<CheckpointMetrics> suggest_existing_checkpoint(const std::vector<CheckpointMetrics>& records,
                                                             const std::filesystem::path& checkpoint_dir,
                                                             const BestCheckpointRule& rule) {
  std::vector<CheckpointMetrics> existing;
  std::error_code ec;
  for (const auto& r : records)
    if (!r.checkpoint.empty() && std::filesystem::exists(checkpoint_dir / r.checkpoint, ec)) existing.push_back(r);
  auto best = suggest_best_checkpoint(existing, rule);
  if (!best) return std::nullopt;
  return existing[*best];
}

}  // namespace olis::eval
