#include "core/jobs/personalize_job.h"

#include <fmt/format.h>

#include "core/eval/caption_suggestions.h"
#include "core/eval/checkpoint_metrics.h"
#include "core/jobs/compare.h"
#include "core/jobs/project_captions.h"
#include "core/jobs/project_training.h"
#include "core/jobs/regset_cache.h"
#include "core/jobs/regset_plan.h"
#include "core/prompts/pools.h"
#include "core/training/checkpoint.h"
#include "core/util/atomic_file.h"
#include "core/util/file_lock.h"
#include "core/util/json_util.h"

namespace olis::jobs {

namespace fs = std::filesystem;

const char* to_string(PersonalizeStage stage) {
  switch (stage) {
    case PersonalizeStage::Captions: return "captions";
    case PersonalizeStage::RegularizationSet: return "regularization_set";
    case PersonalizeStage::Training: return "training";
    case PersonalizeStage::Export: return "export";
    case PersonalizeStage::SampleGrid: return "sample_grid";
  }
  return "captions";
}

const char* to_string(StageState state) {
  switch (state) {
    case StageState::Pending: return "pending";
    case StageState::Running: return "running";
    case StageState::Done: return "done";
    case StageState::Skipped: return "skipped";
    case StageState::Failed: return "failed";
    case StageState::Cancelled: return "cancelled";
  }
  return "pending";
}

namespace {

std::optional<StageState> parse_state(const std::string& s) {
  for (auto st : {StageState::Pending, StageState::Running, StageState::Done, StageState::Skipped, StageState::Failed,
                  StageState::Cancelled})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

bool finished(StageState s) { return s == StageState::Done || s == StageState::Skipped; }

PersonalizeState parse_state_json(const nlohmann::json& j, const std::string& label) {
  PersonalizeState st;
  if (!j.is_object()) throw Error(label + ": not a JSON object");
  const auto stages = j.value("stages", nlohmann::json::object());
  for (auto stage : kPersonalizeStages) {
    const auto it = stages.find(to_string(stage));
    if (it == stages.end() || !it->is_object()) continue;
    StageRecord r;
    auto state = parse_state(it->value("state", "pending"));
    if (!state) throw Error(fmt::format("{}: stage '{}' has an unknown state", label, to_string(stage)));
    // A stage that was running when the process died starts again.
    r.state = *state == StageState::Running ? StageState::Pending : *state;
    r.message = it->value("message", "");
    st.stages[stage] = r;
  }
  if (j.contains("exported_step") && j["exported_step"].is_number_integer()) st.exported_step = j["exported_step"].get<int64_t>();
  for (const auto& e : j.value("exported", nlohmann::json::array()))
    st.exported.push_back({e.value("format", ""), e.value("path", "")});
  st.grid = j.value("grid", "");
  if (j.contains("grid_step") && j["grid_step"].is_number_integer()) st.grid_step = j["grid_step"].get<int64_t>();
  return st;
}

}  // namespace

bool PersonalizeState::finished() const {
  for (auto stage : kPersonalizeStages) {
    auto it = stages.find(stage);
    if (it == stages.end() || !jobs::finished(it->second.state)) return false;
  }
  return true;
}

Expected<PersonalizeState> read_personalize_state(const fs::path& project_dir) {
  auto settings = load_train_settings(project_dir / kTrainSettingsFileName);
  if (!settings) return tl::unexpected(settings.error());
  const auto file = settings->output_dir / kPersonalizeStateFile;
  std::error_code ec;
  if (!fs::exists(file, ec)) return PersonalizeState{};
  auto j = load_json_file(file);
  if (!j) return tl::unexpected(j.error());
  try {
    return parse_state_json(*j, file.string());
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

PersonalizeJob::PersonalizeJob(fs::path project_dir, PersonalizeOptions options)
    : dir_(std::move(project_dir)), options_(std::move(options)) {
  if (auto s = load_train_settings(dir_ / kTrainSettingsFileName)) output_dir_ = s->output_dir;
}

std::string PersonalizeJob::name() const { return "Personalize " + fs::absolute(dir_).filename().string(); }

void PersonalizeJob::save_state() const {
  nlohmann::json j;
  j["schema"] = "olis-personalize/1";
  for (auto stage : kPersonalizeStages) {
    auto it = state_.stages.find(stage);
    const StageRecord r = it == state_.stages.end() ? StageRecord{} : it->second;
    j["stages"][to_string(stage)] = {{"state", to_string(r.state)}, {"message", r.message}};
  }
  if (state_.exported_step) j["exported_step"] = *state_.exported_step;
  j["exported"] = nlohmann::json::array();
  for (const auto& e : state_.exported) j["exported"].push_back({{"format", e.format}, {"path", e.path.string()}});
  j["grid"] = state_.grid.string();
  if (state_.grid_step) j["grid_step"] = *state_.grid_step;
  fs::create_directories(output_dir_);
  write_file_atomic(output_dir_ / kPersonalizeStateFile, j.dump(2) + "\n");
}

void PersonalizeJob::set_stage(PersonalizeStage stage, StageState state, const std::string& message) {
  auto& r = state_.stages[stage];
  r.state = state;
  r.message = message;
  save_state();
  if (options_.on_stage) options_.on_stage(stage, r);
}

void PersonalizeJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  auto p = value_or_throw(open_project_training(dir_));
  if (!options_.device.empty()) p.settings.device = options_.device;
  output_dir_ = p.settings.output_dir;
  if (auto s = read_personalize_state(dir_)) state_ = *s;
  else callbacks.emit_log("Starting over: " + s.error().message());
  auto done = [&](PersonalizeStage s) {
    auto it = state_.stages.find(s);
    return it != state_.stages.end() && finished(it->second.state);
  };
  auto log = [&](const std::string& line) { callbacks.emit_log(line); };
  const fs::path ckpt_dir = p.settings.output_dir / "checkpoints";
  std::shared_ptr<training::SdTrainableModel> trained;  // loaded by training, reused by the export
  PersonalizeStage current = PersonalizeStage::Captions;
  try {
    // 1. Suggested captions for the photos that have none.
    if (!done(current)) {
      int empty = 0;
      for (const auto& ph : p.project.photos) empty += ph.caption.find_first_not_of(" \t\r\n") == std::string::npos;
      const auto& m = p.settings.metrics;
      if (!options_.suggest_captions) {
        set_stage(current, StageState::Skipped, "caption suggestions are turned off");
      } else if (empty == 0) {
        set_stage(current, StageState::Skipped, "every photo has a caption");
      } else if (m.clip.empty()) {
        set_stage(current, StageState::Skipped,
                  fmt::format("{} photo(s) without a caption use the default caption: no CLIP model is set (metrics: clip)", empty));
      } else {
        set_stage(current, StageState::Running);
        auto ev = eval::Evaluator::load({m.clip, m.clip_text, m.tokenizer, {}});
        if (!ev.has_text()) {
          set_stage(current, StageState::Skipped,
                    fmt::format("{} photo(s) without a caption use the default caption: the CLIP folder has no text tower", empty));
        } else {
          const auto pools = value_or_throw(prompts::load_pool_set({}));
          const auto s = eval::suggest_captions(ev, pools, p.subject(), project_photo_paths(p.dir, p.project));
          const int n = fill_empty_captions(p.project, s);
          if (auto ok = save_project(p.project, p.dir / kProjectFileName); !ok) throw ok.error();
          for (std::size_t i = 0; i < s.photos.size(); ++i)
            if (!s.photos[i].captions.empty()) log(fmt::format("{}: {}", s.photos[i].photo.filename().string(), p.project.photos[i].caption));
          set_stage(current, StageState::Done, fmt::format("{} caption(s) suggested", n));
        }
      }
    }
    cancel.throw_if_cancelled();

    // 2. The regularization set, from the class cache when it is complete there.
    current = PersonalizeStage::RegularizationSet;
    if (!done(current)) {
      const auto plan = plan_project_regset(p);
      if (plan.items.empty()) {
        set_stage(current, StageState::Skipped, "prior preservation is off (regularization.prior none or count 0)");
      } else {
        set_stage(current, StageState::Running);
        // Two subjects of one class share the set: the second waits for the first instead of failing on the
        // cache folder's lock, then finds the images there.
        FileLock lock(plan.dir.string() + ".lock", [&] {
          cancel.throw_if_cancelled();
          return true;
        });
        if (!lock.was_free()) log("Waited for another job that was filling the same regularization set");
        auto job = make_regset_job(p);  // loads the generating model only when an image is missing
        job->run(callbacks, cancel);
        set_stage(current, StageState::Done,
                  job->status().reused ? "reused from the class cache: " + plan.dir.string()
                                       : fmt::format("{} images generated", job->status().generated));
      }
    }
    cancel.throw_if_cancelled();

    // 3. Training with the sweep, resumed from the newest checkpoint.
    current = PersonalizeStage::Training;
    const int64_t total = p.settings.steps;
    auto checkpoints = training::list_checkpoints(ckpt_dir);
    if (!checkpoints.empty() && checkpoints.back().step >= total) {
      if (!done(current)) set_stage(current, StageState::Done, fmt::format("trained {} steps", checkpoints.back().step));
    } else {
      const std::string from = checkpoints.empty() ? std::string() : fmt::format("resumed from step {}", checkpoints.back().step);
      set_stage(current, StageState::Running, from);
      callbacks.emit_log("Loading " + p.settings.base_model.string());
      trained = load_project_model(p, true);
      TrainOverrides ov;
      ov.resume = !checkpoints.empty();
      auto job = make_train_job(p, trained, ov);
      job->run(callbacks, cancel);
      set_stage(current, StageState::Done, fmt::format("trained {} steps{}", total, from.empty() ? "" : ", " + from));
    }
    cancel.throw_if_cancelled();

    // 4. Export of the suggested checkpoint (else the newest).
    current = PersonalizeStage::Export;
    checkpoints = training::list_checkpoints(ckpt_dir);
    if (checkpoints.empty()) throw Error(ckpt_dir.string() + ": training left no checkpoint to export");
    int64_t step = checkpoints.back().step;
    bool suggested = false;
    if (auto records = eval::read_metrics_log(ckpt_dir / eval::kMetricsLogName); records && !records->empty())
      if (auto best = eval::suggest_existing_checkpoint(*records, ckpt_dir, {p.settings.metrics.clip_t_margin})) {
        step = best->step;
        suggested = true;
      }
    bool exported = done(current) && state_.exported_step == step && !state_.exported.empty();
    for (const auto& e : state_.exported) exported = exported && fs::exists(e.path);
    if (!exported) {
      set_stage(current, StageState::Running);
      if (!trained) trained = load_project_model(p, true);
      state_.exported = export_checkpoint(p, *trained, step).files;
      state_.exported_step = step;
      for (const auto& e : state_.exported) log("Exported " + e.format + ": " + e.path.string());
      set_stage(current, StageState::Done,
                fmt::format("step {}, the {} checkpoint", step, suggested ? "suggested" : "newest"));
    }
    const int resolution = trained ? p.resolution_px(*trained) : p.settings.resolution_px;
    trained.reset();  // free the weights before the grid loads the base model
    cancel.throw_if_cancelled();

    // 5. The sample grid: base model against the exported checkpoint, on the validation prompts.
    current = PersonalizeStage::SampleGrid;
    const fs::path grid_dir = p.settings.output_dir / "personalize";
    if (!(done(current) && state_.grid_step == step && fs::exists(state_.grid))) {
      auto cp = compare_params_for_project(p.dir);
      if (cp.prompts.empty()) {
        set_stage(current, StageState::Skipped, "no validation prompts (validation_prompts: 0)");
      } else {
        set_stage(current, StageState::Running);
        cp.device = p.settings.device;
        if (resolution > 0) cp.width_px = cp.height_px = resolution;
        CompareModel base{CompareModelKind::BaseModel, p.settings.base_model};
        base.label = "base model";
        CompareModel mine{CompareModelKind::Checkpoint, p.dir, step};
        mine.label = fmt::format("{}, step {}", p.dir.filename().string(), step);
        cp.models = {base, mine};
        cp.out_dir = grid_dir;
        cp.cache_dir = p.dir / "compare" / "cells";  // shared with the project's other grids
        CompareJob job(cp);
        job.run(callbacks, cancel);
        state_.grid = job.result().grid_png;
        state_.grid_step = step;
        set_stage(current, StageState::Done,
                  fmt::format("{} cells drawn, {} reused: {}", job.result().rendered, job.result().reused, state_.grid.string()));
      }
    }
  } catch (const JobCancelled&) {
    set_stage(current, StageState::Cancelled, "cancelled; starting again continues here");
    throw;
  } catch (const std::exception& e) {
    set_stage(current, StageState::Failed, e.what());
    throw;
  }
}

}  // namespace olis::jobs
