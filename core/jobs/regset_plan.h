#pragma once
// The regularization set of a project, as its settings and captions define it now: which prompts and
// seeds, in which cache folder, and where each image is. `olis-cli regset` computes it to make the images
// and training computes it again to find them, so training always uses the set the project describes
// (change the class, the kind, the count or a caption, and the set changes with it).
//   structured: the paper's set (core/prompts/prompt_set.h), 20 / 60 / 20;
//   class:      "a [class noun]" `count` times (DreamBooth's prior);
//   none:       no set.
#include <string>

#include "core/jobs/project_training.h"
#include "core/jobs/regset_job.h"
#include "core/prompts/pools.h"
#include "core/training/reg_prompts.h"

namespace olis::jobs {

// What a plan needs to know of the models; plan_project_regset reads it from their files.
struct RegSetModelFacts {
  std::string model_hash;           // model_fingerprint() of the generating model
  int size_px = 512;                // image width and height
  std::string tokenizer_hash;       // tokenizer_fingerprint(vocab_dir) when the settings name one
  std::string training_model_hash;  // model_fingerprint() of the base model (names the latent cache)
};

// The generating model: regularization.model, else the base model.
std::filesystem::path regset_model_path(const ProjectTraining& p);

// Reads no file. Throws olis::Error for an unusable subject (check_subject) or settings.
RegSetPlan plan_regset(const ProjectTraining& p, const prompts::PoolSet& pools, const RegSetModelFacts& facts);

// Fingerprints the models (headers and configs only, no weights) and picks the image size:
// regularization.size; else, with the base model, `resolution` or the base model's usual size; with
// another model, that model's usual size (SD 1.x 512, SD 2.x 512 / 768 for v-prediction, SDXL 1024).
RegSetModelFacts regset_model_facts(const ProjectTraining& p);

// plan_regset with the built-in pools and the facts of the project's models.
RegSetPlan plan_project_regset(const ProjectTraining& p);

// The regularization examples of a plan for training (with the structured renderer's adjective dropout,
// and each image's cached latents when the plan has a latent folder and they exist). Empty for an empty
// plan. Throws olis::Error saying to run `olis-cli regset PROJECT` when images are missing.
training::RegularizationSet regularization_examples(const RegSetPlan& plan, const ProjectTraining& p);
// regularization_examples(plan_project_regset(p), p).
training::RegularizationSet project_regularization_set(const ProjectTraining& p);

}  // namespace olis::jobs
