#pragma once
// The content-addressed cache of regularization images. Generating 2000 images is the method's main
// cost, and 80 % of a set (the photographic and styled prompts) depends only on the base model and the
// subject's class, not on the subject, so the images live in a shared folder keyed by what determines
// them:
//   <cache root>/<sha256 of the key>/   (default root: $XDG_DATA_HOME/olis/regsets, else ~/.local/share/olis/regsets)
//     key.json                 the key in readable form; a folder whose key.json differs is never used
//     images/<name>.png        one image per (prompt, seed): <name> = regset_image_name(prompt, seed),
//                              with the prompt and seed in the PNG's "parameters" text as well
//     latents/<model>/<name>.safetensors  optional VAE latents of the training model
// The key holds everything besides the prompt and the seed that changes pixels (model, precision,
// sampler, steps, guidance, size, negative prompt) and what decides which prompts and seeds a set has
// (prior, class, kind, pools version, set seed). An image's name holds its prompt and seed, so an
// image can only be found by the prompt it was made from: a second subject of the same class and model
// finds the 80 % it shares, and edited captions regenerate only the images whose prompts changed.
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace olis::jobs {

struct RegSetKey {
  std::string prior = "structured";  // "structured" or "class" (RegPrior)
  std::string model_hash;            // model_fingerprint() of the generating model
  std::string precision = "fp32";    // weights' dtype when generating: fp32, bf16, fp16
  std::string tokenizer_hash;        // the vocab_dir's vocab.json + merges.txt when one is set ("" otherwise)
  std::string sampler = "ddim";
  int steps = 50;
  double guidance = 7.5;
  int width_px = 512;
  int height_px = 512;
  std::string negative_prompt;
  std::string class_noun;      // "stuffed animal"
  std::string specific_class;  // "bear plushie" ("" = class noun; always "" for the class prior)
  std::string kind;            // "object", "living", "person" ("" for the class prior)
  std::string pool_version;    // version of the prompt pools ("" for the class prior, which uses none)
  uint64_t seed = 1;           // the set's sampling seed

  nlohmann::json to_json() const;
  static Expected<RegSetKey> from_json(const nlohmann::json& j, const std::string& label);
  std::string digest() const;  // sha256 of the canonical JSON of the fields above
  bool operator==(const RegSetKey& o) const { return to_json() == o.to_json(); }
};

std::filesystem::path default_regset_cache_root();
std::filesystem::path regset_dir(const std::filesystem::path& cache_root, const RegSetKey& key);
// "<32 hex digits>.png": the first 128 bits of sha256(prompt, seed).
std::string regset_image_name(const std::string& prompt, uint64_t seed);

// Identifies a base model without reading gigabytes: SHA-256 over every weights file's name, size and
// safetensors header (which lists every tensor's name, dtype, shape and offsets) plus the config files.
// A folder or a single file. Errors name the path.
Expected<std::string> model_fingerprint(const std::filesystem::path& model_path);
// SHA-256 of a tokenizer folder's vocab.json and merges.txt. Errors name the folder.
Expected<std::string> tokenizer_fingerprint(const std::filesystem::path& vocab_dir);

}  // namespace olis::jobs
