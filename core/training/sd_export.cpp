#include "core/training/sd_export.h"

#include <fmt/format.h>

#include "core/models/state_dict.h"
#include "core/training/sd_trainable_model.h"
#include "core/training/single_file_export.h"
#include "core/util/atomic_file.h"

namespace olis::training {

namespace fs = std::filesystem;

namespace {

io::TensorMap cpu_copy(const io::TensorMap& m) {
  io::TensorMap out;
  for (const auto& [k, v] : m) out[k] = v.detach().to(torch::kCPU).contiguous();
  return out;
}

nlohmann::json clip_config_json(const text::ClipTextConfig& c, const std::string& cls) {
  return nlohmann::json{{"_name_or_path", "olis"},
                        {"architectures", {cls}},
                        {"model_type", "clip_text_model"},
                        {"vocab_size", c.vocab_size},
                        {"hidden_size", c.hidden_size},
                        {"intermediate_size", c.intermediate_size},
                        {"num_hidden_layers", c.num_layers},
                        {"num_attention_heads", c.num_heads},
                        {"max_position_embeddings", c.max_positions},
                        {"projection_dim", c.projection_dim > 0 ? c.projection_dim : c.hidden_size},
                        {"layer_norm_eps", c.layer_norm_eps},
                        {"hidden_act", c.activation == text::ClipActivation::QuickGelu ? "quick_gelu" : "gelu"},
                        {"eos_token_id", 2},
                        {"bos_token_id", 0},
                        {"pad_token_id", 1},
                        {"torch_dtype", "float32"}};
}

void write_json(const fs::path& p, const nlohmann::json& j) {
  fs::create_directories(p.parent_path());
  write_file_atomic(p, j.dump(2) + "\n");
}

}  // namespace

std::vector<ExportedFile> export_full_finetune(SdTrainableModel& model, const fs::path& dir, const ExportMetadata& metadata) {
  torch::NoGradGuard no_grad;
  const fs::path folder = dir / "diffusers";
  fs::create_directories(folder);
  std::map<std::string, io::TensorMap> components;
  components["unet"] = cpu_copy(models::state_dict(*model.unet()));
  components["vae"] = cpu_copy(models::state_dict(*model.vae()));
  for (auto& tower : model.text_stack().towers) {
    auto sd = cpu_copy(models::state_dict(*tower.encoder));
    // The identifier rows (LoRA mode) are merged only into exports, never into the live model.
    auto& emb = tower.encoder->embeddings();
    if (!emb->trainable_rows().empty()) {
      auto& w = sd.at("text_model.embeddings.token_embedding.weight");
      w = w.clone();
      w.index_add_(0, torch::tensor(emb->trainable_rows(), torch::kInt64), emb->row_delta().detach().to(torch::kCPU, w.scalar_type()));
    }
    components[tower.name] = sd;
  }

  // diffusers folder ("format": "pt" is what transformers requires of a safetensors file with metadata)
  io::WriteOptions w;
  w.metadata = metadata;
  w.metadata["format"] = "pt";
  const auto& src = model.source();
  write_json(folder / "unet" / "config.json", model.unet()->config().to_json());
  io::save_safetensors(folder / "unet" / "diffusion_pytorch_model.safetensors", components["unet"], w);
  write_json(folder / "vae" / "config.json", model.vae()->config().to_json());
  io::save_safetensors(folder / "vae" / "diffusion_pytorch_model.safetensors", components["vae"], w);
  const bool sdxl = model.family() == io::ModelFamily::SDXL;
  for (auto& tower : model.text_stack().towers) {
    auto cfg = src.component_config(tower.name);
    const bool proj = tower.encoder->config().projection_dim > 0;
    write_json(folder / tower.name / "config.json",
               cfg ? *cfg : clip_config_json(tower.encoder->config(), proj ? "CLIPTextModelWithProjection" : "CLIPTextModel"));
    io::save_safetensors(folder / tower.name / "model.safetensors", components[tower.name], w);
    const std::string tok = tower.name == "text_encoder" ? "tokenizer" : "tokenizer_2";
    fs::create_directories(folder / tok);
    for (const auto& f : {tower.tokenizer.vocab_path(), tower.tokenizer.vocab_path().parent_path() / "merges.txt"})
      if (fs::exists(f)) fs::copy_file(f, folder / tok / f.filename(), fs::copy_options::overwrite_existing);
    if (auto td = src.tokenizer_dir(tok))
      for (const char* name : {"tokenizer_config.json", "special_tokens_map.json", "merges.txt", "vocab.json"})
        if (fs::exists(*td / name)) fs::copy_file(*td / name, folder / tok / name, fs::copy_options::overwrite_existing);
  }
  if (auto sched = src.scheduler_config()) write_json(folder / "scheduler" / "scheduler_config.json", *sched);
  nlohmann::json index = src.model_index().value_or(nlohmann::json{
      {"_class_name", sdxl ? "StableDiffusionXLPipeline" : "StableDiffusionPipeline"}, {"_diffusers_version", "0.26.3"}});
  index["unet"] = {"diffusers", "UNet2DConditionModel"};
  index["vae"] = {"diffusers", "AutoencoderKL"};
  for (auto& tower : model.text_stack().towers) {
    const bool proj = tower.encoder->config().projection_dim > 0;
    index[tower.name] = {"transformers", proj ? "CLIPTextModelWithProjection" : "CLIPTextModel"};
    index[tower.name == "text_encoder" ? "tokenizer" : "tokenizer_2"] = {"transformers", "CLIPTokenizer"};
  }
  write_json(folder / "model_index.json", index);

  // single file
  std::optional<io::TensorMap> original;
  if (src.info().layout == io::ModelLayout::SingleFile)
    if (auto o = io::load_safetensors(src.info().path)) original = std::move(*o);
  auto single = diffusers_to_single_file(components, model.family(), original ? &*original : nullptr);
  io::save_safetensors(dir / "model.safetensors", single, w);
  return {{"diffusers_folder", folder}, {"single_file", dir / "model.safetensors"}};
}

}  // namespace olis::training
