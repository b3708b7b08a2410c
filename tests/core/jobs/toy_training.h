#pragma once
// A small stand-in for a Stable Diffusion model and a 4-photo, 16-image training set, for the training
// job's tests (train_job_test, train_resume_test): every step takes milliseconds on a CPU.
#include <memory>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/jobs/regset_job.h"
#include "core/jobs/train_job.h"
#include "core/training/checkpoint.h"
#include "core/util/atomic_file.h"
#include "tests/support/cv_png.h"
#include "tests/support/fixtures.h"

namespace olis::test::toy {

using namespace olis::jobs;
using namespace olis::training;
namespace fs = std::filesystem;

class ToyModel : public TrainableModel {
 public:
  ToyModel() {
    torch::manual_seed(5);
    conv_ = torch::nn::Conv2d(torch::nn::Conv2dOptions(4, 4, 3).padding(1));
    proj_ = torch::nn::Linear(8, 4);
    embed_ = torch::nn::Embedding(64, 8);
  }
  torch::Device device() const override { return torch::kCPU; }
  torch::Tensor encode_images(const torch::Tensor& pixels) override {
    auto x = torch::avg_pool2d(pixels, 4);                          // [B, 3, h, w]
    return torch::cat({x, x.mean(1, true)}, 1) * 0.5;               // [B, 4, h, w]
  }
  Conditioning encode_prompts(const std::vector<std::string>& prompts, const torch::Tensor&) override {
    std::vector<torch::Tensor> rows;
    for (const auto& p : prompts) {
      std::vector<int64_t> ids;
      std::size_t h = 0;
      for (char c : p + " ") {
        if (c == ' ') { ids.push_back(static_cast<int64_t>(h % 64)); h = 0; }
        else h = h * 131 + static_cast<unsigned char>(c);
      }
      rows.push_back(embed_->forward(torch::tensor(ids)).mean(0));  // [8]
    }
    Conditioning c;
    c.encoder_hidden_states = torch::stack(rows).unsqueeze(1);      // [B, 1, 8]
    return c;
  }
  torch::Tensor denoise(const torch::Tensor& x, const torch::Tensor& t, const Conditioning& c) override {
    auto bias = proj_->forward(c.encoder_hidden_states.squeeze(1));  // [B, 4]
    return conv_->forward(x) + bias.unsqueeze(-1).unsqueeze(-1) + 1e-4 * t.to(torch::kFloat32).view({-1, 1, 1, 1});
  }
  std::vector<NamedParameter> trainable_parameters() override {
    return {{"conv.weight", conv_->weight}, {"conv.bias", conv_->bias}, {"proj.weight", proj_->weight},
            {"proj.bias", proj_->bias}, {"embed.weight", embed_->weight}};
  }
  NoiseScheduleConfig noise_schedule() const override { return {}; }
  std::vector<RgbImage> sample(const std::vector<std::string>& prompts, const std::vector<uint64_t>& seeds, int w,
                               int h) override {
    torch::NoGradGuard g;
    std::vector<RgbImage> out;
    for (std::size_t i = 0; i < prompts.size(); ++i) {
      auto gen = step_generator(seeds[i], 0, RngStream::Noise);
      auto z = torch::randn({1, 4, h / 4, w / 4}, gen, torch::TensorOptions());
      auto x = z - denoise(z, torch::tensor({500}), encode_prompts({prompts[i]}, {}));
      auto img = torch::upsample_nearest2d(x.slice(1, 0, 3), std::vector<int64_t>{h, w}).tanh()[0];
      out.push_back(tensor_to_rgb(img));
    }
    return out;
  }
  std::vector<ExportedFile> export_to(const fs::path& dir, const ExportMetadata& metadata) override {
    fs::create_directories(dir);
    olis::io::TensorMap m;
    for (auto& p : trainable_parameters()) m[p.name] = p.tensor.detach();
    olis::io::WriteOptions w;
    w.metadata = metadata;
    olis::io::save_safetensors(dir / "toy.safetensors", m, w);
    return {{"toy", dir / "toy.safetensors"}};
  }
  void load(const olis::io::TensorMap& m) {
    torch::NoGradGuard g;
    for (auto& p : trainable_parameters()) p.tensor.copy_(m.at(p.name));
  }

 private:
  torch::nn::Conv2d conv_{nullptr};
  torch::nn::Linear proj_{nullptr};
  torch::nn::Embedding embed_{nullptr};
};

struct Fixture {
  fs::path root;
  std::shared_ptr<TrainingData> data;
};

// The photos and the regularization set under `root` (made if needed).
inline Fixture make_data_in(const fs::path& root, bool square_photos = false, double crop_min_scale = 0.75) {
  Fixture f;
  f.root = root;
  fs::create_directories(root);
  std::vector<InstanceExample> photos;
  for (int i = 0; i < 4; ++i) {
    cv::Mat m(square_photos ? 48 : 40 + 4 * i, 48, CV_8UC3, cv::Scalar(30 * i, 200 - 30 * i, 90));
    cv::circle(m, cv::Point(20, 20), 8 + i, cv::Scalar(250, 250, 250), -1);
    auto p = f.root / ("photo" + std::to_string(i) + ".png");
    olis::test::write_png(p, m);
    photos.push_back({p, "a <new> backpack on a rock"});
  }
  // Regularization set of 16 through the real job, with a stub generator.
  std::vector<olis::prompts::PromptItem> items(16);
  for (int i = 0; i < 16; ++i) {
    items[i].id = fmt::format("reg-{:05d}", i);
    items[i].prompt = "a photo of a red backpack " + std::to_string(i);
    items[i].seed = 100 + i;
  }
  RegSetKey key;
  key.model_hash = "toy";
  key.class_noun = "backpack";
  key.width_px = key.height_px = 16;
  RegSetJob reg(make_regset_plan(key, items, f.root / "cache"), 4, [](const std::vector<RegImageRequest>& batch, CancelToken&) {
    std::vector<RgbImage> out;
    for (const auto& r : batch) out.push_back(RgbImage{r.width_px, r.height_px, std::vector<uint8_t>(static_cast<std::size_t>(r.width_px) * r.height_px * 3, static_cast<uint8_t>(r.seed))});
    return out;
  });
  CancelToken cancel;
  reg.run({}, cancel);
  std::vector<RegExample> regs;
  for (const auto& item : reg.plan().items) regs.push_back({item.image_path, item.prompt, {}});
  TrainDataOptions o;
  o.crop.width_px = o.crop.height_px = 16;
  o.crop.min_scale = crop_min_scale;
  o.identifier = "olis";
  o.seed = 21;
  f.data = std::make_shared<TrainingData>(photos, regs, o);
  return f;
}

inline TrainJobParams params_for(const fs::path& out) {
  TrainJobParams p;
  p.output_dir = out;
  p.total_steps = 30;
  p.checkpoint_every = 10;
  p.keep_last = 2;
  p.eval_every = 15;
  p.validation_prompts = {"a olis backpack in the jungle", "a olis backpack on the beach"};
  p.validation_seeds = {1, 2};
  p.adamw.lr = 1e-2;
  p.schedule = LrSchedule{LrScheduleKind::Cosine, 1e-2, 3, 30};
  p.seed = 77;
  return p;
}

inline std::vector<torch::Tensor> weights_of(ToyModel& m) {
  std::vector<torch::Tensor> out;
  for (auto& p : m.trainable_parameters()) out.push_back(p.tensor.detach().clone());
  return out;
}

inline Fixture make_data(const std::string& name, bool square_photos = false, double crop_min_scale = 0.75) {
  return make_data_in(olis::test::temp_dir(name), square_photos, crop_min_scale);
}

}  // namespace olis::test::toy
