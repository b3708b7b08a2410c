#pragma once
// The content-addressed cache of regularization sets. Generating 2000 images is the method's main cost,
// and the set depends only on the base model and the subject's class, not on the subject, so it lives
// in a shared folder keyed by what determines it:
//   <cache root>/<sha256 of the key>/   (default root: $XDG_DATA_HOME/olis/regsets, else ~/.local/share/olis/regsets)
//     key.json         the key in readable form
//     manifest.jsonl   the prompt manifest with each finished image's path
//     images/<id>.png  the images
//     latents/<id>.safetensors  optional VAE latents and text embeddings
//     complete.json    written when every image exists
// A second subject of the same class and base model finds the folder and reuses it.
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace olis::jobs {

struct RegSetKey {
  std::string model_hash;      // model_fingerprint() of the base model
  std::string class_noun;      // "stuffed animal"
  std::string specific_class;  // "bear plushie" ("" = class noun)
  std::string kind;            // "object", "living", "person"
  std::string pool_version;    // version of the prompt pools the manifest was sampled from
  int64_t count = 2000;
  uint64_t seed = 1;

  nlohmann::json to_json() const;
  std::string digest() const;  // sha256 of the canonical JSON of the fields above
};

std::filesystem::path default_regset_cache_root();
std::filesystem::path regset_dir(const std::filesystem::path& cache_root, const RegSetKey& key);

// Identifies a base model without reading gigabytes: SHA-256 over every weights file's name, size and
// safetensors header (which lists every tensor's name, dtype, shape and offsets) plus the config files.
// A folder or a single file. Errors name the path.
Expected<std::string> model_fingerprint(const std::filesystem::path& model_path);

}  // namespace olis::jobs
