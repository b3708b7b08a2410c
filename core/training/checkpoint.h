#pragma once
// Training checkpoints: one file per checkpoint, "<dir>/step-00000100.olisckpt.safetensors", written
// atomically (temporary file, fsync, rename), so a crash or kill during the write leaves the previous
// checkpoints intact and at most a stray temporary file, which the next save removes.
// Contents: the trained weights ("weights/<name>"), the optimizer state ("optim/<name>.exp_avg", ...),
// the global CPU generator state ("rng/cpu"), the data order ("order/instance", "order/reg") and
// metadata (step, seed, smoothed loss, loss scale, a fingerprint of the settings) in the header.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/safetensors.h"
#include "core/training/train_data.h"
#include "core/util/error.h"

namespace olis::training {

struct TrainingCheckpoint {
  int64_t step = 0;  // optimizer steps done
  uint64_t seed = 0;
  io::TensorMap weights;
  io::TensorMap optimizer;
  torch::Tensor cpu_rng_state;  // uint8, the default CPU generator (dropout etc.)
  DataOrder order;
  nlohmann::json meta = nlohmann::json::object();  // free-form: smoothed loss, loss scale, fingerprint
};

struct CheckpointRef {
  std::filesystem::path path;
  int64_t step = 0;
};

std::filesystem::path checkpoint_path(const std::filesystem::path& dir, int64_t step);
// Complete checkpoints in `dir`, oldest first (temporary files of interrupted writes are not listed).
std::vector<CheckpointRef> list_checkpoints(const std::filesystem::path& dir);

// Writes the checkpoint atomically, then deletes all but the newest `keep_last` (>= 1) checkpoints and
// leftover temporary files. Throws olis::Error when the write fails (the older checkpoints stay).
// `keep_steps`: older checkpoints that survive the keep_last rule (the sweep's suggested best one).
std::filesystem::path save_checkpoint(const std::filesystem::path& dir, const TrainingCheckpoint& ckpt, int keep_last,
                                      const std::vector<int64_t>& keep_steps = {});

Expected<TrainingCheckpoint> load_checkpoint(const std::filesystem::path& path);

// The newest checkpoint that loads; unreadable ones are skipped (with their error in `skipped`).
std::optional<TrainingCheckpoint> load_latest_checkpoint(const std::filesystem::path& dir,
                                                         std::vector<std::string>* skipped = nullptr);

// The default CPU generator's state, and restoring it.
torch::Tensor get_cpu_rng_state();
void set_cpu_rng_state(const torch::Tensor& state);

}  // namespace olis::training
