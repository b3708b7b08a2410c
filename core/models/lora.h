#pragma once
// LoRA: reading the file formats users have (diffusers, PEFT, kohya/A1111), binding them to the modules of any
// model tree by name, applying them merged into the weights or un-merged at runtime with a scale, and creating
// trainable adapters that export to both formats.
//
// Effective weight: W' = W + scale * (alpha / rank) * up @ down (alpha/rank = 1 when the file has no alpha).
// No key is dropped silently: keys that match no module, or whose shapes do not fit it, are an error.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/safetensors.h"
#include "core/models/layers.h"
#include "core/util/error.h"

namespace olis::models {

enum class LoraFormat { Diffusers, Peft, Kohya };
std::string to_string(LoraFormat f);

// One adapted module as stored in a file.
struct LoraEntry {
  std::string component;   // "unet", "text_encoder", "text_encoder_2" (diffusers/PEFT) or "" for kohya
  std::string name;        // diffusers module path (diffusers/PEFT) or the kohya base name ("lora_unet_...")
  torch::Tensor down;      // [r, in] or [r, in, kh, kw]
  torch::Tensor up;        // [out, r] or [out, r, 1, 1]
  double alpha = 0;        // 0: none in the file
  int64_t rank() const { return down.size(0); }
  double multiplier() const { return alpha > 0 ? alpha / static_cast<double>(rank()) : 1.0; }
};

struct LoraFile {
  std::filesystem::path path;
  LoraFormat format = LoraFormat::Diffusers;
  std::vector<LoraEntry> entries;
  // Word embeddings bundled in the file as A1111 reads them ("bundle_emb.<word>.…" keys, kept as they are;
  // text/word_embedding.h parses them), and the file's __metadata__.
  io::TensorMap bundled_embeddings;
  std::map<std::string, std::string> metadata;
};

// Parses a LoRA safetensors file. Keys of unknown or unsupported kinds (LoHa, LoKr, DoRA, ...) are an error.
Expected<LoraFile> read_lora(const std::filesystem::path& path);
LoraFile parse_lora(const io::TensorMap& tensors, const std::string& source);

// A module tree a LoRA may adapt. Its modules are found by name: the diffusers path under `component`
// ("unet.<path>"), and the kohya name "<kohya_prefix>_<path with . -> _>" for the path and for every alias
// that `aliases` gives (e.g. the LDM/SGM module path of a UNet module, as SDXL kohya files use).
struct LoraTargetTree {
  std::string component;                   // "unet", "text_encoder", "text_encoder_2"
  std::vector<std::string> kohya_prefixes; // e.g. {"lora_unet"}, {"lora_te", "lora_te1"}, {"lora_te2"}
  torch::nn::Module* root = nullptr;
  std::function<std::vector<std::string>(const std::string& module_path)> aliases;
};

enum class LoraMode { Merged, Runtime };

// A LoRA file bound to modules. Apply it merged (weights changed in place; remove() subtracts it again) or at
// runtime (adapters attached to Linear/Conv2d layers; the model's weights stay untouched; scale changes are free).
class LoraNetwork {
 public:
  // Throws olis::Error listing every entry that matches no module and every shape mismatch, naming the file.
  static std::shared_ptr<LoraNetwork> bind(const LoraFile& file, const std::vector<LoraTargetTree>& trees);

  void apply(LoraMode mode, double scale = 1.0);
  void set_scale(double scale);
  void remove();
  bool applied() const { return applied_; }
  LoraMode mode() const { return mode_; }
  double scale() const { return scale_->value; }
  size_t size() const { return bindings_.size(); }
  const std::filesystem::path& path() const { return path_; }

  struct Binding {
    std::string module_path;  // component.path
    torch::nn::Module* module = nullptr;
    LoraTarget* target = nullptr;      // null for plain torch::nn::Linear/Conv2d (merged mode only)
    torch::Tensor* weight = nullptr;
    std::shared_ptr<LoraAdapter> adapter;
  };
  const std::vector<Binding>& bindings() const { return bindings_; }

 private:
  void merge(double factor);
  std::filesystem::path path_;
  std::vector<Binding> bindings_;
  std::shared_ptr<LoraScale> scale_ = std::make_shared<LoraScale>();
  bool applied_ = false;
  LoraMode mode_ = LoraMode::Runtime;
  double merged_scale_ = 0;
};

// Which layers get trainable adapters: a module is chosen when its path ends with one of `module_suffixes`
// (e.g. "attn1.to_q", "to_k", "ff.net.0.proj", "proj_in"). Empty: every Linear.
struct LoraTrainOptions {
  int64_t rank = 32;
  double alpha = 32;
  std::vector<std::string> module_suffixes{"to_q", "to_k", "to_v", "to_out.0", "ff.net.0.proj", "ff.net.2"};
  uint64_t seed = 0;
  torch::ScalarType dtype = torch::kFloat32;  // adapters train in float32 even on a bf16 model
};

// Trainable LoRA adapters attached at runtime to layers of the given trees: down ~ kaiming-uniform, up = 0
// (so the model's output is unchanged at start). Export with save(); reload with read_lora + bind.
class TrainableLora {
 public:
  static std::shared_ptr<TrainableLora> inject(const std::vector<LoraTargetTree>& trees, const LoraTrainOptions& o);
  ~TrainableLora();
  std::vector<torch::Tensor> parameters() const;  // every down and up tensor (requires_grad)
  size_t size() const { return modules_.size(); }
  void detach_all();
  // Writes the adapters (atomically). Diffusers: "<component>.<path>.lora.down.weight" (+ ".alpha" keys when
  // alpha != rank); PEFT: "lora_A"/"lora_B"; Kohya: "<prefix>_<path_>.lora_down.weight" + ".alpha".
  void save(const std::filesystem::path& path, LoraFormat format) const;

 private:
  struct Item {
    std::string component, path, kohya_prefix;
    LoraTarget* target = nullptr;
    std::shared_ptr<LoraAdapter> adapter;
  };
  std::vector<Item> modules_;
  double alpha_ = 0;
};

// The kohya spelling of a module path: prefix + "_" + path with '.' replaced by '_'.
std::string kohya_name(const std::string& prefix, const std::string& module_path);

}  // namespace olis::models
