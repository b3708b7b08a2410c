#pragma once
// Compare grids (how the paper's Figures 1, 3 and 4 are made): rows are models (a base model, checkpoints
// of a project's run, LoRA files), columns are prompts, and every row of a column uses the same seeds, so
// that the rows differ only by the model. The result is one labelled PNG plus a JSON of every parameter:
//   <out_dir>/grid.png
//   <out_dir>/grid.json    {"schema": "olis-compare/1", the parameters, "rows": [...], "cells": [...]}
//   <cache_dir>/<key>.png  one file per cell, named by the hash of everything that determines it
// A cell is drawn only when no image with identical parameters exists: a run's validation images
// (validation/step-N with prompts.tsv and parameters.json) and cells of earlier grids are reused.
// Checkpoint rows sample as the run's validation does (DDIM, the trained model); base-model and LoRA rows
// with the text-to-image pipeline, also with DDIM.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/image_io.h"
#include "core/jobs/job.h"

namespace olis::jobs {

enum class CompareModelKind { BaseModel, Checkpoint, LoraFile };
const char* to_string(CompareModelKind kind);  // "base_model", "checkpoint", "lora"
std::optional<CompareModelKind> parse_compare_model_kind(const std::string& text);

struct CompareModel {
  CompareModel() = default;
  CompareModel(CompareModelKind k, std::filesystem::path p, std::optional<int64_t> s = std::nullopt)
      : kind(k), path(std::move(p)), step(s) {}

  CompareModelKind kind = CompareModelKind::BaseModel;
  // BaseModel: a diffusers folder or single file; Checkpoint: a project folder; LoraFile: the LoRA file.
  std::filesystem::path path;
  std::optional<int64_t> step;       // Checkpoint: nullopt = the run's suggested checkpoint, else its newest
  std::filesystem::path base_model;  // LoraFile: the model it applies to (default: CompareParams::base_model)
  double lora_scale = 1.0;
  std::string label;                 // shown left of the row (default: described from the source)
  std::string identifier;            // what <new> becomes (default: the project's, the LoRA's, else the grid's)
};

// PerPrompt: image k of column j uses seeds[k] + j (the validation convention, seeds 1000 + i), so a
// grid of a run's validation prompts reuses its validation images; Same: every cell uses `seeds` as given.
enum class SeedScheme { PerPrompt, Same };
const char* to_string(SeedScheme scheme);  // "per_prompt", "same"

struct CompareParams {
  std::vector<CompareModel> models;       // rows
  std::vector<std::string> prompts;       // columns; <new> becomes each row's identifier
  std::vector<uint64_t> seeds{1000};      // images per cell
  SeedScheme seed_scheme = SeedScheme::PerPrompt;
  std::string negative_prompt;            // base-model and LoRA rows only (checkpoint rows sample as validation does)
  int steps = 25;                         // DDIM steps
  double guidance = 7.5;
  int width_px = 0, height_px = 0;        // 0: each row's own (a run's resolution, a model's default size)
  std::string device = "auto";            // auto, cpu, cuda, cuda:1
  std::string precision = "fp32";         // fp32, bf16, fp16
  std::filesystem::path base_model;       // for LoRA rows without their own
  std::filesystem::path vocab_dir;        // CLIP tokenizer files for models without them
  std::string identifier = "olis";        // <new> of rows that have no identifier of their own
  std::filesystem::path out_dir;          // grid.png and grid.json
  std::filesystem::path cache_dir;        // cell images; default <out_dir>/cells
  int cell_px = 0;                        // cell width in grid.png; 0: the images' width, 192 to 512
  bool reuse = true;                      // false: draw every cell again
};

// A row as planned: defaults filled in, the checkpoint found.
struct CompareRow {
  CompareModel model;
  std::string label;
  std::string identifier;
  std::string model_key;                  // identity of the weights (fingerprints), part of each cell's key
  std::filesystem::path checkpoint;       // Checkpoint: the checkpoint file (empty when only validation images exist)
  int64_t step = -1;                      // Checkpoint: its step
  std::filesystem::path validation_dir;   // Checkpoint: validation/step-N of that step, when it exists
  int width_px = 0, height_px = 0;        // 0 until known (a model's default size needs the model)
};

enum class CellSource { Rendered, Validation, Cache };
const char* to_string(CellSource source);  // "rendered", "validation", "cache"

struct CompareCell {
  int row = 0, column = 0, index = 0;     // index: which of the cell's seeds
  std::string prompt;                     // as sampled (<new> replaced)
  uint64_t seed = 0;
  std::filesystem::path image;            // in cache_dir
  CellSource source = CellSource::Rendered;
  std::filesystem::path reused_from;      // Validation: the validation image
};

struct CompareResult {
  std::vector<CompareRow> rows;
  std::vector<CompareCell> cells;
  std::filesystem::path grid_png, grid_json;
  int rendered = 0, reused = 0;
};

// Draws the cells of one row; made once per row that needs drawing (loading its model).
class CompareRenderer {
 public:
  virtual ~CompareRenderer() = default;
  virtual std::pair<int, int> default_size_px() const = 0;  // width, height
  virtual io::Image render(const std::string& prompt, uint64_t seed, int width_px, int height_px, CancelToken& cancel) = 0;
};
using CompareRendererFactory =
    std::function<std::unique_ptr<CompareRenderer>(const CompareRow& row, const CompareParams& params, const JobCallbacks& callbacks)>;
// The real renderers: the trained model of a project for checkpoints, the text-to-image pipeline otherwise.
CompareRendererFactory default_compare_renderers();

// Fills in the rows (labels, identifiers, checkpoints, sizes known without loading a model). Throws
// olis::Error naming the row's file or project when it cannot be used.
std::vector<CompareRow> plan_compare_rows(const CompareParams& params);
// The seed of image `index` of column `column`.
uint64_t compare_seed(const CompareParams& params, int column, int index);

// The parameters of a project's validation rounds: its validation prompts (with <new>), seeds 1000 + i,
// the run's sampling steps, guidance and precision, device. Rows and out_dir are left to the caller.
CompareParams compare_params_for_project(const std::filesystem::path& project_dir);

class CompareJob : public Job {
 public:
  explicit CompareJob(CompareParams params, CompareRendererFactory renderers = default_compare_renderers());
  std::string name() const override;
  JobKind kind() const override { return JobKind::Generation; }
  std::filesystem::path output_dir() const override { return params_.out_dir; }
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;
  const CompareResult& result() const { return result_; }

 private:
  CompareParams params_;
  CompareRendererFactory renderers_;
  CompareResult result_;
};

// grid.json as written by CompareJob, and reading it back (for the GUI's cell view).
nlohmann::json compare_to_json(const CompareParams& params, const CompareResult& result, int cell_px);
Expected<nlohmann::json> read_compare_json(const std::filesystem::path& file);

}  // namespace olis::jobs
