#include "core/eval/clip_text_embedder.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "core/io/weights_format.h"
#include "core/util/error.h"
#include "core/util/json_util.h"

namespace olis::eval {
namespace fs = std::filesystem;

TextEmbedder make_clip_text_embedder(text::ClipTextModel model, text::ClipTokenizer tokenizer) {
  if (model->config().projection_dim <= 0)
    throw Error("CLIP-T needs a CLIP text tower with text_projection (CLIPTextModelWithProjection)");
  return [model, tokenizer](const std::vector<std::string>& prompts) mutable {
    const int64_t n = static_cast<int64_t>(prompts.size());
    const int64_t len = tokenizer.max_length();
    std::vector<int64_t> ids;
    ids.reserve(static_cast<size_t>(n * len));
    for (const auto& p : prompts) {
      auto row = tokenizer.encode(p);  // truncated to 75 text tokens, as clip.tokenize(truncate=True)
      ids.insert(ids.end(), row.begin(), row.end());
    }
    compat::InferenceGuard guard;
    const auto device = model->text_model->final_layer_norm->weight.device();
    auto t = torch::tensor(ids, torch::kInt64).view({n, len}).to(device);
    return model->forward(t).text_embeds.to(torch::kCPU);  // [N, P], on the device of the model
  };
}

text::ClipTextModel load_clip_text_tower(const fs::path& folder) {
  fs::path file;
  for (const char* name : {"model.safetensors", "model.safetensors.index.json"})
    if (fs::exists(folder / name)) {
      file = folder / name;
      break;
    }
  if (file.empty())
    throw Error(io::missing_safetensors_message(folder, fmt::format("{}: no model.safetensors with the CLIP text tower", folder.string())));
  auto all = value_or_throw(io::load_safetensors(file));
  io::TensorMap weights;
  for (const auto& [k, v] : all)
    if (k.rfind("text_model.", 0) == 0 || k == "text_projection.weight") weights[k] = v;
  if (!weights.count("text_projection.weight") || !weights.count("text_model.embeddings.token_embedding.weight"))
    throw Error(fmt::format("{}: no text_model.* / text_projection.weight: CLIP-T needs the CLIP text tower with its "
                            "projection", file.string()));
  text::ClipTextConfig cfg;
  if (fs::exists(folder / "config.json")) {
    // A clip-vit-* folder's CLIPConfig nests the text part, and transformers writes only the values that
    // differ from its defaults there: the sizes come from the weights, the rest (heads, activation, eos)
    // from the file.
    cfg = text::clip_text_config_from_json(value_or_throw(load_json_file(folder / "config.json")), true,
                                           (folder / "config.json").string());
    const auto& tok = weights.at("text_model.embeddings.token_embedding.weight");  // [V, D]
    cfg.vocab_size = tok.size(0);
    cfg.hidden_size = tok.size(1);
    if (auto it = weights.find("text_model.embeddings.position_embedding.weight"); it != weights.end())
      cfg.max_positions = it->second.size(0);
    if (auto it = weights.find("text_model.encoder.layers.0.mlp.fc1.weight"); it != weights.end())
      cfg.intermediate_size = it->second.size(0);
    int64_t layers = 0;
    while (weights.count(fmt::format("text_model.encoder.layers.{}.mlp.fc1.weight", layers))) ++layers;
    if (layers > 0) cfg.num_layers = layers;
    if (cfg.num_heads <= 0 || cfg.hidden_size % cfg.num_heads != 0) cfg.num_heads = std::max<int64_t>(1, cfg.hidden_size / 64);
  } else {
    cfg = text::detect_clip_text_config(weights, text::ClipActivation::QuickGelu, file.string());
  }
  cfg.projection_dim = weights.at("text_projection.weight").size(0);  // a CLIPConfig keeps it at the top level
  spdlog::info("{}: CLIP text tower {}", file.string(), cfg.summary());
  return text::make_clip_text_model(cfg, weights, file.string());
}

TextEmbedder load_clip_text_embedder(const fs::path& clip_folder, const fs::path& tokenizer_folder,
                                     const torch::Device& device) {
  auto model = load_clip_text_tower(clip_folder);
  model->to(device);
  auto tokenizer = value_or_throw(text::ClipTokenizer::load_folder(tokenizer_folder.empty() ? clip_folder : tokenizer_folder));
  return make_clip_text_embedder(model, tokenizer);
}

}  // namespace olis::eval
