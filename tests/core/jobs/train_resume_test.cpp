// Resuming a training run ends as the uninterrupted run does, whatever stopped it: a kill (SIGKILL) during a
// validation round or a checkpoint write, a checkpoint write that failed, a checkpoint that cannot be read.
// Compared with an uninterrupted run: the weights, metrics.jsonl, eval_metrics.jsonl (each step and round
// once, same scores) and the validation images, byte for byte. A finished run is extended with more steps
// when its schedule allows it, and refused in words when not.
#include "core/jobs/train_resume.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

#include "core/eval/checkpoint_metrics.h"
#include "core/training/checkpoint.h"
#include "core/util/atomic_file.h"
#include "tests/core/jobs/toy_training.h"

using namespace olis::test::toy;
using olis::eval::CheckpointMetrics;
using olis::eval::PromptedImage;

namespace {

// gtest's threadsafe death test runs the test body again in a new process, up to the EXPECT_EXIT: the parent
// hands its scratch folder to that child by environment, so the killed run writes where the parent looks.
class SharedRoot {
 public:
  explicit SharedRoot(const std::string& name) : var_("OLIS_TEST_SHARED_ROOT_" + name) {
    if (const char* inherited = std::getenv(var_.c_str())) {
      path_ = inherited;
    } else {
      path_ = olis::test::temp_dir(name);
      ::setenv(var_.c_str(), path_.c_str(), 1);
      owner_ = true;
    }
  }
  ~SharedRoot() {
    if (owner_) ::unsetenv(var_.c_str());
  }
  const fs::path& path() const { return path_; }

 private:
  std::string var_;
  fs::path path_;
  bool owner_ = false;
};

// Scores computed from the image files, so that other images give other scores.
CheckpointMetrics score_pixels(int64_t, const std::vector<PromptedImage>& images) {
  double a = 0, b = 0;
  for (const auto& im : images) {
    const auto img = olis::value_or_throw(olis::io::load_image(im.path));
    double sum[3] = {0, 0, 0};  // R, G, B
    for (std::size_t i = 0; i < img.rgb.size(); ++i) sum[i % 3] += img.rgb[i];
    const double n = static_cast<double>(img.rgb.size() / 3);
    a += sum[2] / n + 2 * sum[1] / n;  // blue + 2 green, as before
    b += sum[0] / n;
  }
  CheckpointMetrics m;
  m.dino = a / (765.0 * static_cast<double>(images.size()));
  m.clip_i = b / (255.0 * static_cast<double>(images.size()));
  m.clip_t = 0.3;
  m.images = static_cast<int64_t>(images.size());
  return m;
}

TrainJobParams run_params(const fs::path& out, int64_t steps = 20, LrScheduleKind kind = LrScheduleKind::Cosine) {
  auto p = params_for(out);
  p.total_steps = steps;
  p.checkpoint_every = 10;
  p.keep_last = 3;
  p.eval_every = 10;
  p.schedule = LrSchedule{kind, 1e-2, 3, steps};
  p.score_validation = score_pixels;
  return p;
}

// Ends the process (SIGKILL) at its n-th sample() call, i.e. while making the images of a validation round.
class KilledWhileSampling : public ToyModel {
 public:
  explicit KilledWhileSampling(int n) : n_(n) {}
  std::vector<RgbImage> sample(const std::vector<std::string>& prompts, const std::vector<uint64_t>& seeds, int w,
                               int h) override {
    if (++calls_ == n_) std::raise(SIGKILL);
    return ToyModel::sample(prompts, seeds, w, h);
  }

 private:
  int n_;
  int calls_ = 0;
};

struct Finished {
  std::vector<torch::Tensor> weights;
  std::optional<int64_t> suggested;
  std::vector<TrainMetrics> metrics;
  int64_t resumed_from = -1;
};

Finished run(const TrainJobParams& params, const Fixture& f, std::shared_ptr<ToyModel> model = nullptr) {
  if (!model) model = std::make_shared<ToyModel>();
  Finished out;
  auto p = params;
  p.on_metrics = [&out](const TrainMetrics& m) { out.metrics.push_back(m); };
  TrainJob job(p, model, f.data);
  CancelToken cancel;
  job.run({}, cancel);
  out.weights = weights_of(*model);
  out.suggested = job.suggested_step();
  out.resumed_from = job.resumed_from_step();
  return out;
}

std::string text_of(const fs::path& p) {
  auto t = olis::read_text_file(p);
  EXPECT_TRUE(t) << p;
  return t ? *t : std::string();
}

// Everything a user sees of a run: weights, the step log, the sweep log, the suggestion, the validation images.
void expect_same_run(const fs::path& ref, const Finished& ref_run, const fs::path& dir, const Finished& got) {
  ASSERT_EQ(got.weights.size(), ref_run.weights.size());
  for (std::size_t i = 0; i < got.weights.size(); ++i)
    EXPECT_TRUE(torch::equal(got.weights[i], ref_run.weights[i])) << "parameter " << i;
  EXPECT_EQ(text_of(dir / "metrics.jsonl"), text_of(ref / "metrics.jsonl"));
  EXPECT_EQ(text_of(dir / "checkpoints" / olis::eval::kMetricsLogName),
            text_of(ref / "checkpoints" / olis::eval::kMetricsLogName));
  EXPECT_EQ(got.suggested, ref_run.suggested);
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(ref / "validation")) {
    if (!e.is_regular_file()) continue;
    const auto rel = fs::relative(e.path(), ref);
    ASSERT_TRUE(fs::exists(dir / rel)) << rel;
    EXPECT_EQ(text_of(dir / rel), text_of(e.path())) << rel;
    ++files;
  }
  EXPECT_EQ(files, 6);  // 2 rounds x (2 images + prompts.tsv)
}

// Each step of metrics.jsonl once, 1..n in order.
void expect_each_step_once(const fs::path& metrics, int64_t n) {
  std::istringstream lines(text_of(metrics));
  std::string line;
  int64_t step = 0;
  while (std::getline(lines, line)) EXPECT_EQ(nlohmann::json::parse(line).at("step").get<int64_t>(), ++step);
  EXPECT_EQ(step, n);
}

}  // namespace

// A kill during a validation round (after its checkpoint was saved) used to lose the round for good: the
// resumed run started after it. Now the round is made again, with the same images and scores.
TEST(TrainResume, AValidationRoundCutShortByAKillIsRedone) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  SharedRoot root("resume_validation_kill");
  auto f = make_data_in(root.path() / "data");

  // Killed while making the images of step 10 (the checkpoint of step 10 is saved).
  const fs::path a = root.path() / "killed-sampling";
  EXPECT_EXIT(run(run_params(a), f, std::make_shared<KilledWhileSampling>(1)), ::testing::KilledBySignal(SIGKILL), "");
  ASSERT_TRUE(fs::exists(checkpoint_path(a / "checkpoints", 10)));
  ASSERT_FALSE(fs::exists(a / "validation" / "step-00000010" / "prompts.tsv"));

  // Killed while scoring the last round, step 20: its images are written, its metrics are not.
  const fs::path b = root.path() / "killed-scoring";
  EXPECT_EXIT(
      {
        auto p = run_params(b);
        p.score_validation = [](int64_t step, const std::vector<PromptedImage>& images) {
          if (step == 20) std::raise(SIGKILL);
          return score_pixels(step, images);
        };
        run(p, f);
      },
      ::testing::KilledBySignal(SIGKILL), "");
  ASSERT_TRUE(fs::exists(checkpoint_path(b / "checkpoints", 20)));
  ASSERT_TRUE(fs::exists(b / "validation" / "step-00000020" / "00.png"));

  const fs::path ref = root.path() / "uninterrupted";
  const auto ref_run = run(run_params(ref), f);
  ASSERT_EQ(ref_run.suggested.has_value(), true);

  const auto resumed_a = run(run_params(a), f);
  EXPECT_EQ(resumed_a.resumed_from, 10);
  // The redone round reaches the live plot and grid like any other: step 10, its images and scores.
  ASSERT_FALSE(resumed_a.metrics.empty());
  EXPECT_EQ(resumed_a.metrics.front().step, 10);
  EXPECT_EQ(resumed_a.metrics.front().validation_images.size(), 2u);
  ASSERT_TRUE(resumed_a.metrics.front().eval.has_value());
  EXPECT_DOUBLE_EQ(resumed_a.metrics.front().loss, ref_run.metrics[9].loss);
  expect_same_run(ref, ref_run, a, resumed_a);

  const auto resumed_b = run(run_params(b), f);
  EXPECT_EQ(resumed_b.resumed_from, 20);
  ASSERT_EQ(resumed_b.metrics.size(), 1u);  // only the redone round: the run had finished its steps
  expect_same_run(ref, ref_run, b, resumed_b);
  bool exported = false;  // export/step-XXXXXXXX/: the suggested step's folder
  for (const auto& e : fs::directory_iterator(b / "export")) exported = exported || fs::exists(e.path() / "toy.safetensors");
  EXPECT_TRUE(exported);

  // A finished round is not made again.
  const auto again = run(run_params(b), f);
  EXPECT_TRUE(again.metrics.empty());
}

// metrics.jsonl is written before each checkpoint; when that checkpoint is then missing (a kill in its write,
// a full disk) or unreadable, the resumed run redoes those steps. The logs hold each step once all the same.
TEST(TrainResume, LogsHoldEachStepOnceAfterAnInterruptedFailedOrUnreadableCheckpoint) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  SharedRoot root("resume_logs_once");
  auto f = make_data_in(root.path() / "data");
  auto is_checkpoint_20 = [](const fs::path& target) {
    return target.filename() == checkpoint_path("", 20).filename();
  };

  // Killed in the middle of writing the checkpoint of step 20 (metrics.jsonl already holds steps 11-20).
  const fs::path killed = root.path() / "killed";
  EXPECT_EXIT(
      {
        olis::AtomicFileWriter::set_before_rename_hook_for_testing([&](const fs::path& target) {
          if (is_checkpoint_20(target)) std::raise(SIGKILL);
        });
        run(run_params(killed), f);
      },
      ::testing::KilledBySignal(SIGKILL), "");

  // The disk filled up while writing that checkpoint.
  const fs::path full = root.path() / "disk-full";
  {
    olis::AtomicFileWriter::set_before_rename_hook_for_testing([&](const fs::path& target) {
      if (is_checkpoint_20(target)) throw olis::Error(target.string() + ": write failed: No space left on device");
    });
    auto p = run_params(full);
    TrainJob job(p, std::make_shared<ToyModel>(), f.data);
    CancelToken cancel;
    const auto r = run_job_safely(job, {}, cancel);
    olis::AtomicFileWriter::set_before_rename_hook_for_testing(nullptr);
    ASSERT_EQ(r.outcome, JobOutcome::Failed);
    EXPECT_NE(r.message.find("No space left"), std::string::npos) << r.message;
  }

  // A finished run whose newest checkpoint was damaged afterwards.
  const fs::path damaged = root.path() / "damaged";
  run(run_params(damaged), f);
  const auto ckpt20 = checkpoint_path(damaged / "checkpoints", 20);
  fs::resize_file(ckpt20, fs::file_size(ckpt20) / 2);

  const fs::path ref = root.path() / "uninterrupted";
  const auto ref_run = run(run_params(ref), f);
  for (const auto& dir : {killed, full, damaged}) {
    SCOPED_TRACE(dir.filename().string());
    const auto resumed = run(run_params(dir), f);
    EXPECT_EQ(resumed.resumed_from, 10);
    expect_each_step_once(dir / "metrics.jsonl", 20);
    expect_same_run(ref, ref_run, dir, resumed);
  }
}

// `train --resume --steps N` past a finished run: a constant schedule continues to exactly what an N-step run
// gives; a schedule that depends on the number of steps is refused with the reason, in words.
TEST(TrainResume, AFinishedRunIsExtendedWhenItsScheduleAllows) {
  auto f = make_data("resume_extend");
  const fs::path ref = f.root / "thirty";
  const auto ref_run = run(run_params(ref, 30, LrScheduleKind::Constant), f);

  const fs::path dir = f.root / "twenty-then-thirty";
  run(run_params(dir, 20, LrScheduleKind::Constant), f);
  const auto extended = run(run_params(dir, 30, LrScheduleKind::Constant), f);
  EXPECT_EQ(extended.resumed_from, 20);
  for (std::size_t i = 0; i < extended.weights.size(); ++i)
    EXPECT_TRUE(torch::equal(extended.weights[i], ref_run.weights[i])) << "parameter " << i;
  EXPECT_EQ(text_of(dir / "metrics.jsonl"), text_of(ref / "metrics.jsonl"));
  EXPECT_EQ(text_of(dir / "checkpoints" / olis::eval::kMetricsLogName),
            text_of(ref / "checkpoints" / olis::eval::kMetricsLogName));
  // Its newest checkpoint now records the new number of steps: resuming again with 30 is the same run.
  EXPECT_EQ(run(run_params(dir, 30, LrScheduleKind::Constant), f).resumed_from, 30);

  auto refused = [&](const TrainJobParams& p) {
    TrainJob job(p, std::make_shared<ToyModel>(), f.data);
    CancelToken cancel;
    auto r = run_job_safely(job, {}, cancel);
    EXPECT_EQ(r.outcome, JobOutcome::Failed);
    EXPECT_EQ(r.message.find('{'), std::string::npos) << "a fingerprint dump instead of words: " << r.message;
    return r.message;
  };
  const fs::path cosine = f.root / "cosine";
  run(run_params(cosine, 20, LrScheduleKind::Cosine), f);
  auto msg = refused(run_params(cosine, 30, LrScheduleKind::Cosine));
  for (const char* words : {"made for 20 steps", "cosine", "depends on the number of steps", "lr_schedule: constant"})
    EXPECT_NE(msg.find(words), std::string::npos) << words << " not in: " << msg;

  msg = refused(run_params(dir, 5, LrScheduleKind::Constant));
  EXPECT_NE(msg.find("it is at step 30, past the 5 steps"), std::string::npos) << msg;
  auto other_seed = run_params(dir, 30, LrScheduleKind::Constant);
  other_seed.seed = 78;
  msg = refused(other_seed);
  EXPECT_NE(msg.find("other settings: seed 77 (this run: 78)"), std::string::npos) << msg;
}

TEST(TrainResume, ResumeRefusalComparesTheLearningRatesOfTheStepsDone) {
  auto fp = [](int64_t total, LrScheduleKind kind, int64_t warmup) {
    return olis::jobs::run_fingerprint(total, 7, 4, 16, LrSchedule{kind, 1e-4, warmup, total});
  };
  EXPECT_FALSE(olis::jobs::resume_refusal(fp(100, LrScheduleKind::Cosine, 0), fp(100, LrScheduleKind::Cosine, 0), 50));
  EXPECT_FALSE(olis::jobs::resume_refusal(fp(100, LrScheduleKind::Constant, 10), fp(400, LrScheduleKind::Constant, 10), 100));
  // Within the warmup a cosine schedule does not depend on the total yet.
  EXPECT_FALSE(olis::jobs::resume_refusal(fp(100, LrScheduleKind::Cosine, 20), fp(400, LrScheduleKind::Cosine, 20), 20));
  EXPECT_TRUE(olis::jobs::resume_refusal(fp(100, LrScheduleKind::Cosine, 20), fp(400, LrScheduleKind::Cosine, 20), 22));
  EXPECT_TRUE(olis::jobs::resume_refusal(fp(100, LrScheduleKind::Constant, 10), fp(400, LrScheduleKind::Constant, 20), 5));
  // A checkpoint of an older Olis, without warmup_steps in its fingerprint, is compared on the rest.
  auto old = fp(100, LrScheduleKind::Constant, 0);
  old.erase("warmup_steps");
  EXPECT_FALSE(olis::jobs::resume_refusal(old, fp(200, LrScheduleKind::Constant, 0), 100));
}

TEST(TrainResume, TrimStepLogKeepsEachStepUpToTheCheckpointOnce) {
  const auto dir = olis::test::temp_dir("trim_step_log");
  const auto file = dir / "metrics.jsonl";
  olis::write_file_atomic(file, "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.4}\n{\"step\":3,\"loss\":0.3}\n"
                                "{\"step\":2,\"loss\":0.41}\nnot json\n{\"step\":4,\"loss\":null}\n");
  auto r = olis::jobs::trim_step_log(file, 3);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->removed_lines, 3u);
  EXPECT_EQ(r->last_record.at("step").get<int64_t>(), 3);
  EXPECT_EQ(text_of(file), "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.41}\n{\"step\":3,\"loss\":0.3}\n");
  r = olis::jobs::trim_step_log(dir / "missing.jsonl", 3);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->removed_lines, 0u);
  EXPECT_FALSE(fs::exists(dir / "missing.jsonl"));
}
