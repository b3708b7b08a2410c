#include "core/training/train_data.h"

#include <numeric>

#include "core/io/safetensors.h"

namespace olis::training {

namespace {

std::vector<int32_t> epoch_order(std::size_t count, int64_t total_steps, uint64_t seed, uint64_t salt) {
  std::vector<int32_t> out;
  if (count == 0) return out;
  out.reserve(static_cast<std::size_t>(total_steps));
  std::vector<int32_t> perm(count);
  for (uint64_t epoch = 0; static_cast<int64_t>(out.size()) < total_steps; ++epoch) {
    std::iota(perm.begin(), perm.end(), 0);
    StepRng rng(derive_seed(seed ^ salt, epoch, RngStream::DataOrder));
    for (std::size_t i = count; i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);  // Fisher-Yates
    for (auto v : perm) {
      if (static_cast<int64_t>(out.size()) == total_steps) break;
      out.push_back(v);
    }
  }
  return out;
}

}  // namespace

DataOrder make_data_order(std::size_t instance_count, std::size_t reg_count, int64_t total_steps, uint64_t seed) {
  if (instance_count == 0) throw Error("training needs at least one photo");
  DataOrder o;
  o.instance = epoch_order(instance_count, total_steps, seed, 0x1157A7CEull);
  o.reg = epoch_order(reg_count, total_steps, seed, 0x0E6u);
  return o;
}

std::string render_instance_caption(const std::string& caption, const std::string& identifier) {
  static const std::string kPlaceholder = "<new>";
  std::string out = caption;
  for (std::size_t pos = out.find(kPlaceholder); pos != std::string::npos; pos = out.find(kPlaceholder, pos + identifier.size()))
    out.replace(pos, kPlaceholder.size(), identifier);
  return out;
}

TrainingData::TrainingData(std::vector<InstanceExample> instances, std::vector<RegExample> regs,
                           TrainDataOptions options, RegPromptRenderer renderer)
    : instances_(std::move(instances)), regs_(std::move(regs)), options_(std::move(options)), renderer_(std::move(renderer)) {
  if (instances_.empty()) throw Error("training needs at least one photo");
  for (const auto& inst : instances_) photos_.push_back(value_or_throw(read_rgb_image(inst.image)));
}

StepExamples TrainingData::examples(int64_t step, const DataOrder& order) const {
  if (step < 0 || static_cast<std::size_t>(step) >= order.instance.size())
    throw Error("training step " + std::to_string(step) + " is outside the data order of " +
                std::to_string(order.instance.size()) + " steps");
  const uint64_t s = static_cast<uint64_t>(step);
  StepExamples out;
  const auto i = static_cast<std::size_t>(order.instance[s]);
  if (i >= photos_.size()) throw Error("the saved data order names photo " + std::to_string(i) + " but there are " + std::to_string(photos_.size()));
  StepRng crop_rng(derive_seed(options_.seed, s, RngStream::InstanceCrop));
  out.instance.image = random_crop_resize(photos_[i], options_.crop, crop_rng);
  out.instance.prompt = render_instance_caption(instances_[i].caption, options_.identifier);
  out.instance.index = i;
  if (!regs_.empty() && !order.reg.empty()) {
    const auto r = static_cast<std::size_t>(order.reg[s]);
    if (r >= regs_.size()) throw Error("the saved data order names regularization image " + std::to_string(r) + " but there are " + std::to_string(regs_.size()));
    TrainExample reg;
    reg.index = r;
    StepRng dropout_rng(derive_seed(options_.seed, s, RngStream::Dropout));
    reg.prompt = renderer_ ? renderer_(r, dropout_rng) : regs_[r].prompt;
    if (!regs_[r].latents.empty()) {
      auto cached = value_or_throw(io::load_safetensors(regs_[r].latents));
      auto it = cached.find("latents");
      if (it == cached.end()) throw Error(regs_[r].latents.string() + " holds no 'latents' tensor");
      reg.cached_latents = it->second.clone();
      reg.image.original_height = reg.image.original_width = 0;
      out.reg = std::move(reg);
      return out;
    }
    auto image = value_or_throw(read_rgb_image(regs_[r].image));
    StepRng reg_rng(derive_seed(options_.seed, s, RngStream::RegCrop));
    CropOptions crop = options_.crop;
    if (!options_.crop_regularization) crop.min_scale = crop.max_scale = 1.0;
    crop.horizontal_flip = options_.crop.horizontal_flip;
    reg.image = random_crop_resize(image, crop, reg_rng);
    out.reg = std::move(reg);
  }
  return out;
}

}  // namespace olis::training
