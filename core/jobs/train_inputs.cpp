#include "core/jobs/train_inputs.h"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "core/io/image_io.h"
#include "core/io/model_source.h"
#include "core/prompts/caption.h"
#include "core/prompts/clip_token_count.h"
#include "core/text/clip_tokenizer.h"

namespace olis::jobs {

namespace fs = std::filesystem;

namespace {

// The tokenizer training uses (exact token counts), when it can be read; else captions are counted
// approximately.
std::optional<text::ClipTokenizer> training_tokenizer(const TrainSettings& s) {
  auto source = io::ModelSource::open(s.base_model);
  if (!source) return std::nullopt;
  std::optional<fs::path> dir = (*source)->tokenizer_dir("tokenizer");
  Expected<text::ClipTokenizer> tok = dir ? text::ClipTokenizer::load_folder(*dir, s.vocab_dir)
                                      : !s.vocab_dir.empty() ? text::ClipTokenizer::load(s.vocab_dir / "vocab.json", s.vocab_dir / "merges.txt")
                                                             : Expected<text::ClipTokenizer>(fail("no tokenizer"));
  if (!tok) return std::nullopt;
  return std::move(*tok);
}

std::string photo_name(const ProjectTraining& p, const ProjectPhoto& ph) {
  fs::path f(ph.file);
  return f.is_relative() ? f.string() : f.filename().string();
}

void check_captions(const ProjectTraining& p, TrainingInputReport& r) {
  const auto subject = p.subject();
  prompts::CaptionOptions options;
  if (auto tok = training_tokenizer(p.settings)) options.token_counter = prompts::clip_token_counter(*tok);
  std::vector<std::string> caption_errors;
  std::map<std::string, std::vector<std::string>> by_caption;
  for (const auto& ph : p.project.photos) {
    const auto name = photo_name(p, ph);
    const auto check = prompts::check_caption(ph.caption, subject, options);
    by_caption[check.effective_caption].push_back(name);
    for (const auto& issue : check.issues) {
      const std::string line = fmt::format("{}: {} Fix: {}", name, issue.message, issue.fix_hint);
      if (issue.problem == prompts::CaptionProblem::TooManyTokens)
        r.warnings.push_back(fmt::format("{}: the caption is {}{} tokens long; CLIP reads {}, so training cuts off the rest. {}",
                                         name, check.token_count_exact ? "" : "about ", check.token_count,
                                         prompts::kClipMaxTokens, issue.fix_hint));
      else if (issue.severity == prompts::Severity::Error)
        caption_errors.push_back(line);
      else
        r.warnings.push_back(line);
    }
  }
  if (!caption_errors.empty()) {
    std::string msg = fmt::format("{} caption error{} (as 'olis-cli captions check' reports them):", caption_errors.size(),
                                  caption_errors.size() == 1 ? "" : "s");
    for (const auto& e : caption_errors) msg += "\n  " + e;
    if (p.settings.allow_caption_errors) {
      r.warnings.push_back(msg + "\n  Training anyway: allow_caption_errors is set.");
    } else {
      msg += "\nFix the captions, or set 'allow_caption_errors: true' in training.olis.yaml (olis-cli train "
             "--allow-caption-errors) to train with them anyway.";
      r.errors.push_back(msg);
    }
  }
  for (const auto& [caption, names] : by_caption) {
    if (names.size() < 2) continue;
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    r.warnings.push_back(fmt::format(
        "{} photos have the same caption \"{}\" ({}). Describe each photo's background (\"a <new> {} on a rock\", "
        "\"a <new> {} in a kitchen\"): identical captions overfit, and the regularization set's training-background "
        "prompts come from the captions.",
        names.size(), caption, list, subject.prompt_class(), subject.prompt_class()));
  }
}

void check_photos(const ProjectTraining& p, TrainingInputReport& r) {
  if (p.project.photos.empty()) {
    r.errors.push_back(p.dir.string() + ": the project has no photos; add 4 to 6 photos of the subject.");
    return;
  }
  const int res = p.settings.resolution_px;
  for (const auto& ph : p.project.photos) {
    fs::path f(ph.file);
    if (f.is_relative()) f = p.dir / f;
    const auto name = photo_name(p, ph);
    std::error_code ec;
    if (!fs::exists(f, ec)) {
      r.errors.push_back(fmt::format("{}: the photo file is missing ({}).", name, f.string()));
      continue;
    }
    auto image = io::load_image(f);
    if (!image) {
      r.errors.push_back(image.error().what());
      continue;
    }
    const int short_side = std::min(image->width, image->height);
    if (short_side < res)
      r.warnings.push_back(fmt::format(
          "{} is {}x{} pixels; training works at {}x{}, so it is enlarged {:.1f} times and looks blurry to the model. "
          "Use photos at least {} pixels on the short side.",
          name, image->width, image->height, res, res, static_cast<double>(res) / std::max(1, short_side), res));
  }
}

void check_schedule(const ProjectTraining& p, TrainingInputReport& r) {
  const auto& s = p.settings;
  if (s.eval_every > s.steps)
    r.warnings.push_back(fmt::format("eval_every is {} but the run has {} steps: no validation round will run.", s.eval_every, s.steps));
  if (s.warmup_steps >= s.steps && s.warmup_steps > 0)
    r.warnings.push_back(fmt::format("warmup_steps is {} but the run has {} steps: the learning rate never reaches {}.",
                                     s.warmup_steps, s.steps, s.lr));
}

}  // namespace

TrainingInputReport check_training_inputs(const ProjectTraining& p) {
  TrainingInputReport r;
  check_photos(p, r);
  check_captions(p, r);
  check_schedule(p, r);
  return r;
}

void require_training_inputs(const ProjectTraining& p, const std::function<void(const std::string&)>& log) {
  const auto r = check_training_inputs(p);
  if (log)
    for (const auto& w : r.warnings) log("warning: " + w);
  if (r.ok()) return;
  std::string msg = r.errors.size() == 1 ? "Training cannot start: " : "Training cannot start:";
  for (const auto& e : r.errors) msg += (r.errors.size() == 1 ? "" : "\n- ") + e;
  throw Error(msg);
}

}  // namespace olis::jobs
