#include "core/eval/clip_text_embedder.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
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
  if (file.empty()) throw Error(fmt::format("{}: no model.safetensors with the CLIP text tower", folder.string()));
  auto all = value_or_throw(io::load_safetensors(file));
  io::TensorMap weights;
  for (const auto& [k, v] : all)
    if (k.rfind("text_model.", 0) == 0 || k == "text_projection.weight") weights[k] = v;
  if (!weights.count("text_projection.weight"))
    throw Error(fmt::format("{}: no text_model.* / text_projection.weight: CLIP-T needs the CLIP text tower with its "
                            "projection", file.string()));
  text::ClipTextConfig cfg;
  if (fs::exists(folder / "config.json"))
    cfg = text::clip_text_config_from_json(value_or_throw(load_json_file(folder / "config.json")), true,
                                           (folder / "config.json").string());
  else
    cfg = text::detect_clip_text_config(weights, text::ClipActivation::QuickGelu, file.string());
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
