#include "core/jobs/regset_plan.h"

#include <fmt/format.h>

#include "core/io/model_source.h"
#include "core/prompts/prompt_set.h"

namespace olis::jobs {

namespace fs = std::filesystem;

fs::path regset_model_path(const ProjectTraining& p) {
  const auto& r = p.settings.regularization;
  return r.model.empty() ? p.settings.base_model : r.model;
}

namespace {

bool same_model(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec)) return true;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

int usual_size_px(const fs::path& model) {
  auto source = value_or_throw(io::ModelSource::open(model));
  switch (source->family()) {
    case io::ModelFamily::SDXL: return 1024;
    case io::ModelFamily::SD2: return source->info().prediction == io::PredictionType::VPrediction ? 768 : 512;
    case io::ModelFamily::SD1: return 512;
    case io::ModelFamily::Unknown: break;
  }
  throw Error(model.string() + ": cannot tell which Stable Diffusion version this is (SD 1.x, 2.x or SDXL)");
}

}  // namespace

RegSetModelFacts regset_model_facts(const ProjectTraining& p) {
  const auto& s = p.settings;
  const auto& r = s.regularization;
  RegSetModelFacts f;
  const fs::path model = regset_model_path(p);
  const bool base = same_model(model, s.base_model);
  f.model_hash = value_or_throw(model_fingerprint(model));
  f.training_model_hash = base ? f.model_hash : value_or_throw(model_fingerprint(s.base_model));
  if (!s.vocab_dir.empty()) f.tokenizer_hash = value_or_throw(tokenizer_fingerprint(s.vocab_dir));
  if (r.size_px > 0) f.size_px = r.size_px;
  else if (base && s.resolution_px > 0) f.size_px = s.resolution_px;
  else f.size_px = usual_size_px(model);
  return f;
}

RegSetPlan plan_regset(const ProjectTraining& p, const prompts::PoolSet& pools, const RegSetModelFacts& facts) {
  const auto& s = p.settings;
  const auto& r = s.regularization;
  RegSetPlan plan;
  plan.manifest = r.manifest;
  if (r.prior == RegPrior::None || r.count == 0) return plan;
  if (r.count > 1000000) throw Error(fmt::format("regularization.count {} is too large (at most 1000000)", r.count));

  const auto subject = p.subject();
  RegSetKey k;
  k.prior = to_string(r.prior);
  k.model_hash = facts.model_hash;
  k.precision = to_string(s.precision);
  k.tokenizer_hash = facts.tokenizer_hash;
  k.sampler = r.sampler;
  k.steps = r.effective_steps();
  k.guidance = r.guidance;
  k.width_px = k.height_px = facts.size_px;
  k.negative_prompt = r.negative_prompt;
  k.class_noun = subject.class_noun;
  k.seed = r.seed;
  if (r.prior == RegPrior::Class) {
    plan.items = prompts::sample_class_prompt_set(subject, static_cast<int>(r.count), r.seed);
  } else {
    k.specific_class = subject.specific_class;
    k.kind = subject_kind_name(p.project.subject.kind);
    k.pool_version = pools.version;
    prompts::PromptSetParams params;
    params.subject = subject;
    for (const auto& ph : p.project.photos) params.captions.push_back(ph.caption);
    params.count = static_cast<int>(r.count);
    params.seed = r.seed;
    plan.items = prompts::sample_prompt_set(pools, params);
  }
  const fs::path root = r.cache_root.empty() ? default_regset_cache_root() : fs::path(r.cache_root);
  auto made = make_regset_plan(k, std::move(plan.items), root);
  made.manifest = plan.manifest;
  plan = std::move(made);
  if (r.cache_latents)
    plan.latents_dir = plan.dir / "latents" / (facts.training_model_hash.substr(0, 16) + "-" + to_string(s.precision));
  return plan;
}

RegSetPlan plan_project_regset(const ProjectTraining& p) {
  const auto& r = p.settings.regularization;
  if (r.prior == RegPrior::None || r.count == 0) return plan_regset(p, {}, {});
  const auto pools = r.prior == RegPrior::Structured ? value_or_throw(prompts::load_pool_set({})) : prompts::PoolSet{};
  return plan_regset(p, pools, regset_model_facts(p));
}

training::RegularizationSet regularization_examples(const RegSetPlan& plan, const ProjectTraining& p) {
  training::RegularizationSet set;
  if (plan.items.empty()) return set;
  std::vector<prompts::PromptSlots> slots;
  for (const auto& item : plan.items) {
    std::error_code ec;
    if (!fs::is_regular_file(item.image_path, ec)) {
      ++set.missing_images;
      continue;
    }
    training::RegExample ex{item.image_path, item.prompt, {}};
    if (!plan.latents_dir.empty() && fs::is_regular_file(plan.latents_path(item), ec)) ex.latents = plan.latents_path(item);
    set.examples.push_back(std::move(ex));
    slots.push_back(item.slots);
  }
  const std::string run = "run 'olis-cli regset " + p.dir.string() + "' (or the Train tab's first step)";
  if (set.examples.empty())
    throw Error(fmt::format("the regularization set of this project does not exist yet ({} images of {} in {}); {} first",
                            plan.items.size(), plan.key.specific_class.empty() ? plan.key.class_noun : plan.key.specific_class,
                            plan.dir.string(), run));
  if (set.missing_images > 0)
    throw Error(fmt::format("the regularization set is unfinished ({} of {} images missing, e.g. for \"{}\"); {} to "
                            "make them (captions or settings may have changed since it was made)",
                            set.missing_images, plan.items.size(), [&] {
                              for (const auto& item : plan.items)
                                if (!fs::exists(item.image_path)) return item.prompt;
                              return std::string();
                            }(), run));
  set.renderer = training::structured_prompt_renderer(std::move(slots), p.settings.dropout_p);
  return set;
}

training::RegularizationSet project_regularization_set(const ProjectTraining& p) {
  return regularization_examples(plan_project_regset(p), p);
}

}  // namespace olis::jobs
