#include "core/jobs/project_captions.h"

#include <algorithm>
#include <cctype>

namespace olis::jobs {

namespace fs = std::filesystem;

prompts::Subject project_subject(const Project& project) {
  prompts::Subject s;
  s.identifier = project.subject.identifier;
  s.class_noun = project.subject.class_noun;
  s.specific_class = project.subject.specific_class;
  s.kind = project.subject.kind == SubjectKindSetting::Living   ? prompts::SubjectKind::Living
           : project.subject.kind == SubjectKindSetting::Person ? prompts::SubjectKind::Person
                                                                : prompts::SubjectKind::Object;
  return s;
}

std::vector<fs::path> project_photo_paths(const fs::path& project_dir, const Project& project) {
  std::vector<fs::path> out;
  for (const auto& ph : project.photos) {
    fs::path f(ph.file);
    out.push_back(f.is_relative() ? project_dir / f : f);
  }
  return out;
}

int fill_empty_captions(Project& project, const eval::CaptionSuggestions& suggestions) {
  int changed = 0;
  for (std::size_t i = 0; i < project.photos.size() && i < suggestions.photos.size(); ++i) {
    auto& caption = project.photos[i].caption;
    const bool blank = std::all_of(caption.begin(), caption.end(), [](unsigned char c) { return std::isspace(c); });
    if (!blank || suggestions.photos[i].captions.empty()) continue;
    caption = suggestions.photos[i].captions.front().caption;
    ++changed;
  }
  return changed;
}

void CaptionSuggestionJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  if (request_.clip.clip.empty())
    throw Error("no CLIP model is set: choose the CLIP folder (metric models) in the Train tab's settings first");
  prompts::PoolLoadOptions po;
  po.user_files = request_.pool_files;
  const auto pools = value_or_throw(prompts::load_pool_set(po));
  callbacks.emit_log("Loading " + request_.clip.clip.string());
  auto paths = request_.clip;
  paths.dino.clear();
  auto ev = eval::Evaluator::load(paths);
  cancel.throw_if_cancelled();
  eval::CaptionSuggestionOptions o;
  o.top_k = request_.top_k;
  const auto total = static_cast<int64_t>(request_.photos.size());
  o.eval.progress = [&](int64_t done, int64_t) {
    callbacks.emit_progress({done, total, -1});
    cancel.throw_if_cancelled();
  };
  result_ = eval::suggest_captions(ev, pools, request_.subject, request_.photos, o);
}

}  // namespace olis::jobs
