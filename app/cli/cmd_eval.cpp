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
#include "core/io/model_source.h"
#include "core/jobs/train_settings_defaults.h"
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

// The paper's DDIM steps for the model's family, read from its headers (no weights loaded).
int dreambench_default_steps(const std::string& model) {
  auto source = olis::value_or_throw(olis::io::ModelSource::open(model));
  return olis::jobs::paper_sampling_steps(source->family());
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

// Generates the protocol's missing images with the text-to-image pipeline: one pipeline per subject when
// --lora names '{subject}', else one for all. Already existing images are skipped (resumable).
void generate_missing(const DreamBenchDataset& data, const std::vector<const DreamBenchSubject*>& chosen,
                      const DreamBenchProtocol& protocol, const BenchArgs& a) {
  using namespace olis::sampling;
  GenerateParams base;
  base.negative_prompt = a.negative;
  base.steps = a.steps > 0 ? a.steps : dreambench_default_steps(a.model);
  std::cerr << fmt::format("sampling: {} {} steps, guidance {}\n", a.sampler, base.steps, a.guidance);
  base.guidance_scale = a.guidance;
  base.sampler = olis::cli::parse_sampler(a.sampler);
  if (!a.size.empty()) {
    std::tie(base.width, base.height) = olis::cli::parse_size(a.size);
    validate_generate_params(base);
  }
  const bool per_subject = a.lora.find("{subject}") != std::string::npos;
  std::shared_ptr<TextToImagePipeline> pipeline;
  std::string loaded_for;
  for (const auto* s : chosen) {
    const auto requests = dreambench_requests(data, *s, protocol, a.out_dir);
    if (std::all_of(requests.begin(), requests.end(), [](const auto& r) { return fs::exists(r.output); })) {
      // Nothing to do; still refresh the manifest through the driver (it skips every image).
      run_dreambench_generation(data, {s->name}, a.out_dir, protocol, [](const GenerationRequest&) -> torch::Tensor {
        throw olis::Error("unreachable: every image exists");
      });
      continue;
    }
    if (!pipeline || (per_subject && loaded_for != s->name)) {
      PipelineLoadOptions load;
      load.placement = olis::value_or_throw(olis::models::parse_placement(a.device, a.dtype));
      load.vocab_dir = a.vocab_dir;
      load.on_log = [](const std::string& line) { std::cerr << line << "\n"; };
      if (!a.lora.empty()) {
        auto spec = a.lora;
        for (auto pos = spec.find("{subject}"); pos != std::string::npos; pos = spec.find("{subject}"))
          spec.replace(pos, 9, s->name);
        load.loras.push_back(parse_lora_spec(spec));
      }
      std::cerr << "loading " << a.model << (load.loras.empty() ? "" : " + " + load.loras[0].path.string()) << " ...\n";
      pipeline = TextToImagePipeline::load(a.model, load);
      loaded_for = s->name;
    }
    auto params = base;
    if (a.size.empty()) params.width = params.height = pipeline->default_size_px();
    GenerationCallbacks cb;
    cb.progress = [](int64_t done, int64_t total, const GenerationRequest& r) {
      std::cerr << fmt::format("\r{}: {}/{} images", r.subject, done, total) << (done == total ? "\n" : "") << std::flush;
    };
    auto summary = run_dreambench_generation(
        data, {s->name}, a.out_dir, protocol,
        [&](const GenerationRequest& r) {
          auto p = params;
          p.prompt = r.prompt;
          p.seed = static_cast<uint64_t>(r.seed);
          auto result = pipeline->generate(p);
          if (result.images.empty()) throw olis::Error("generation returned no image");
          const auto& img = result.images.front();
          auto t = torch::empty({img.height, img.width, 3}, torch::kUInt8);
          std::memcpy(t.data_ptr<uint8_t>(), img.rgb.data(), img.rgb.size());
          return t;
        },
        cb);
    std::cerr << fmt::format("{}: {} generated, {} already there\n", s->name, summary.generated, summary.skipped);
  }
}

int run_bench(const CommonArgs& c, const BenchArgs& a) {
  auto data = olis::value_or_throw(load_dreambench(a.subjects_dir));
  DreamBenchProtocol protocol;
  protocol.identifier = a.identifier;
  protocol.class_names = a.class_names == "dreambench" ? DreamBenchClassNames::DreamBench : DreamBenchClassNames::Specific;
  protocol.images_per_prompt = a.images_per_prompt;
  protocol.base_seed = a.seed;
  if (!a.object_names.empty()) {
    auto text = olis::value_or_throw(olis::read_text_file(a.object_names));
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      auto comma = line.find(',');
      if (comma != std::string::npos) protocol.object_names[line.substr(0, comma)] = line.substr(comma + 1);
    }
  }
  std::vector<const DreamBenchSubject*> chosen;
  for (const auto& s : data.subjects)
    if (a.only.empty() || std::find(a.only.begin(), a.only.end(), s.name) != a.only.end()) chosen.push_back(&s);
  if (chosen.empty()) throw olis::Error("no DreamBench subject matches --only");

  if (!a.model.empty()) {
    if (a.out_dir.empty()) throw olis::Error("eval dreambench --model needs --out DIR for the generated images");
    generate_missing(data, chosen, protocol, a);
    if (a.generate_only) return 0;
  }
  auto ev = load_models(c);
  const auto opts = options_from(c);
  std::vector<SubjectScores> rows;
  for (const auto* s : chosen) {
    SubjectInput in;
    if (a.real_images) {
      // The paper's "real images" row: each subject's photos against themselves (no image with itself).
      in.subject = s->name;
      in.real = s->photos;
      for (const auto& p : s->photos) in.generated.push_back({p, ""});
    } else {
      if (a.out_dir.empty()) throw olis::Error("eval dreambench needs --out DIR (the generated images) or --real-images");
      in = olis::value_or_throw(dreambench_subject_input(data, *s, a.out_dir, protocol));
    }
    rows.push_back(ev.evaluate(in, opts));
    std::cerr << fmt::format("{}: scored {} images\n", s->name, rows.back().generated_images);
  }
  auto report = summarize(std::move(rows));
  std::cout << format_table(report);
  auto j = to_json(report);
  j["protocol"] = {{"identifier", protocol.identifier},
                   {"class_names", a.class_names},
                   {"images_per_prompt", protocol.images_per_prompt},
                   {"base_seed", protocol.base_seed},
                   {"mode", a.real_images ? "real_images" : "generated"}};
  write_json(c.json_out, j);
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
