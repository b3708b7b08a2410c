#include "core/jobs/dreambench_job.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <torch/torch.h>

#include "core/io/model_source.h"
#include "core/jobs/train_settings_defaults.h"
#include "core/models/placement.h"
#include "core/sampling/pipeline_loader.h"
#include "core/util/atomic_file.h"
#include "core/util/json_util.h"

namespace olis::jobs {

namespace fs = std::filesystem;

DreamBenchJob::DreamBenchJob(DreamBenchJobParams params) : params_(std::move(params)) {}

std::string DreamBenchJob::name() const {
  if (params_.real_images) return "DreamBench: real images";
  return params_.model.empty() ? "DreamBench: score" : "DreamBench: generate and score";
}

nlohmann::json DreamBenchJob::report_json() const {
  auto j = eval::to_json(report_);
  const auto& p = params_.protocol;
  j["protocol"] = {{"identifier", p.identifier},
                   {"class_names", p.class_names == eval::DreamBenchClassNames::DreamBench ? "dreambench" : "specific"},
                   {"images_per_prompt", p.images_per_prompt},
                   {"base_seed", p.base_seed},
                   {"mode", params_.real_images ? "real_images" : "generated"}};
  return j;
}

void DreamBenchJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  const auto& a = params_;
  auto data = value_or_throw(eval::load_dreambench(a.subjects_dir));
  std::vector<const eval::DreamBenchSubject*> chosen;
  for (const auto& s : data.subjects)
    if (a.only.empty() || std::find(a.only.begin(), a.only.end(), s.name) != a.only.end()) chosen.push_back(&s);
  if (chosen.empty()) throw Error("no DreamBench subject of " + a.subjects_dir.string() + " matches the chosen subjects");

  if (!a.model.empty() && !a.real_images) {
    if (a.out_dir.empty()) throw Error("generating the DreamBench images needs an output folder");
    auto flag = std::make_shared<std::atomic<bool>>(false);
    // The paper's DDIM steps for the model's family (read from its headers) unless chosen.
    auto sampling_params = a.sampling;
    if (sampling_params.steps <= 0)
      sampling_params.steps = paper_sampling_steps(value_or_throw(io::ModelSource::open(a.model))->family());
    callbacks.emit_log(fmt::format("Sampling: {} steps, guidance {}", sampling_params.steps, sampling_params.guidance_scale));
    const bool per_subject = a.lora.find("{subject}") != std::string::npos;
    std::shared_ptr<sampling::TextToImagePipeline> pipeline;
    std::string loaded_for;
    int64_t total = 0, done = 0;
    for (const auto* s : chosen) total += static_cast<int64_t>(eval::dreambench_requests(data, *s, a.protocol, a.out_dir).size());
    ProgressReporter progress(callbacks, total);
    for (const auto* s : chosen) {
      const auto requests = eval::dreambench_requests(data, *s, a.protocol, a.out_dir);
      const bool missing = std::any_of(requests.begin(), requests.end(), [](const auto& r) { return !fs::exists(r.output); });
      if (missing && (!pipeline || (per_subject && loaded_for != s->name))) {
        pipeline.reset();
        sampling::PipelineLoadOptions load;
        load.placement = value_or_throw(models::parse_placement(a.device, a.dtype));
        load.vocab_dir = a.vocab_dir;
        load.on_log = [&callbacks](const std::string& line) { callbacks.emit_log(line); };
        if (!a.lora.empty()) {
          auto spec = a.lora;
          for (auto pos = spec.find("{subject}"); pos != std::string::npos; pos = spec.find("{subject}")) spec.replace(pos, 9, s->name);
          load.loras.push_back(sampling::parse_lora_spec(spec));
        }
        callbacks.emit_log("Loading " + a.model.string() + (load.loras.empty() ? "" : " + " + load.loras[0].path.string()));
        pipeline = sampling::TextToImagePipeline::load(a.model, load);
        loaded_for = s->name;
      }
      auto params = sampling_params;
      if (pipeline && (params.width <= 0 || params.height <= 0)) params.width = params.height = pipeline->default_size_px();
      eval::GenerationCallbacks cb;
      const int64_t before = done;
      cb.progress = [&](int64_t d, int64_t, const eval::GenerationRequest&) {
        if (cancel.cancelled()) flag->store(true);
        done = before + d;
        progress.step(done);
      };
      cb.log = [&](const std::string& line) { callbacks.emit_log(line); };
      auto summary = eval::run_dreambench_generation(
          data, {s->name}, a.out_dir, a.protocol,
          [&](const eval::GenerationRequest& r) -> torch::Tensor {
            if (!pipeline) throw Error("unreachable: no pipeline for a missing image");
            auto p = params;
            p.prompt = r.prompt;
            p.seed = static_cast<uint64_t>(r.seed);
            auto result = pipeline->generate(p, {}, flag);
            if (result.images.empty()) throw JobCancelled();
            const auto& img = result.images.front();
            auto t = torch::empty({img.height, img.width, 3}, torch::kUInt8);
            std::memcpy(t.data_ptr<uint8_t>(), img.rgb.data(), img.rgb.size());
            return t;
          },
          cb, flag);
      if (summary.cancelled || cancel.cancelled()) throw JobCancelled();
      callbacks.emit_log(fmt::format("{}: {} generated, {} already there", s->name, summary.generated, summary.skipped));
    }
    if (a.generate_only) return;
  }
  if (a.metrics.clip.empty() && a.metrics.dino.empty()) throw Error("give a CLIP and/or a DINO model: there is no model to score with");
  auto ev = eval::Evaluator::load(a.metrics);
  std::vector<eval::SubjectScores> rows;
  ProgressReporter progress(callbacks, static_cast<int64_t>(chosen.size()));
  for (const auto* s : chosen) {
    cancel.throw_if_cancelled();
    eval::SubjectInput in;
    if (a.real_images) {
      in.subject = s->name;
      in.real = s->photos;
      for (const auto& p : s->photos) in.generated.push_back({p, ""});
    } else {
      if (a.out_dir.empty()) throw Error("scoring DreamBench needs the folder of the generated images, or the real-images mode");
      in = value_or_throw(eval::dreambench_subject_input(data, *s, a.out_dir, a.protocol));
    }
    rows.push_back(ev.evaluate(in, a.eval));
    callbacks.emit_log(fmt::format("{}: scored {} images", s->name, rows.back().generated_images));
    progress.step(static_cast<int64_t>(rows.size()));
  }
  report_ = eval::summarize(std::move(rows));
  if (!a.out_dir.empty()) {
    fs::create_directories(a.out_dir);
    write_file_atomic(a.out_dir / kDreamBenchReportJson, report_json().dump(2) + "\n");
    write_file_atomic(a.out_dir / kDreamBenchReportCsv, eval::format_csv(report_));
    callbacks.emit_log("Report: " + (a.out_dir / kDreamBenchReportJson).string());
  }
}

Expected<eval::EvalReport> read_dreambench_report(const fs::path& dir_or_file) {
  const fs::path file = fs::is_directory(dir_or_file) ? dir_or_file / kDreamBenchReportJson : dir_or_file;
  auto j = load_json_file(file);
  if (!j) return tl::unexpected(j.error());
  try {
    return eval::report_from_json(*j, file.string());
  } catch (const Error& e) {
    return tl::unexpected(e);
  }
}

}  // namespace olis::jobs
