// The training job end to end on CPU with a small stand-in model: regularization set of 16, 30 steps on
// 4 photos, checkpoints, a stop and a kill during a checkpoint write, bit-exact resume, validation
// images, export and reload.
#include "core/jobs/train_job.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/jobs/regset_job.h"
#include "core/training/checkpoint.h"
#include "core/util/atomic_file.h"
#include "tests/support/cv_png.h"
#include "tests/support/fixtures.h"

using namespace olis::jobs;
using namespace olis::training;
namespace fs = std::filesystem;

namespace {

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
  std::vector<ExportedFile> export_to(const fs::path& dir) override {
    fs::create_directories(dir);
    olis::io::TensorMap m;
    for (auto& p : trainable_parameters()) m[p.name] = p.tensor.detach();
    olis::io::save_safetensors(dir / "toy.safetensors", m);
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

Fixture make_data(const std::string& name) {
  Fixture f;
  f.root = olis::test::temp_dir(name);
  std::vector<InstanceExample> photos;
  for (int i = 0; i < 4; ++i) {
    cv::Mat m(40 + 4 * i, 48, CV_8UC3, cv::Scalar(30 * i, 200 - 30 * i, 90));
    cv::circle(m, cv::Point(20, 20), 8 + i, cv::Scalar(250, 250, 250), -1);
    auto p = f.root / ("photo" + std::to_string(i) + ".png");
    olis::test::write_png(p, m);
    photos.push_back({p, "a <new> backpack on a rock"});
  }
  // Regularization set of 16 through the real job, with a stub generator.
  std::string manifest;
  for (int i = 0; i < 16; ++i)
    manifest += nlohmann::json{{"id", fmt::format("reg-{:05d}", i)}, {"prompt", "a photo of a red backpack " + std::to_string(i)},
                               {"seed", 100 + i}, {"image", nullptr}}.dump() + "\n";
  olis::write_file_atomic(f.root / "reg.jsonl", manifest);
  RegSetParams rp;
  rp.source_manifest = f.root / "reg.jsonl";
  rp.cache_root = f.root / "cache";
  rp.key = RegSetKey{"toy", "backpack", "", "object", "1", 16, 1};
  rp.width_px = rp.height_px = 16;
  RegSetJob reg(rp, [](const std::vector<RegImageRequest>& batch, CancelToken&) {
    std::vector<RgbImage> out;
    for (const auto& r : batch) out.push_back(RgbImage{r.width_px, r.height_px, std::vector<uint8_t>(static_cast<std::size_t>(r.width_px) * r.height_px * 3, static_cast<uint8_t>(r.seed))});
    return out;
  });
  CancelToken cancel;
  reg.run({}, cancel);
  auto lines = olis::value_or_throw(read_manifest_lines(reg.status().manifest));
  std::vector<RegExample> regs;
  for (const auto& item : lines.items) regs.push_back({reg.status().dir / item.at("image").get<std::string>(), item.at("prompt").get<std::string>()});
  TrainDataOptions o;
  o.crop.width_px = o.crop.height_px = 16;
  o.identifier = "olis";
  o.seed = 21;
  f.data = std::make_shared<TrainingData>(photos, regs, o);
  return f;
}

TrainJobParams params_for(const fs::path& out) {
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

std::vector<torch::Tensor> weights_of(ToyModel& m) {
  std::vector<torch::Tensor> out;
  for (auto& p : m.trainable_parameters()) out.push_back(p.tensor.detach().clone());
  return out;
}

}  // namespace

TEST(TrainJob, StopKillAndResumeEqualAnUninterruptedRun) {
  auto f = make_data("train_job_e2e");
  CancelToken cancel;

  // Uninterrupted reference run.
  auto ref_model = std::make_shared<ToyModel>();
  std::vector<TrainMetrics> metrics;
  auto ref_params = params_for(f.root / "ref");
  ref_params.on_metrics = [&](const TrainMetrics& m) { metrics.push_back(m); };
  TrainJob ref(ref_params, ref_model, f.data);
  std::vector<JobProgress> progress;
  std::vector<PreviewImage> previews;
  JobCallbacks cb;
  cb.progress = [&](const JobProgress& p) { progress.push_back(p); };
  cb.preview = [&](const PreviewImage& p) { previews.push_back(p); };
  ref.run(cb, cancel);
  ASSERT_EQ(metrics.size(), 30u);
  EXPECT_EQ(metrics.back().step, 30);
  EXPECT_GT(metrics.back().it_per_second, 0);
  const LrSchedule cosine{LrScheduleKind::Cosine, 1e-2, 3, 30};
  EXPECT_NEAR(metrics[10].lr, cosine.lr_at(10), 1e-12);
  EXPECT_EQ(progress.back().step, 30);
  EXPECT_EQ(progress.back().total, 30);
  ASSERT_EQ(previews.size(), 2u);  // steps 15 and 30
  EXPECT_EQ(previews[0].width, 32);
  EXPECT_EQ(metrics[14].validation_images.size(), 2u);
  EXPECT_TRUE(fs::exists(f.root / "ref" / "validation" / "step-00000015" / "01.png"));
  EXPECT_EQ(list_checkpoints(f.root / "ref" / "checkpoints").size(), 2u);  // keep last 2
  const auto expected = weights_of(*ref_model);

  // Stopped at step 17 (after the checkpoint of step 10), then resumed in a fresh model.
  const fs::path out = f.root / "interrupted";
  {
    auto model = std::make_shared<ToyModel>();
    auto p = params_for(out);
    CancelToken stop;
    p.on_metrics = [&](const TrainMetrics& m) { if (m.step == 17) stop.request_cancel(); };
    TrainJob job(p, model, f.data);
    EXPECT_EQ(run_job_safely(job, {}, stop).outcome, JobOutcome::Cancelled);
  }
  // Resumed, then killed while writing the checkpoint of step 20.
  {
    auto model = std::make_shared<ToyModel>();
    auto p = params_for(out);
    p.on_metrics = [&](const TrainMetrics& m) { if (m.step == 19) olis::AtomicFileWriter::set_fail_before_rename_for_testing(true); };
    TrainJob job(p, model, f.data);
    auto r = run_job_safely(job, {}, cancel);
    olis::AtomicFileWriter::set_fail_before_rename_for_testing(false);
    EXPECT_EQ(r.outcome, JobOutcome::Failed);
    EXPECT_EQ(job.resumed_from_step(), 10);
  }
  auto model = std::make_shared<ToyModel>();
  TrainJob job(params_for(out), model, f.data);
  job.run({}, cancel);
  EXPECT_EQ(job.resumed_from_step(), 10);  // the last complete checkpoint
  const auto got = weights_of(*model);
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(torch::equal(got[i], expected[i])) << "parameter " << i;

  // metrics.jsonl has each step once, in order, despite the interruptions.
  auto text = olis::read_text_file(out / "metrics.jsonl");
  ASSERT_TRUE(text);
  std::istringstream lines(*text);
  std::string line;
  int64_t n = 0;
  while (std::getline(lines, line)) EXPECT_EQ(nlohmann::json::parse(line).at("step").get<int64_t>(), ++n);
  EXPECT_EQ(n, 30);

  // Export, reload into a fresh model, generate the same images.
  ASSERT_EQ(job.exported().size(), 1u);
  ToyModel reloaded;
  reloaded.load(olis::value_or_throw(olis::io::load_safetensors(job.exported()[0].path)));
  auto a = model->sample({"a olis backpack"}, {3}, 16, 16);
  auto b = reloaded.sample({"a olis backpack"}, {3}, 16, 16);
  EXPECT_EQ(a[0].rgb, b[0].rgb);
}

TEST(TrainJob, LearnsTheData) {
  auto f = make_data("train_job_learns");
  auto model = std::make_shared<ToyModel>();
  std::vector<double> losses;
  auto p = params_for(f.root / "out");
  p.total_steps = 120;
  p.eval_every = 0;
  p.schedule = LrSchedule{LrScheduleKind::Constant, 1e-2, 0, 120};
  p.on_metrics = [&](const TrainMetrics& m) { losses.push_back(m.loss); };
  TrainJob job(p, model, f.data);
  CancelToken cancel;
  job.run({}, cancel);
  double first = 0, last = 0;
  for (int i = 0; i < 20; ++i) { first += losses[i]; last += losses[losses.size() - 1 - i]; }
  EXPECT_LT(last, first);
}

TEST(TrainJob, RefusesACheckpointOfOtherSettings) {
  auto f = make_data("train_job_settings");
  CancelToken cancel;
  {
    auto p = params_for(f.root / "out");
    p.total_steps = 10;
    p.eval_every = 0;
    p.export_at_end = false;
    TrainJob job(p, std::make_shared<ToyModel>(), f.data);
    job.run({}, cancel);
  }
  auto p = params_for(f.root / "out");
  p.total_steps = 10;
  p.seed = 78;
  TrainJob job(p, std::make_shared<ToyModel>(), f.data);
  auto r = run_job_safely(job, {}, cancel);
  EXPECT_EQ(r.outcome, JobOutcome::Failed);
  EXPECT_NE(r.message.find("other settings"), std::string::npos) << r.message;
}

// The sweep: every validation round is scored, logged next to the checkpoints, and the suggested best
// checkpoint survives keep_last (so it can still be exported at the end).
TEST(TrainJob, MetricSweepLogsEveryRoundAndKeepsTheSuggestedCheckpoint) {
  auto f = make_data("train_job_sweep");
  auto p = params_for(f.root / "out");
  p.total_steps = 40;
  p.checkpoint_every = 10;
  p.keep_last = 1;
  p.eval_every = 10;
  p.schedule = LrSchedule{LrScheduleKind::Constant, 1e-2, 0, 40};
  // DINO peaks at step 20; CLIP-T equal everywhere, so the rule picks step 20.
  std::vector<int64_t> scored_steps;
  p.score_validation = [&](int64_t step, const std::vector<olis::eval::PromptedImage>& images) {
    scored_steps.push_back(step);
    EXPECT_EQ(images.size(), 2u);
    EXPECT_EQ(images[1].prompt, "a olis backpack on the beach");
    EXPECT_TRUE(fs::exists(images[0].path));
    olis::eval::CheckpointMetrics m;
    m.dino = step == 20 ? 0.9 : 0.5;
    m.clip_i = 0.7;
    m.clip_t = 0.3;
    m.images = static_cast<int64_t>(images.size());
    return m;
  };
  std::vector<std::optional<int64_t>> suggested;
  p.on_metrics = [&](const TrainMetrics& m) {
    if (m.eval) suggested.push_back(m.suggested_step);
  };
  TrainJob job(p, std::make_shared<ToyModel>(), f.data);
  CancelToken cancel;
  job.run({}, cancel);
  EXPECT_EQ(scored_steps, (std::vector<int64_t>{10, 20, 30, 40}));
  ASSERT_EQ(suggested.size(), 4u);
  EXPECT_EQ(suggested[0], std::optional<int64_t>(10));
  EXPECT_EQ(suggested[3], std::optional<int64_t>(20));
  EXPECT_EQ(job.suggested_step(), std::optional<int64_t>(20));

  auto log = olis::eval::read_metrics_log(f.root / "out" / "checkpoints" / olis::eval::kMetricsLogName);
  ASSERT_TRUE(log) << log.error().message();
  ASSERT_EQ(log->size(), 4u);
  EXPECT_EQ((*log)[1].step, 20);
  EXPECT_EQ((*log)[1].checkpoint, checkpoint_path(f.root / "out" / "checkpoints", 20).filename().string());
  EXPECT_DOUBLE_EQ((*log)[1].dino, 0.9);
  // keep_last 1 keeps step 40; the suggested step 20 is kept too; 10 and 30 are gone.
  std::vector<int64_t> kept;
  for (const auto& c : list_checkpoints(f.root / "out" / "checkpoints")) kept.push_back(c.step);
  EXPECT_EQ(kept, (std::vector<int64_t>{20, 40}));

  // A resumed run (more steps would change the fingerprint, so resume the same finished run) keeps the log.
  TrainJob again(p, std::make_shared<ToyModel>(), f.data);
  again.run({}, cancel);
  EXPECT_EQ(again.resumed_from_step(), 40);
  EXPECT_EQ(again.suggested_step(), std::optional<int64_t>(20));
}

TEST(TrainJob, LoadCheckpointWeightsNamesTheFileAndTheParameter) {
  ToyModel model;
  auto trainable = model.trainable_parameters();
  TrainingCheckpoint ckpt;
  try {
    load_checkpoint_weights(trainable, ckpt, "/runs/step-1.olisckpt.safetensors");
    FAIL() << "no error";
  } catch (const olis::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("/runs/step-1.olisckpt.safetensors"), std::string::npos) << msg;
    EXPECT_NE(msg.find(trainable.front().name), std::string::npos) << msg;
  }
  for (auto& t : trainable) ckpt.weights[t.name] = torch::zeros({1, 2, 3});
  EXPECT_THROW(load_checkpoint_weights(trainable, ckpt, "x"), olis::Error);
  for (auto& t : trainable) ckpt.weights[t.name] = torch::full_like(t.tensor.detach(), 0.25);
  load_checkpoint_weights(trainable, ckpt, "x");
  for (auto& t : model.trainable_parameters()) EXPECT_TRUE(torch::all(t.tensor == 0.25).item<bool>());
}

// A fresh run in a folder whose checkpoints were removed does not mix the earlier run's logs and validation
// images with its own: they move to previous-run-1/.
TEST(TrainJob, AFreshRunMovesAnEarlierRunsLogsAside) {
  auto f = make_data("train_job_fresh");
  auto p = params_for(f.root / "out");
  p.total_steps = 15;
  p.export_at_end = false;
  p.schedule = LrSchedule{LrScheduleKind::Constant, 1e-2, 0, 15};
  CancelToken cancel;
  {
    TrainJob job(p, std::make_shared<ToyModel>(), f.data);
    job.run({}, cancel);
  }
  fs::remove_all(f.root / "out" / "checkpoints");
  TrainJob job(p, std::make_shared<ToyModel>(), f.data);
  job.run({}, cancel);
  EXPECT_EQ(job.resumed_from_step(), -1);
  EXPECT_TRUE(fs::exists(f.root / "out" / "previous-run-1" / "metrics.jsonl"));
  EXPECT_TRUE(fs::exists(f.root / "out" / "previous-run-1" / "validation" / "step-00000015" / "00.png"));
  auto text = olis::read_text_file(f.root / "out" / "metrics.jsonl");
  ASSERT_TRUE(text);
  EXPECT_EQ(std::count(text->begin(), text->end(), '\n'), 15);
}

// A scorer that fails costs that round's metrics, not the run.
TEST(TrainJob, AFailingScorerDoesNotStopTraining) {
  auto f = make_data("train_job_scorer_fails");
  auto p = params_for(f.root / "out");
  p.total_steps = 20;
  p.eval_every = 10;
  p.export_at_end = false;
  p.schedule = LrSchedule{LrScheduleKind::Constant, 1e-2, 0, 20};
  p.score_validation = [](int64_t step, const std::vector<olis::eval::PromptedImage>&) -> olis::eval::CheckpointMetrics {
    if (step == 10) throw olis::Error("cannot read 00.png");
    olis::eval::CheckpointMetrics m;
    m.dino = 0.5;
    return m;
  };
  std::vector<std::string> logs;
  JobCallbacks cb;
  cb.log = [&](const std::string& l) { logs.push_back(l); };
  TrainJob job(p, std::make_shared<ToyModel>(), f.data);
  CancelToken cancel;
  job.run(cb, cancel);
  EXPECT_TRUE(std::any_of(logs.begin(), logs.end(), [](const auto& l) { return l.find("cannot read 00.png") != std::string::npos; }));
  auto log = olis::eval::read_metrics_log(f.root / "out" / "checkpoints" / olis::eval::kMetricsLogName);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].step, 20);
  EXPECT_EQ(job.suggested_step(), std::optional<int64_t>(20));
}
