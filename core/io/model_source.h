#pragma once
// Opening a base model as users have them: a diffusers folder (model_index.json, unet/, vae/, text_encoder/,
// text_encoder_2/, tokenizer/, tokenizer_2/, scheduler/) or a single .safetensors file in the CompVis/LDM
// layout. Either way, components come out with diffusers key names; model code never sees LDM names.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/model_family.h"
#include "core/io/safetensors.h"

namespace olis::io {

enum class ModelLayout { DiffusersFolder, SingleFile };

struct ComponentSummary {
  std::string name;  // "unet", "vae", "text_encoder", "text_encoder_2"
  std::size_t tensor_count = 0;
  std::map<std::string, std::size_t> dtype_counts;  // "F32" -> 686
  int64_t parameter_count = 0;
  std::vector<std::filesystem::path> files;
  bool has_config = false;
};

struct ModelInfo {
  std::filesystem::path path;
  ModelLayout layout = ModelLayout::DiffusersFolder;
  ModelFamily family = ModelFamily::Unknown;
  PredictionType prediction = PredictionType::Epsilon;
  bool prediction_known = false;  // false: assumed (single files rarely record it)
  std::vector<ComponentSummary> components;
  std::vector<std::string> ignored_keys;  // single file: keys not used by any component
  std::vector<std::string> notes;         // things a user should know (assumptions, missing parts)
};

class ModelSource {
 public:
  // Reads headers and configs only; tensor data is mapped lazily. Errors name the file and the problem.
  static Expected<std::shared_ptr<ModelSource>> open(const std::filesystem::path& path);

  const ModelInfo& info() const { return info_; }
  ModelFamily family() const { return info_.family; }
  bool has_component(const std::string& name) const;
  // Tensors of one component with diffusers names (zero-copy views where possible).
  Expected<TensorMap> component_weights(const std::string& name) const;
  // The component's config.json, if the layout has one; models detect their config from shapes otherwise.
  std::optional<nlohmann::json> component_config(const std::string& name) const;
  std::optional<nlohmann::json> scheduler_config() const;
  std::optional<nlohmann::json> model_index() const;
  // "tokenizer" / "tokenizer_2": the folder holding vocab.json and merges.txt. For a single file, a folder of
  // that name next to the file is used.
  std::optional<std::filesystem::path> tokenizer_dir(const std::string& name) const;

 private:
  ModelSource() = default;
  Expected<void> open_folder();
  Expected<void> open_single_file();

  ModelInfo info_;
  std::map<std::string, std::filesystem::path> component_files_;  // folder layout: weights file or index
  std::map<std::string, nlohmann::json> configs_;
  std::shared_ptr<SafetensorsFile> single_file_;
  std::map<std::string, std::vector<TensorInfo>> single_file_infos_;  // per component, converted names
};

// The weights file of a diffusers component folder (prefers safetensors, then the sharded index; refuses
// pickle .bin files with an explanation).
Expected<std::filesystem::path> find_component_weights(const std::filesystem::path& component_dir);

std::string format_model_info(const ModelInfo& info);

}  // namespace olis::io
