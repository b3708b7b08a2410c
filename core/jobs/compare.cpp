#include "core/jobs/compare.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/eval/checkpoint_metrics.h"
#include "core/io/safetensors.h"
#include "core/jobs/compare_grid.h"
#include "core/jobs/content_hash.h"
#include "core/jobs/project_training.h"
#include "core/jobs/regset_cache.h"
#include "core/jobs/train_logs.h"
#include "core/prompts/caption.h"
#include "core/prompts/dreambench.h"
#include "core/sampling/generation_parameters.h"
#include "core/training/checkpoint.h"
#include "core/util/atomic_file.h"

namespace olis::jobs {

namespace fs = std::filesystem;

const char* to_string(CompareModelKind kind) {
  switch (kind) {
    case CompareModelKind::BaseModel: return "base_model";
    case CompareModelKind::Checkpoint: return "checkpoint";
    case CompareModelKind::LoraFile: return "lora";
  }
  return "base_model";
}

std::optional<CompareModelKind> parse_compare_model_kind(const std::string& text) {
  for (auto k : {CompareModelKind::BaseModel, CompareModelKind::Checkpoint, CompareModelKind::LoraFile})
    if (text == to_string(k)) return k;
  return std::nullopt;
}

const char* to_string(SeedScheme scheme) { return scheme == SeedScheme::Same ? "same" : "per_prompt"; }

const char* to_string(CellSource source) {
  switch (source) {
    case CellSource::Rendered: return "rendered";
    case CellSource::Validation: return "validation";
    case CellSource::Cache: return "cache";
  }
  return "rendered";
}

uint64_t compare_seed(const CompareParams& params, int column, int index) {
  const uint64_t base = params.seeds.at(static_cast<std::size_t>(index));
  return params.seed_scheme == SeedScheme::PerPrompt ? base + static_cast<uint64_t>(column) : base;
}

namespace {

std::string source_name(const fs::path& p) {
  const auto name = p.filename().string().empty() ? p.parent_path().filename() : p.filename();
  return fs::is_directory(p) ? name.string() : fs::path(name).stem().string();
}

std::string fingerprint(const fs::path& p, const std::string& what) {
  auto fp = model_fingerprint(p);
  if (!fp) throw Error(what + ": " + fp.error().message());
  return *fp;
}

CompareRow plan_checkpoint_row(const CompareModel& m, const CompareParams& params) {
  CompareRow row;
  row.model = m;
  auto p = value_or_throw(open_project_training(m.path));
  const fs::path out = p.settings.output_dir, ckpts = out / "checkpoints";
  const auto available = training::list_checkpoints(ckpts);
  const auto rounds = list_validation_steps(out);
  bool suggested = false;
  if (m.step) {
    row.step = *m.step;
  } else {
    if (auto records = eval::read_metrics_log(ckpts / eval::kMetricsLogName); records && !records->empty())
      if (auto best = eval::suggest_existing_checkpoint(*records, ckpts, {p.settings.metrics.clip_t_margin})) {
        row.step = best->step;
        suggested = true;
      }
    if (row.step < 0 && !available.empty()) row.step = available.back().step;
    if (row.step < 0 && !rounds.empty()) row.step = rounds.back();
    if (row.step < 0) throw Error(p.dir.string() + ": the project has no checkpoint yet; train it first");
  }
  if (fs::exists(training::checkpoint_path(ckpts, row.step))) row.checkpoint = training::checkpoint_path(ckpts, row.step);
  if (std::find(rounds.begin(), rounds.end(), row.step) != rounds.end()) row.validation_dir = validation_round_dir(out, row.step);
  if (row.checkpoint.empty() && row.validation_dir.empty()) {
    std::string have;
    for (const auto& c : available) have += (have.empty() ? "" : ", ") + std::to_string(c.step);
    throw Error(fmt::format("{}: there is no checkpoint of step {} (available: {})", ckpts.string(), row.step,
                            have.empty() ? "none" : have));
  }
  row.identifier = m.identifier.empty() ? p.project.subject.identifier : m.identifier;
  row.label = !m.label.empty() ? m.label
                               : fmt::format("{} · step {}{}", p.dir.filename().string(), row.step, suggested ? " (suggested)" : "");
  nlohmann::json key{{"kind", "checkpoint"},
                     {"base", fingerprint(p.settings.base_model, "the base model of " + p.dir.string())},
                     {"mode", training::to_string(p.settings.mode)},
                     {"step", row.step}};
  key["weights"] = row.checkpoint.empty() ? nlohmann::json(row.validation_dir.string())
                                          : nlohmann::json(fingerprint(row.checkpoint, "the checkpoint"));
  row.model_key = key.dump();
  row.width_px = params.width_px > 0 ? params.width_px : p.settings.resolution_px;
  row.height_px = params.height_px > 0 ? params.height_px : p.settings.resolution_px;
  if ((row.width_px <= 0 || row.height_px <= 0) && !row.validation_dir.empty())
    if (auto round = read_validation_round(row.validation_dir); round && round->parameters.is_object()) {
      row.width_px = round->parameters.value("width", 0);
      row.height_px = round->parameters.value("height", 0);
    }
  if (row.width_px <= 0 || row.height_px <= 0) row.width_px = row.height_px = 0;
  if (!params.negative_prompt.empty())
    throw Error(fmt::format("{}: checkpoint rows are sampled as the run's validation images are, without a negative "
                            "prompt; clear the negative prompt, or compare the exported LoRA file instead",
                            row.label));
  return row;
}

}  // namespace

std::vector<CompareRow> plan_compare_rows(const CompareParams& params) {
  std::vector<CompareRow> rows;
  for (const auto& m : params.models) {
    if (m.path.empty()) throw Error(fmt::format("row {} of the compare grid names no file or folder", rows.size() + 1));
    if (m.kind == CompareModelKind::Checkpoint) {
      rows.push_back(plan_checkpoint_row(m, params));
      continue;
    }
    CompareRow row;
    row.model = m;
    row.identifier = m.identifier.empty() ? params.identifier : m.identifier;
    row.width_px = params.width_px;
    row.height_px = params.height_px;
    if (m.kind == CompareModelKind::BaseModel) {
      row.label = m.label.empty() ? source_name(m.path) + " (base)" : m.label;
      row.model_key = nlohmann::json{{"kind", "base_model"}, {"model", fingerprint(m.path, m.path.string())}}.dump();
    } else {
      if (row.model.base_model.empty()) row.model.base_model = params.base_model;
      if (row.model.base_model.empty())
        throw Error(m.path.string() + ": a LoRA row needs the base model it applies to");
      if (m.identifier.empty())
        if (auto f = io::SafetensorsFile::open(m.path)) {
          auto it = (*f)->metadata().find("olis_identifier");
          if (it != (*f)->metadata().end() && !it->second.empty()) row.identifier = it->second;
        }
      row.label = !m.label.empty() ? m.label
                                   : source_name(m.path) + (m.lora_scale != 1.0 ? fmt::format(" ×{:g}", m.lora_scale) : "");
      row.model_key = nlohmann::json{{"kind", "lora"},
                                     {"model", fingerprint(row.model.base_model, row.model.base_model.string())},
                                     {"lora", fingerprint(m.path, m.path.string())},
                                     {"scale", m.lora_scale}}
                          .dump();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

CompareParams compare_params_for_project(const fs::path& project_dir) {
  auto p = value_or_throw(open_project_training(project_dir));
  CompareParams c;
  const auto subject = p.subject();
  // The project's validation prompts, with <new> where the identifier goes (each row renders its own), so
  // that the run's validation images can be reused.
  ProjectTraining with_placeholder = p;
  with_placeholder.project.subject.identifier = prompts::kPlaceholder;
  for (const auto& v : value_or_throw(validation_images(with_placeholder)))
    if (std::find(c.prompts.begin(), c.prompts.end(), v.prompt) == c.prompts.end()) c.prompts.push_back(v.prompt);
  c.seeds = {1000};
  c.seed_scheme = SeedScheme::PerPrompt;
  c.steps = p.settings.eval_steps;
  c.guidance = p.settings.regularization.guidance;
  c.precision = to_string(p.settings.precision);
  c.device = p.settings.device;
  c.base_model = p.settings.base_model;
  c.vocab_dir = p.settings.vocab_dir;
  c.identifier = subject.identifier;
  if (p.settings.resolution_px > 0) {
    c.width_px = c.height_px = p.settings.resolution_px;
  } else {
    // The model's default resolution, as the run's newest validation round recorded it.
    const auto steps = list_validation_steps(p.settings.output_dir);
    if (!steps.empty())
      if (auto round = read_validation_round(validation_round_dir(p.settings.output_dir, steps.back()));
          round && round->parameters.is_object()) {
        c.width_px = round->parameters.value("width", 0);
        c.height_px = round->parameters.value("height", 0);
      }
  }
  return c;
}

namespace {

std::string cell_key(const CompareRow& row, const CompareParams& params, const std::string& prompt, uint64_t seed) {
  nlohmann::json j{{"model", row.model_key},          {"prompt", prompt},
                   {"seed", std::to_string(seed)},    {"sampler", "ddim"},
                   {"steps", params.steps},           {"guidance", params.guidance},
                   {"width", row.width_px},           {"height", row.height_px},
                   {"negative_prompt", params.negative_prompt}, {"precision", params.precision}};
  return sha256_hex(j.dump()).substr(0, 32);
}

bool same_parameters(const nlohmann::json& v, const CompareParams& params, const CompareRow& row) {
  if (!v.is_object()) return false;
  try {
    return v.value("sampler", "") == "ddim" && v.value("steps", -1) == params.steps &&
           std::abs(v.value("guidance", -1.0) - params.guidance) < 1e-9 && v.value("negative_prompt", "x") == params.negative_prompt &&
           v.value("precision", "") == params.precision && v.value("width", -1) == row.width_px &&
           v.value("height", -1) == row.height_px;
  } catch (const nlohmann::json::exception&) {
    return false;  // a hand-edited file with other types
  }
}

void copy_atomic(const fs::path& from, const fs::path& to) {
  auto bytes = read_text_file(from);
  if (!bytes) throw Error(bytes.error().message());
  write_file_atomic(to, *bytes);
}

}  // namespace

CompareJob::CompareJob(CompareParams params, CompareRendererFactory renderers)
    : params_(std::move(params)), renderers_(std::move(renderers)) {
  if (params_.cache_dir.empty()) params_.cache_dir = params_.out_dir / "cells";
}

std::string CompareJob::name() const {
  return fmt::format("Compare {} models × {} prompts", params_.models.size(), params_.prompts.size());
}

void CompareJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  const auto& p = params_;
  if (p.models.empty()) throw Error("the compare grid has no rows: add a model, a checkpoint or a LoRA file");
  if (p.prompts.empty()) throw Error("the compare grid has no columns: add a prompt");
  if (p.seeds.empty()) throw Error("the compare grid needs at least one seed");
  if (p.steps < 1) throw Error("the compare grid needs at least one sampling step");
  if (p.out_dir.empty()) throw Error("the compare grid needs an output folder");
  result_ = CompareResult{};
  result_.rows = plan_compare_rows(p);
  fs::create_directories(p.out_dir);
  fs::create_directories(p.cache_dir);
  const int columns = static_cast<int>(p.prompts.size()), per_cell = static_cast<int>(p.seeds.size());
  ProgressReporter progress(callbacks, static_cast<int64_t>(result_.rows.size()) * columns * per_cell);
  int64_t done = 0;
  for (int r = 0; r < static_cast<int>(result_.rows.size()); ++r) {
    auto& row = result_.rows[r];
    std::unique_ptr<CompareRenderer> renderer;
    auto ensure_renderer = [&] {
      if (renderer) return;
      cancel.throw_if_cancelled();
      callbacks.emit_log("Loading " + row.label);
      renderer = renderers_(row, p, callbacks);
      if (row.width_px <= 0 || row.height_px <= 0) std::tie(row.width_px, row.height_px) = renderer->default_size_px();
    };
    if (row.width_px <= 0 || row.height_px <= 0) ensure_renderer();
    std::optional<ValidationRound> round;
    if (p.reuse && !row.validation_dir.empty()) {
      auto vr = read_validation_round(row.validation_dir);
      if (vr && same_parameters(vr->parameters, p, row)) round = std::move(*vr);
    }
    for (int j = 0; j < columns; ++j) {
      for (int k = 0; k < per_cell; ++k) {
        CompareCell cell;
        cell.row = r;
        cell.column = j;
        cell.index = k;
        cell.prompt = prompts::render_caption(p.prompts[j], row.identifier);
        cell.seed = compare_seed(p, j, k);
        cell.image = p.cache_dir / (cell_key(row, p, cell.prompt, cell.seed) + ".png");
        std::error_code ec;
        std::optional<fs::path> match;
        if (round)
          for (const auto& im : round->images)
            if (im.seed == cell.seed && im.prompt == cell.prompt && fs::exists(round->dir / im.file, ec)) match = round->dir / im.file;
        if (p.reuse && fs::exists(cell.image, ec)) {
          cell.source = CellSource::Cache;
          if (match) cell.reused_from = *match;
          ++result_.reused;
        } else if (match) {
          copy_atomic(*match, cell.image);
          cell.source = CellSource::Validation;
          cell.reused_from = *match;
          ++result_.reused;
        } else {
          ensure_renderer();
          cancel.throw_if_cancelled();
          auto image = renderer->render(cell.prompt, cell.seed, row.width_px, row.height_px, cancel);
          sampling::GenerationInfo info;
          info.prompt = cell.prompt;
          info.negative_prompt = row.model.kind == CompareModelKind::Checkpoint ? "" : p.negative_prompt;
          info.steps = p.steps;
          info.sampler = "DDIM";
          info.cfg_scale = p.guidance;
          info.seed = cell.seed;
          info.width = image.width;
          info.height = image.height;
          info.model_name = row.label;
          io::save_png(cell.image, image, {{"parameters", sampling::format_a1111_parameters(info)}});
          cell.source = CellSource::Rendered;
          ++result_.rendered;
          PreviewImage preview{image.width, image.height, image.rgb};
          callbacks.emit_preview(preview);
        }
        result_.cells.push_back(std::move(cell));
        progress.step(++done);
      }
    }
  }
  callbacks.emit_log(fmt::format("{} cells drawn, {} reused", result_.rendered, result_.reused));
  const int cell_px = compare_cell_px(p, result_);
  const auto grid = compose_compare_grid(p, result_, cell_px);
  result_.grid_png = p.out_dir / "grid.png";
  result_.grid_json = p.out_dir / "grid.json";
  io::save_png(result_.grid_png, grid);
  write_file_atomic(result_.grid_json, compare_to_json(p, result_, cell_px).dump(2) + "\n");
  callbacks.emit_log("Compare grid: " + result_.grid_png.string());
}

nlohmann::json compare_to_json(const CompareParams& p, const CompareResult& result, int cell_px) {
  nlohmann::json j;
  j["schema"] = "olis-compare/1";
  j["sampler"] = "ddim";
  j["steps"] = p.steps;
  j["guidance"] = p.guidance;
  j["negative_prompt"] = p.negative_prompt;
  j["seeds"] = nlohmann::json::array();
  for (auto s : p.seeds) j["seeds"].push_back(s);
  j["seed_scheme"] = to_string(p.seed_scheme);
  j["width"] = p.width_px;
  j["height"] = p.height_px;
  j["device"] = p.device;
  j["precision"] = p.precision;
  j["prompts"] = p.prompts;
  j["grid"] = "grid.png";
  j["cell_px"] = cell_px;
  j["rows"] = nlohmann::json::array();
  for (const auto& r : result.rows) {
    nlohmann::json row{{"label", r.label},
                       {"kind", to_string(r.model.kind)},
                       {"path", r.model.path.string()},
                       {"identifier", r.identifier},
                       {"width", r.width_px},
                       {"height", r.height_px}};
    if (r.model.kind == CompareModelKind::Checkpoint) {
      row["step"] = r.step;
      row["checkpoint"] = r.checkpoint.string();
      row["validation"] = r.validation_dir.string();
    }
    if (r.model.kind == CompareModelKind::LoraFile) {
      row["base_model"] = r.model.base_model.string();
      row["lora_scale"] = r.model.lora_scale;
    }
    j["rows"].push_back(row);
  }
  j["cells"] = nlohmann::json::array();
  for (const auto& c : result.cells) {
    nlohmann::json cell{{"row", c.row},     {"column", c.column},          {"index", c.index},
                        {"prompt", c.prompt}, {"seed", c.seed},             {"image", c.image.string()},
                        {"source", to_string(c.source)}};
    if (!c.reused_from.empty()) cell["reused_from"] = c.reused_from.string();
    j["cells"].push_back(cell);
  }
  j["rendered"] = result.rendered;
  j["reused"] = result.reused;
  return j;
}

Expected<nlohmann::json> read_compare_json(const fs::path& file) {
  auto text = read_text_file(file);
  if (!text) return tl::unexpected(text.error());
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("schema", "") != "olis-compare/1")
    return fail(file.string() + ": not a compare grid description (schema olis-compare/1)");
  return j;
}

}  // namespace olis::jobs
