#include "core/jobs/prompt_manifest_job.h"

#include "core/prompts/manifest.h"

namespace olis::jobs {

PromptManifestJob::PromptManifestJob(PromptManifestParams params) : params_(std::move(params)) {}

std::string PromptManifestJob::name() const {
  return "Sample " + std::to_string(params_.prompts.count) + " regularization prompts";
}

std::filesystem::path PromptManifestJob::output_dir() const {
  return params_.manifest_path.empty() ? std::filesystem::path() : params_.manifest_path.parent_path();
}

void PromptManifestJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  const int64_t total = params_.manifest_path.empty() ? 2 : 3;
  ProgressReporter progress(callbacks, total);
  auto pools = olis::prompts::load_pool_set(params_.pools);
  if (!pools) throw Error(pools.error().message());
  pool_version_ = pools->version;
  pool_warnings_ = olis::prompts::below_minimum(*pools);
  for (const std::string& w : pool_warnings_) callbacks.emit_log(w);
  progress.step(1);
  cancel.throw_if_cancelled();
  items_ = olis::prompts::sample_prompt_set(*pools, params_.prompts);
  const auto counts = olis::prompts::category_counts(static_cast<int>(items_.size()));
  callbacks.emit_log("sampled " + std::to_string(items_.size()) + " prompts: " + std::to_string(counts.training) +
                     " training, " + std::to_string(counts.photoreal) + " photoreal, " +
                     std::to_string(counts.styled) + " styled (pools " + pool_version_.substr(0, 12) + ")");
  progress.step(2);
  if (params_.manifest_path.empty()) return;
  cancel.throw_if_cancelled();
  std::error_code ec;
  std::filesystem::create_directories(params_.manifest_path.parent_path(), ec);
  auto written = olis::prompts::write_manifest(params_.manifest_path, items_);
  if (!written) throw Error(written.error().message());
  callbacks.emit_log("wrote " + params_.manifest_path.string());
  progress.step(3);
}

}  // namespace olis::jobs
