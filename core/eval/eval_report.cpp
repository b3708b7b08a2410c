#include "core/eval/eval_report.h"

#include <cmath>

#include <fmt/format.h>

#include "core/eval/metrics.h"
#include "core/util/error.h"

namespace olis::eval {

EvalReport summarize(std::vector<SubjectScores> subjects) {
  EvalReport r;
  r.mean.subject = "mean";
  std::vector<double> dino, clip_i, clip_t, clip_t_object;
  for (const auto& s : subjects) {
    dino.push_back(s.dino);
    clip_i.push_back(s.clip_i);
    clip_t.push_back(s.clip_t);
    clip_t_object.push_back(s.clip_t_object);
    r.mean.real_images += s.real_images;
    r.mean.generated_images += s.generated_images;
    r.mean.pairs += s.pairs;
  }
  r.mean.dino = mean_of_finite(dino);
  r.mean.clip_i = mean_of_finite(clip_i);
  r.mean.clip_t = mean_of_finite(clip_t);
  r.mean.clip_t_object = mean_of_finite(clip_t_object);
  r.subjects = std::move(subjects);
  return r;
}

namespace {

nlohmann::json score(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json subject_json(const SubjectScores& s) {
  return {{"subject", s.subject},           {"dino", score(s.dino)},
          {"clip_i", score(s.clip_i)},      {"clip_t", score(s.clip_t)},
          {"clip_t_object", score(s.clip_t_object)}, {"real_images", s.real_images},
          {"generated_images", s.generated_images},  {"pairs", s.pairs}};
}

std::string cell(double v) { return std::isfinite(v) ? fmt::format("{:.4f}", v) : std::string("-"); }

}  // namespace

nlohmann::json to_json(const EvalReport& report) {
  nlohmann::json subjects = nlohmann::json::array();
  for (const auto& s : report.subjects) subjects.push_back(subject_json(s));
  return {{"subjects", subjects},
          {"mean", subject_json(report.mean)},
          {"definitions",
           "per subject: DINO and CLIP-I = mean cosine over all (generated, real) pairs, an image never paired with "
           "itself; CLIP-T = mean over generated images of cos(image, its own prompt), identifier removed; "
           "CLIP-T(object) = the same with the class word replaced by the specific object name; mean = unweighted "
           "mean over subjects"}};
}

std::string format_table(const EvalReport& report) {
  size_t width = 7;
  for (const auto& s : report.subjects) width = std::max(width, s.subject.size());
  std::string out = fmt::format("{:<{}}  {:>7}  {:>7}  {:>7}  {:>13}  {:>5}  {:>5}\n", "subject", width, "DINO",
                                "CLIP-I", "CLIP-T", "CLIP-T(obj)", "real", "gen");
  auto row = [&](const SubjectScores& s) {
    out += fmt::format("{:<{}}  {:>7}  {:>7}  {:>7}  {:>13}  {:>5}  {:>5}\n", s.subject, width, cell(s.dino),
                       cell(s.clip_i), cell(s.clip_t), cell(s.clip_t_object), s.real_images, s.generated_images);
  };
  for (const auto& s : report.subjects) row(s);
  if (report.subjects.size() != 1) row(report.mean);
  return out;
}

std::string format_csv(const EvalReport& report) {
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{:.6f}", v) : std::string(); };
  auto text = [](const std::string& t) {
    if (t.find_first_of(",\"\n") == std::string::npos) return t;
    std::string q = "\"";
    for (char c : t) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out = "subject,dino,clip_i,clip_t,clip_t_object,real_images,generated_images,pairs\n";
  auto row = [&](const SubjectScores& s) {
    out += fmt::format("{},{},{},{},{},{},{},{}\n", text(s.subject), num(s.dino), num(s.clip_i), num(s.clip_t),
                       num(s.clip_t_object), s.real_images, s.generated_images, s.pairs);
  };
  for (const auto& s : report.subjects) row(s);
  row(report.mean);
  return out;
}

EvalReport report_from_json(const nlohmann::json& j, const std::string& label) {
  auto value = [](const nlohmann::json& o, const char* key) {
    return o.contains(key) && o[key].is_number() ? o[key].get<double>() : kNoScore;
  };
  auto read = [&](const nlohmann::json& o) {
    if (!o.is_object()) throw Error(label + ": a subject's scores should be an object");
    SubjectScores s;
    s.subject = o.value("subject", "");
    s.dino = value(o, "dino");
    s.clip_i = value(o, "clip_i");
    s.clip_t = value(o, "clip_t");
    s.clip_t_object = value(o, "clip_t_object");
    s.real_images = o.value("real_images", int64_t{0});
    s.generated_images = o.value("generated_images", int64_t{0});
    s.pairs = o.value("pairs", int64_t{0});
    return s;
  };
  if (!j.is_object() || !j.contains("subjects") || !j["subjects"].is_array())
    throw Error(label + ": not an evaluation report (no \"subjects\" list)");
  try {
    std::vector<SubjectScores> subjects;
    for (const auto& s : j["subjects"]) subjects.push_back(read(s));
    return summarize(std::move(subjects));
  } catch (const nlohmann::json::exception& e) {
    throw Error(label + ": " + e.what());
  }
}

}  // namespace olis::eval
