#pragma once
// The regularization-set job: generates the images of a prompt manifest (JSON Lines written by the
// prompt engine, one item per line with "id", "prompt", "seed", "image") with the base model, in
// batches, into the shared cache folder of regset_cache.h.
//  - After every batch each finished image's path is written into the cache's manifest (atomically).
//  - Stop and resume at any point: finished images are never redone. Images are written atomically, so
//    a kill loses at most the batch in flight; an image written just before a kill but not yet in the
//    manifest is adopted on resume (its seed makes it the same image).
//  - A complete set is reused as it is (a second subject of the same class).
//  - Optionally caches each image's VAE latents and prompt embeddings (latents/<id>.safetensors).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/io/safetensors.h"
#include "core/jobs/job.h"
#include "core/jobs/regset_cache.h"
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

// Encodes a finished image and its prompt for the training cache: e.g. {"latents": [4, h, w],
// "encoder_hidden_states": [77, D], ...}. Unset: no latent cache.
using RegLatentEncoder = std::function<io::TensorMap(const training::RgbImage& image, const std::string& prompt)>;

struct RegSetParams {
  std::filesystem::path source_manifest;  // the prompt engine's manifest (copied into the cache on first run)
  std::filesystem::path cache_root;       // default_regset_cache_root() when empty
  RegSetKey key;
  int batch_size = 4;
  int width_px = 512;
  int height_px = 512;
  std::string negative_prompt;
};

struct RegSetStatus {
  std::filesystem::path dir;       // the cache folder of this set
  std::filesystem::path manifest;  // its manifest.jsonl
  int64_t total = 0;
  int64_t done = 0;
  bool reused = false;    // the set was already complete
  double images_per_second = 0;
};

class RegSetJob : public Job {
 public:
  RegSetJob(RegSetParams params, RegImageGenerator generator, RegLatentEncoder encoder = {});

  std::string name() const override;
  JobKind kind() const override { return JobKind::RegularizationSet; }
  std::filesystem::path output_dir() const override { return dir_; }
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;

  const RegSetStatus& status() const { return status_; }

 private:
  RegSetParams params_;
  RegImageGenerator generator_;
  RegLatentEncoder encoder_;
  std::filesystem::path dir_;
  RegSetStatus status_;
};

// A manifest kept as JSON objects, so that fields this job does not know survive the round trip.
struct ManifestLines {
  std::vector<nlohmann::json> items;
};
Expected<ManifestLines> read_manifest_lines(const std::filesystem::path& path);
void write_manifest_lines(const std::filesystem::path& path, const ManifestLines& lines);  // atomic; throws


}  // namespace olis::jobs
