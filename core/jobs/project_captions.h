#pragma once
// Suggested captions for a project (core/eval/caption_suggestions with the project's subject, photos and
// pools), and filling the captions a user left empty with the best suggestion.
#include <filesystem>
#include <vector>

#include "core/eval/caption_suggestions.h"
#include "core/jobs/job.h"
#include "core/jobs/project.h"

namespace olis::jobs {

prompts::Subject project_subject(const Project& project);
// The absolute paths of the project's photos (relative ones are relative to `project_dir`).
std::vector<std::filesystem::path> project_photo_paths(const std::filesystem::path& project_dir, const Project& project);

// Sets every empty caption (after trimming) to its photo's best suggestion; returns how many changed.
// `suggestions.photos` must be in the order of project.photos.
int fill_empty_captions(Project& project, const eval::CaptionSuggestions& suggestions);

// Suggestions for a set of photos as a job (the GUI runs it on its engine thread): loads the pools and the
// CLIP towers, then ranks (core/eval/caption_suggestions.h).
struct CaptionSuggestionRequest {
  std::vector<std::filesystem::path> photos;
  prompts::Subject subject;
  eval::Evaluator::Paths clip;                   // clip, clip_text, tokenizer (dino unused)
  std::vector<std::filesystem::path> pool_files;  // the user's pool files or overlays
  int top_k = 5;
};

class CaptionSuggestionJob : public Job {
 public:
  explicit CaptionSuggestionJob(CaptionSuggestionRequest request) : request_(std::move(request)) {}
  std::string name() const override { return "Suggest captions"; }
  JobKind kind() const override { return JobKind::Evaluation; }
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;
  const eval::CaptionSuggestions& result() const { return result_; }

 private:
  CaptionSuggestionRequest request_;
  eval::CaptionSuggestions result_;
};

}  // namespace olis::jobs
