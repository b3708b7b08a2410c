// olis-cli eval: DreamBench metrics (DINO, CLIP-I, CLIP-T, CLIP-T(object)) of generated images against a
// subject's photos, and `eval dreambench`: the DreamBench protocol over a DreamBench-style folder.
#include <cmath>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "app/cli/command.h"
#include "app/cli/sampling_args.h"
#include "core/eval/checkpoint_metrics.h"
#include "core/eval/dreambench.h"
#include "core/eval/evaluator.h"
#include "core/jobs/dreambench_job.h"
#include "core/sampling/pipeline_loader.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

namespace {

namespace fs = std::filesystem;
using namespace olis::eval;

struct CommonArgs {
  std::string clip, clip_text, tokenizer, dino, json_out, resampler = "pil";
  int64_t batch = 16;
};

struct SingleArgs {
  std::string real, generated, prompts, subject, identifier = "olis", class_name, object_name;
  bool keep_identifier = false;
};

struct BenchArgs {
  std::string subjects_dir, out_dir, model, lora, object_names, negative, size, sampler = "ddim";
  std::string device = "cpu", dtype = "fp32", vocab_dir;
  int steps = 0;  // 0: the paper's DDIM steps for the model's family (200 SD 1.x/2.x, 50 SDXL)
  double guidance = 7.5;
  bool generate_only = false;
  std::vector<std::string> only;
  std::string identifier = "olis";
  std::string class_names = "specific";
  int64_t images_per_prompt = 4, seed = 0;
  bool real_images = false;
};

void add_common(CLI::App* cmd, CommonArgs& a) {
  cmd->add_option("--clip", a.clip, "CLIP model folder (config.json + model.safetensors with vision_model.*, text_model.*)");
  cmd->add_option("--clip-text", a.clip_text, "CLIP text tower folder when it is not in --clip (for CLIP-T)");
  cmd->add_option("--tokenizer", a.tokenizer, "Folder with the CLIP vocab.json and merges.txt (default: the text folder)");
  cmd->add_option("--dino", a.dino, "DINO ViT-S/16 weights: a .safetensors file (DINO or HF ViTModel names) or its folder");
  cmd->add_option("--json", a.json_out, "Write the scores to this JSON file");
  cmd->add_option("--batch", a.batch, "Images per model batch")->check(CLI::Range(1, 1024));
  cmd->add_option("--resampler", a.resampler, "Resize like the references (pil) or with OpenCV INTER_CUBIC (opencv)")
      ->check(CLI::IsMember({"pil", "opencv"}));
}

Evaluator load_models(const CommonArgs& a) {
  if (a.clip.empty() && a.dino.empty()) throw olis::Error("give --clip and/or --dino: there is no model to score with");
  auto ev = Evaluator::load({a.clip, a.clip_text, a.tokenizer, a.dino});
  return ev;
}

EvalOptions options_from(const CommonArgs& a) {
  EvalOptions o;
  o.batch_size = a.batch;
  o.filter = a.resampler == "opencv" ? ResampleFilter::kOpenCvCubic : ResampleFilter::kPilBicubic;
  return o;
}

void write_json(const std::string& path, const nlohmann::json& j) {
  if (path.empty()) return;
  olis::write_file_atomic(path, j.dump(2) + "\n");
  std::cout << "scores written to " << path << "\n";
}

int run_single(const CommonArgs& c, const SingleArgs& a) {
  if (a.real.empty() || a.generated.empty()) throw olis::Error("eval needs --real DIR and --generated DIR (or: eval dreambench)");
  auto ev = load_models(c);
  SubjectInput in;
  in.subject = a.subject.empty() ? fs::path(a.generated).filename().string() : a.subject;
  if (in.subject.empty()) in.subject = "subject";
  in.real = olis::value_or_throw(list_images(a.real));
  if (in.real.empty()) throw olis::Error(fmt::format("{}: no photos found (jpg, png, webp, bmp, tif)", a.real));
  in.generated = olis::value_or_throw(load_generated_set(a.generated, a.prompts));
  in.rules.identifier = a.identifier;
  in.rules.class_name = a.class_name;
  in.rules.object_name = a.object_name;
  in.rules.keep_identifier = a.keep_identifier;
  auto report = summarize({ev.evaluate(in, options_from(c))});
  std::cout << format_table(report);
  write_json(c.json_out, to_json(report));
  return 0;
}

int run_bench(const CommonArgs& c, const BenchArgs& a) {
  using namespace olis::jobs;
  DreamBenchJobParams p;
  p.subjects_dir = a.subjects_dir;
  p.out_dir = a.out_dir;
  p.model = a.model;
  p.lora = a.lora;
  p.only = a.only;
  p.protocol.identifier = a.identifier;
  p.protocol.class_names = a.class_names == "dreambench" ? DreamBenchClassNames::DreamBench : DreamBenchClassNames::Specific;
  p.protocol.images_per_prompt = a.images_per_prompt;
  p.protocol.base_seed = a.seed;
  if (!a.object_names.empty()) {
    auto text = olis::value_or_throw(olis::read_text_file(a.object_names));
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      auto comma = line.find(',');
      if (comma != std::string::npos) p.protocol.object_names[line.substr(0, comma)] = line.substr(comma + 1);
    }
  }
  p.sampling.negative_prompt = a.negative;
  p.sampling.steps = a.steps;
  p.sampling.guidance_scale = a.guidance;
  p.sampling.sampler = olis::cli::parse_sampler(a.sampler);
  p.sampling.width = p.sampling.height = 0;
  if (!a.size.empty()) {
    std::tie(p.sampling.width, p.sampling.height) = olis::cli::parse_size(a.size);
    olis::sampling::validate_generate_params(p.sampling);
  }
  p.device = a.device;
  p.dtype = a.dtype;
  p.vocab_dir = a.vocab_dir;
  p.metrics = {c.clip, c.clip_text, c.tokenizer, c.dino};
  p.eval = options_from(c);
  p.generate_only = a.generate_only;
  p.real_images = a.real_images;
  if (!a.model.empty() && a.out_dir.empty()) throw olis::Error("eval dreambench --model needs --out DIR for the generated images");
  if (!a.real_images && !a.generate_only && a.out_dir.empty())
    throw olis::Error("eval dreambench needs --out DIR (the generated images) or --real-images");
  if (!a.generate_only && c.clip.empty() && c.dino.empty()) throw olis::Error("give --clip and/or --dino: there is no model to score with");
  DreamBenchJob job(p);
  JobCallbacks cb;
  cb.log = [](const std::string& line) { std::cerr << line << "\n"; };
  cb.progress = [](const JobProgress& pr) {
    std::cerr << fmt::format("\r{}/{}", pr.step, pr.total) << (pr.step == pr.total ? "\n" : "") << std::flush;
  };
  CancelToken cancel;
  job.run(cb, cancel);
  if (a.generate_only) return 0;
  std::cout << format_table(job.report());
  write_json(c.json_out, job.report_json());
  return 0;
}

int run_checkpoints(const std::string& log, double margin) {
  auto path = fs::is_directory(log) ? fs::path(log) / kMetricsLogName : fs::path(log);
  auto records = olis::value_or_throw(read_metrics_log(path));
  if (records.empty()) throw olis::Error(fmt::format("{}: no evaluated checkpoints yet", path.string()));
  auto best = suggest_best_checkpoint(records, {margin});
  auto cell = [](double v) { return std::isfinite(v) ? fmt::format("{:.4f}", v) : std::string("-"); };
  std::cout << fmt::format("{:>8}  {:>7}  {:>7}  {:>7}  {:>11}  {}\n", "step", "DINO", "CLIP-I", "CLIP-T", "CLIP-T(obj)",
                           "checkpoint");
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    std::cout << fmt::format("{:>8}  {:>7}  {:>7}  {:>7}  {:>11}  {}{}\n", r.step, cell(r.dino), cell(r.clip_i),
                             cell(r.clip_t), cell(r.clip_t_object), r.checkpoint,
                             best && *best == i ? "   <- suggested" : "");
  }
  if (best)
    std::cout << fmt::format("suggested: step {} (best DINO among checkpoints within {} of the best CLIP-T)\n",
                             records[*best].step, margin);
  return 0;
}

olis::cli::Registrar reg{"eval", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("eval", "DreamBench metrics of generated images against a subject's photos");
  auto common = std::make_shared<CommonArgs>();
  auto single = std::make_shared<SingleArgs>();
  add_common(cmd, *common);
  cmd->add_option("--real", single->real, "Folder of the subject's photos");
  cmd->add_option("--generated", single->generated, "Folder of generated images (with manifest.jsonl for the prompts)");
  cmd->add_option("--prompts", single->prompts,
                  "Prompts of the generated images: .jsonl (path, prompt) or text, one prompt per line, "
                  "image names starting with the 0-based line number");
  cmd->add_option("--subject", single->subject, "Name shown in the table (default: the generated folder's name)");
  cmd->add_option("--identifier", single->identifier, "Identifier token removed from prompts for CLIP-T");
  cmd->add_flag("--keep-identifier", single->keep_identifier, "Keep the identifier token in the CLIP-T text");
  cmd->add_option("--class", single->class_name, "Class word in the prompts (e.g. toy), for CLIP-T(object)");
  cmd->add_option("--object-name", single->object_name, "Specific name replacing the class word (e.g. \"duck toy\")");

  auto* bench = cmd->add_subcommand("dreambench", "Run the DreamBench protocol on a DreamBench-style folder");
  auto bcommon = std::make_shared<CommonArgs>();
  auto bargs = std::make_shared<BenchArgs>();
  add_common(bench, *bcommon);
  bench->add_option("--subjects", bargs->subjects_dir, "DreamBench folder (prompts_and_classes.txt + subject folders)")->required();
  bench->add_option("--out", bargs->out_dir, "Generated images: DIR/<subject>/NN_K.png + manifest.jsonl");
  bench->add_option("--model", bargs->model, "Base model to generate the missing images with (folder or single file)");
  bench->add_option("--lora", bargs->lora,
                    "LoRA of the subject, FILE[:scale]; '{subject}' in it is replaced by each subject's name");
  bench->add_option("--steps", bargs->steps,
                    "Sampling steps (default: the paper's, DDIM 200 for SD 1.x/2.x and 50 for SDXL)")
      ->check(CLI::Range(1, 1000));
  bench->add_option("--guidance", bargs->guidance, "Classifier-free guidance scale")->capture_default_str();
  bench->add_option("--sampler", bargs->sampler, "ddim | ddpm | euler | dpmpp2m")->capture_default_str();
  bench->add_option("--negative", bargs->negative, "Negative prompt");
  bench->add_option("--size", bargs->size, "WIDTHxHEIGHT (default: the model's, 512 or 1024)");
  bench->add_option("--device", bargs->device, "cpu | cuda | cuda:N")->capture_default_str();
  bench->add_option("--dtype", bargs->dtype, "fp32 | fp16 | bf16")->capture_default_str();
  bench->add_option("--vocab", bargs->vocab_dir, "Folder with CLIP vocab.json and merges.txt to use instead of the model's own (default: the model's, else the vocabulary that comes with Olis)");
  bench->add_flag("--generate-only", bargs->generate_only, "Generate the missing images and stop (no scoring)");
  bench->add_option("--only", bargs->only, "Only these subjects")->delimiter(',');
  bench->add_option("--identifier", bargs->identifier, "Identifier token of the prompts")->capture_default_str();
  bench->add_option("--class-names", bargs->class_names,
                    "Class in the prompts: specific (the paper's Table 3 names, e.g. \"duck toy\") or dreambench "
                    "(DreamBench's class words, e.g. \"toy\")")
      ->capture_default_str()
      ->check(CLI::IsMember({"specific", "dreambench"}));
  bench->add_option("--images-per-prompt", bargs->images_per_prompt, "Images per prompt")->check(CLI::Range(1, 64));
  bench->add_option("--seed", bargs->seed, "Base seed: image k of prompt p uses seed + p * images_per_prompt + k");
  bench->add_option("--object-names", bargs->object_names, "CSV subject,specific name for CLIP-T(object)");
  bench->add_flag("--real-images", bargs->real_images,
                  "Score each subject's photos against themselves (the paper's 'real images' row)");
  bench->callback([&ctx, bcommon, bargs] {
    ctx.exit_code = olis::cli::run_guarded([&] { return run_bench(*bcommon, *bargs); });
  });
  auto* ckpt = cmd->add_subcommand("checkpoints", "Show a training run's per-checkpoint metrics and the suggested checkpoint");
  auto log = std::make_shared<std::string>();
  auto margin = std::make_shared<double>(BestCheckpointRule{}.clip_t_margin);
  ckpt->add_option("--log", *log, std::string("The run's ") + kMetricsLogName + " (or the folder holding it)")->required();
  ckpt->add_option("--clip-t-margin", *margin, "How far below the best CLIP-T a checkpoint may be")->check(CLI::Range(0.0, 2.0));
  ckpt->callback([&ctx, log, margin] {
    ctx.exit_code = olis::cli::run_guarded([&] { return run_checkpoints(*log, *margin); });
  });
  cmd->callback([&ctx, bench, ckpt, common, single] {
    if (bench->parsed() || ckpt->parsed()) return;
    ctx.exit_code = olis::cli::run_guarded([&] { return run_single(*common, *single); });
  });
}};

}  // namespace
