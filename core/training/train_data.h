#pragma once
// The examples of each training step: one training photo and one regularization image (the paper's
// batch), both augmented, with their prompts. Everything random is drawn from per-step streams
// (step_rng.h), and the order in which photos and regularization images are visited is a DataOrder
// that checkpoints save, so a resumed run sees exactly the examples an uninterrupted run sees.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/training/train_image.h"

namespace olis::training {

struct InstanceExample {
  std::filesystem::path image;
  std::string caption;  // with the <new> placeholder
};

struct RegExample {
  std::filesystem::path image;
  std::string prompt;  // as generated (all adjectives)
  // Optional VAE latents cached by the regularization-set job ("latents" [C, h, w], already scaled): the
  // image is then neither decoded nor encoded again (and not cropped).
  std::filesystem::path latents;
};

// Renders the prompt of regularization item `index` for one step (adjective dropout draws from rng).
// The structured renderer of core/prompts plugs in here; unset = the stored prompt unchanged.
using RegPromptRenderer = std::function<std::string(std::size_t index, StepRng& rng)>;

// Which photo and which regularization image each step uses: every photo once per epoch in a shuffled
// order (a new shuffle per epoch), and likewise for the regularization images.
struct DataOrder {
  std::vector<int32_t> instance;  // [total_steps]
  std::vector<int32_t> reg;       // [total_steps] or empty without regularization
  bool operator==(const DataOrder& o) const { return instance == o.instance && reg == o.reg; }
};
DataOrder make_data_order(std::size_t instance_count, std::size_t reg_count, int64_t total_steps, uint64_t seed);

struct TrainDataOptions {
  CropOptions crop;                  // instance photos
  bool crop_regularization = true;   // the same augmentation for regularization images
  std::string identifier = "olis";   // replaces <new> in captions
  double reg_dropout_p = 0.5;        // used by the structured renderer
  uint64_t seed = 0;
};

struct TrainExample {
  CroppedImage image;            // pixels undefined when cached_latents is used
  torch::Tensor cached_latents;  // [C, h, w] or undefined
  std::string prompt;
  std::size_t index = 0;  // into the instance or regularization list
};

struct StepExamples {
  TrainExample instance;
  std::optional<TrainExample> reg;
};

// Replaces every <new> with the identifier.
std::string render_instance_caption(const std::string& caption, const std::string& identifier);

class TrainingData {
 public:
  // Reads the photos now (there are few), regularization images on demand. Throws olis::Error naming
  // the file that cannot be read.
  TrainingData(std::vector<InstanceExample> instances, std::vector<RegExample> regs, TrainDataOptions options,
               RegPromptRenderer renderer = {});

  std::size_t instance_count() const { return instances_.size(); }
  std::size_t reg_count() const { return regs_.size(); }
  const TrainDataOptions& options() const { return options_; }

  StepExamples examples(int64_t step, const DataOrder& order) const;

 private:
  std::vector<InstanceExample> instances_;
  std::vector<RgbImage> photos_;
  std::vector<RegExample> regs_;
  TrainDataOptions options_;
  RegPromptRenderer renderer_;
};

}  // namespace olis::training
