// olis-cli compare: a labelled grid of models (rows) by prompts (columns) with the same seeds in every row
// of a column, saved as grid.png + grid.json; validation images and earlier cells with identical
// parameters are reused.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/cli/command.h"
#include "app/cli/sampling_args.h"
#include "core/jobs/compare.h"
#include "core/sampling/pipeline_loader.h"

namespace {

namespace fs = std::filesystem;
using namespace olis::jobs;

struct CompareArgs {
  std::string project, out, base_model, negative, size, device, dtype, vocab, identifier, seed_scheme = "per-prompt";
  std::vector<std::string> bases, checkpoints, loras, prompts;
  std::vector<uint64_t> seeds;
  int steps = 0, cell_px = 0;
  double guidance = -1;
  bool no_reuse = false;
};

// "projects/dog@500" -> (projects/dog, 500); "projects/dog" -> (projects/dog, the suggested or newest).
CompareModel checkpoint_row(const std::string& text) {
  CompareModel m;
  m.kind = CompareModelKind::Checkpoint;
  const auto at = text.rfind('@');
  m.path = text.substr(0, at);
  if (at != std::string::npos) {
    try {
      m.step = std::stoll(text.substr(at + 1));
    } catch (const std::exception&) {
      throw olis::Error("--checkpoint " + text + ": the step after '@' must be a number, e.g. projects/dog@500");
    }
  }
  return m;
}

int run_compare(const CompareArgs& a) {
  CompareParams p;
  if (!a.project.empty()) p = compare_params_for_project(a.project);
  for (const auto& b : a.bases) p.models.push_back({CompareModelKind::BaseModel, b});
  for (const auto& c : a.checkpoints) p.models.push_back(checkpoint_row(c));
  for (const auto& l : a.loras) {
    auto spec = olis::sampling::parse_lora_spec(l);
    CompareModel m{CompareModelKind::LoraFile, spec.path};
    m.lora_scale = spec.scale;
    p.models.push_back(m);
  }
  if (p.models.empty() && !a.project.empty()) {
    // The project's base model against its suggested (else newest) checkpoint.
    p.models.push_back({CompareModelKind::BaseModel, p.base_model});
    p.models.push_back({CompareModelKind::Checkpoint, a.project});
  }
  if (p.models.empty()) throw olis::Error("compare needs rows: --project, --base MODEL, --checkpoint PROJECT[@STEP] or --lora FILE");
  if (!a.prompts.empty()) p.prompts = a.prompts;
  if (p.prompts.empty()) throw olis::Error("compare needs prompts: --prompt \"a <new> dog on the beach\" (repeatable), or --project");
  if (!a.seeds.empty()) p.seeds = a.seeds;
  p.seed_scheme = a.seed_scheme == "same" ? SeedScheme::Same : SeedScheme::PerPrompt;
  if (a.steps > 0) p.steps = a.steps;
  if (a.guidance >= 0) p.guidance = a.guidance;
  if (!a.size.empty()) std::tie(p.width_px, p.height_px) = olis::cli::parse_size(a.size);
  if (!a.negative.empty()) p.negative_prompt = a.negative;
  if (!a.device.empty()) p.device = a.device;
  if (!a.dtype.empty()) p.precision = a.dtype;
  if (!a.vocab.empty()) p.vocab_dir = a.vocab;
  if (!a.identifier.empty()) p.identifier = a.identifier;
  if (!a.base_model.empty()) p.base_model = a.base_model;
  if (a.cell_px > 0) p.cell_px = a.cell_px;
  p.reuse = !a.no_reuse;
  p.out_dir = a.out;
  if (p.out_dir.empty()) {
    if (a.project.empty()) throw olis::Error("compare needs --out DIR for grid.png and grid.json");
    p.out_dir = fs::path(a.project) / "compare";
  }
  // A project's grids share their cells (the GUI's Compare tab and Personalize use the same folder).
  if (!a.project.empty()) p.cache_dir = fs::path(a.project) / "compare" / "cells";
  CompareJob job(p);
  JobCallbacks cb;
  cb.log = [](const std::string& line) { std::cerr << line << "\n"; };
  cb.progress = [](const JobProgress& pr) {
    std::cerr << fmt::format("\rcells {}/{}", pr.step, pr.total) << (pr.step == pr.total ? "\n" : "") << std::flush;
  };
  CancelToken cancel;
  job.run(cb, cancel);
  const auto& r = job.result();
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    int drawn = 0, reused = 0;
    for (const auto& c : r.cells)
      if (c.row == static_cast<int>(i)) (c.source == CellSource::Rendered ? drawn : reused)++;
    std::cout << fmt::format("row {}: {} ({}x{}): {} drawn, {} reused\n", i + 1, r.rows[i].label, r.rows[i].width_px,
                             r.rows[i].height_px, drawn, reused);
  }
  std::cout << "grid: " << r.grid_png.string() << "\nparameters: " << r.grid_json.string() << "\n";
  return 0;
}

olis::cli::Registrar reg{"compare", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("compare", "A labelled grid: models (rows) x prompts (columns), the same seeds in every row");
  auto a = std::make_shared<CompareArgs>();
  cmd->add_option("--project", a->project,
                  "Project whose validation prompts, seeds and sampling settings are the defaults (without rows: its "
                  "base model against its suggested checkpoint)");
  cmd->add_option("--base", a->bases, "Row: a base model (folder or single file); repeatable");
  cmd->add_option("--checkpoint", a->checkpoints,
                  "Row: a checkpoint of a project's run, PROJECT[@STEP] (default: the suggested, else the newest); repeatable");
  cmd->add_option("--lora", a->loras, "Row: a LoRA file FILE[:scale] on the base model (--base-model); repeatable");
  cmd->add_option("--base-model", a->base_model, "The model LoRA rows apply to (default: the project's base model)");
  cmd->add_option("--prompt", a->prompts, "Column: a prompt; <new> becomes each row's identifier; repeatable");
  cmd->add_option("--seeds", a->seeds, "Seeds of every cell (default 1000)")->delimiter(',');
  cmd->add_option("--seed-scheme", a->seed_scheme,
                  "per-prompt: column j adds j to each seed, as validation images do; same: every cell uses the seeds as given")
      ->check(CLI::IsMember({"per-prompt", "same"}))
      ->capture_default_str();
  cmd->add_option("--steps", a->steps, "DDIM steps (default: the project's eval_steps, else 25)")->check(CLI::Range(1, 1000));
  cmd->add_option("--guidance", a->guidance, "Classifier-free guidance (default: the project's, else 7.5)");
  cmd->add_option("--size", a->size, "WIDTHxHEIGHT (default: each row's own)");
  cmd->add_option("--negative", a->negative, "Negative prompt (base model and LoRA rows)");
  cmd->add_option("--device", a->device, "auto | cpu | cuda | cuda:N");
  cmd->add_option("--dtype", a->dtype, "fp32 | bf16 | fp16");
  cmd->add_option("--vocab", a->vocab, "Folder with CLIP vocab.json and merges.txt, if a model lacks them");
  cmd->add_option("--identifier", a->identifier, "What <new> becomes in rows without an identifier of their own");
  cmd->add_option("--cell-px", a->cell_px, "Cell width in grid.png (default: the images' width, 192 to 512)")->check(CLI::Range(16, 4096));
  cmd->add_flag("--no-reuse", a->no_reuse, "Draw every cell, even when an image with identical parameters exists");
  cmd->add_option("--out", a->out, "Output folder of grid.png and grid.json (default: <project>/compare); the cells of a "
                                   "project's grids are kept in <project>/compare/cells");
  cmd->callback([&ctx, a] { ctx.exit_code = olis::cli::run_guarded([&] { return run_compare(*a); }); });
}};

}  // namespace
