#pragma once
// Job: sample the structured regularization prompts for a subject (core/prompts/prompt_set.h) and,
// optionally, write them as a JSONL manifest. The sampled items stay available through items() once
// run() has returned.
#include <filesystem>
#include <string>
#include <vector>

#include "core/jobs/job.h"
#include "core/prompts/pools.h"
#include "core/prompts/prompt_set.h"

namespace olis::jobs {

struct PromptManifestParams {
  olis::prompts::PromptSetParams prompts;
  olis::prompts::PoolLoadOptions pools;
  std::filesystem::path manifest_path;  // empty: sample only
};

class PromptManifestJob : public Job {
 public:
  explicit PromptManifestJob(PromptManifestParams params);
  std::string name() const override;
  JobKind kind() const override { return JobKind::PromptManifest; }
  std::filesystem::path output_dir() const override;
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;

  // Valid after run() returned normally.
  const std::vector<olis::prompts::PromptItem>& items() const { return items_; }
  const std::string& pool_version() const { return pool_version_; }
  const std::vector<std::string>& pool_warnings() const { return pool_warnings_; }

 private:
  PromptManifestParams params_;
  std::vector<olis::prompts::PromptItem> items_;
  std::string pool_version_;
  std::vector<std::string> pool_warnings_;
};

}  // namespace olis::jobs
