#pragma once
// The regularization-set job: makes the images of a planned set (core/jobs/regset_plan.h) with a
// generator, `batch_size` images per call, into the shared cache folder of regset_cache.h.
//  - Only images that are missing are made: a set shared with another subject, or one whose captions
//    changed, costs only the images whose prompts are new.
//  - Nothing is written when every image exists and the project's manifest is current (a read-only
//    project folder or cache works). When the manifest must be written and cannot be, the job says so
//    before any image is made, naming the file.
//  - Stop and resume at any point. Images are written atomically (temporary file, rename), so a kill
//    loses at most the batch in flight; the temporaries such a kill leaves are removed by the next run.
//    One process fills a cache folder at a time (a lock file in it).
//  - A cache folder whose key.json is not the set's key is never used.
//  - Optionally caches each image's VAE latents (latents/<model>/<image>.safetensors) after all images.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/io/safetensors.h"
#include "core/jobs/job.h"
#include "core/jobs/regset_cache.h"
#include "core/prompts/prompt_set.h"
#include "core/training/train_image.h"

namespace olis::jobs {

struct RegImageRequest {
  std::string id;
  std::string prompt;
  std::string negative_prompt;
  uint64_t seed = 0;
  int width_px = 512;
  int height_px = 512;
};

// Generates one batch (the txt2img pipeline in production, a stub in tests); one image per request, in
// order. May poll `cancel`.
using RegImageGenerator =
    std::function<std::vector<training::RgbImage>(const std::vector<RegImageRequest>& batch, CancelToken& cancel)>;

// Encodes a finished image and its prompt for the training cache: e.g. {"latents": [4, h, w], ...}.
// Unset: no latent cache. Called only after every image exists.
using RegLatentEncoder = std::function<io::TensorMap(const training::RgbImage& image, const std::string& prompt)>;

// A regularization set as a project's settings and captions define it.
struct RegSetPlan {
  RegSetKey key;
  std::filesystem::path dir;                // regset_dir(cache root, key)
  std::vector<prompts::PromptItem> items;   // image_path: the absolute path of each image (in dir/images)
  std::filesystem::path manifest;           // the project's manifest, kept equal to the items; empty: none
  std::filesystem::path latents_dir;        // where latents go (with an encoder); empty: none

  // The latents file of an item in latents_dir.
  std::filesystem::path latents_path(const prompts::PromptItem& item) const;
};

struct RegSetStatus {
  std::filesystem::path dir;       // the cache folder of this set
  std::filesystem::path manifest;  // the project's manifest
  int64_t total = 0;
  int64_t done = 0;
  int64_t generated = 0;   // images made by this run
  bool reused = false;     // every image existed already
  double images_per_second = 0;
};

class RegSetJob : public Job {
 public:
  RegSetJob(RegSetPlan plan, int batch_size, RegImageGenerator generator, RegLatentEncoder encoder = {});

  std::string name() const override;
  JobKind kind() const override { return JobKind::RegularizationSet; }
  std::filesystem::path output_dir() const override { return plan_.dir; }
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;

  const RegSetStatus& status() const { return status_; }
  const RegSetPlan& plan() const { return plan_; }

 private:
  void generate_missing(const JobCallbacks& callbacks, CancelToken& cancel);
  void encode_missing(const JobCallbacks& callbacks, CancelToken& cancel);

  RegSetPlan plan_;
  int batch_size_ = 4;
  RegImageGenerator generator_;
  RegLatentEncoder encoder_;
  RegSetStatus status_;
};

// A plan for `items` under `key` in `cache_root`: dir = regset_dir(cache_root, key), and each item's
// image_path set to dir/images/regset_image_name(prompt, seed). No manifest, no latents.
RegSetPlan make_regset_plan(const RegSetKey& key, std::vector<prompts::PromptItem> items,
                            const std::filesystem::path& cache_root);

// The manifest text of a set: one JSON line per item (core/prompts/manifest.h), "image" null for an
// image that does not exist yet.
std::string regset_manifest_text(const std::vector<prompts::PromptItem>& items);

// Removes "<name>.tmp-*" files that interrupted atomic writes left in `dir` (all of them, or only those
// of `target`'s name when given). Returns how many were removed.
int remove_stale_temporaries(const std::filesystem::path& dir, const std::string& target_name = {});

}  // namespace olis::jobs
