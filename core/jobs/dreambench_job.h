#pragma once
// The DreamBench protocol as a job (core/eval/dreambench), for olis-cli eval dreambench and the GUI:
// generates the missing images of each subject with a base model (and a LoRA per subject), then scores
// them against the subjects' photos. Resumable: images on disk are kept. With an output folder the report
// lands in <out_dir>/report.json (with the protocol) and <out_dir>/report.csv.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/dreambench.h"
#include "core/eval/eval_report.h"
#include "core/eval/evaluator.h"
#include "core/jobs/job.h"
#include "core/sampling/text_to_image.h"

namespace olis::jobs {

inline constexpr const char* kDreamBenchReportJson = "report.json";
inline constexpr const char* kDreamBenchReportCsv = "report.csv";

struct DreamBenchJobParams {
  std::filesystem::path subjects_dir;    // prompts_and_classes.txt + one folder per subject
  std::filesystem::path out_dir;         // <subject>/NN_K.png + manifest.jsonl, report.json, report.csv
  std::filesystem::path model;           // empty: score the images already in out_dir
  std::string lora;                      // FILE[:scale]; "{subject}" is replaced by each subject's name
  std::vector<std::string> only;         // subjects (default: all)
  eval::DreamBenchProtocol protocol;
  sampling::GenerateParams sampling;     // negative prompt, steps, guidance, sampler; width 0: the model's size
  std::string device = "cpu", dtype = "fp32";
  std::filesystem::path vocab_dir;
  eval::Evaluator::Paths metrics;        // CLIP (+ text tower, tokenizer) and DINO
  eval::EvalOptions eval;
  bool generate_only = false;
  bool real_images = false;              // the paper's "real images" row: each subject's photos against themselves
};

class DreamBenchJob : public Job {
 public:
  explicit DreamBenchJob(DreamBenchJobParams params);
  std::string name() const override;
  JobKind kind() const override { return JobKind::Evaluation; }
  std::filesystem::path output_dir() const override { return params_.out_dir; }
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;

  const eval::EvalReport& report() const { return report_; }
  // to_json(report) plus the protocol.
  nlohmann::json report_json() const;

 private:
  DreamBenchJobParams params_;
  eval::EvalReport report_;
};

// A report written by DreamBenchJob (report.json in `dir`, or the file itself). Errors name the file.
Expected<eval::EvalReport> read_dreambench_report(const std::filesystem::path& dir_or_file);

}  // namespace olis::jobs
