#include "core/text/clip_text_config.h"

#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/util/json_util.h"

namespace olis::text {

ClipTextConfig ClipTextConfig::clip_vit_l14() { return {}; }

ClipTextConfig ClipTextConfig::open_clip_vit_h14() {
  ClipTextConfig c;
  c.hidden_size = 1024;
  c.intermediate_size = 4096;
  c.num_layers = 23;
  c.num_heads = 16;
  c.activation = ClipActivation::Gelu;
  return c;
}

ClipTextConfig ClipTextConfig::open_clip_vit_bigg14() {
  ClipTextConfig c;
  c.hidden_size = 1280;
  c.intermediate_size = 5120;
  c.num_layers = 32;
  c.num_heads = 20;
  c.projection_dim = 1280;
  c.activation = ClipActivation::Gelu;
  return c;
}

std::string ClipTextConfig::summary() const {
  return fmt::format("{} wide, {} layers, {} heads, MLP {}, {}, vocabulary {}, {} positions{}", hidden_size, num_layers,
                     num_heads, intermediate_size, activation == ClipActivation::Gelu ? "gelu" : "quick_gelu",
                     vocab_size, max_positions,
                     projection_dim > 0 ? fmt::format(", projection {}", projection_dim) : std::string());
}

ClipTextConfig clip_text_config_from_json(const nlohmann::json& j, bool with_projection, const std::string& label) {
  ClipTextConfig c;
  // A full CLIPConfig nests the text part.
  const nlohmann::json& t = j.contains("text_config") && j["text_config"].is_object() ? j["text_config"] : j;
  c.vocab_size = json_get<int64_t>(t, "vocab_size", c.vocab_size, label);
  c.hidden_size = json_get<int64_t>(t, "hidden_size", c.hidden_size, label);
  c.intermediate_size = json_get<int64_t>(t, "intermediate_size", c.intermediate_size, label);
  c.num_layers = json_get<int64_t>(t, "num_hidden_layers", c.num_layers, label);
  c.num_heads = json_get<int64_t>(t, "num_attention_heads", c.num_heads, label);
  c.max_positions = json_get<int64_t>(t, "max_position_embeddings", c.max_positions, label);
  c.layer_norm_eps = json_get<double>(t, "layer_norm_eps", c.layer_norm_eps, label);
  c.eos_token_id = json_get<int64_t>(t, "eos_token_id", c.eos_token_id, label);
  const auto act = json_get<std::string>(t, "hidden_act", "quick_gelu", label);
  if (act == "quick_gelu") c.activation = ClipActivation::QuickGelu;
  else if (act == "gelu") c.activation = ClipActivation::Gelu;
  else throw Error(fmt::format("{}: hidden_act '{}' is not supported (quick_gelu or gelu)", label, act));
  if (with_projection) c.projection_dim = json_get<int64_t>(t, "projection_dim", c.hidden_size, label);
  if (c.hidden_size <= 0 || c.num_heads <= 0 || c.hidden_size % c.num_heads != 0)
    throw Error(fmt::format("{}: hidden_size {} is not divisible by num_attention_heads {}", label, c.hidden_size,
                            c.num_heads));
  if (c.num_layers < 1 || c.intermediate_size < 1 || c.vocab_size < 1 || c.max_positions < 1)
    throw Error(fmt::format("{}: invalid sizes (layers {}, intermediate {}, vocabulary {}, positions {})", label,
                            c.num_layers, c.intermediate_size, c.vocab_size, c.max_positions));
  return c;
}

Expected<ClipTextConfig> read_clip_text_config(const std::filesystem::path& config_json, bool with_projection) {
  return load_json_as(config_json, [with_projection](const nlohmann::json& j, const std::string& label) {
    return clip_text_config_from_json(j, with_projection, label);
  });
}

ClipTextConfig detect_clip_text_config(const io::TensorMap& w, ClipActivation activation, const std::string& label) {
  const auto need = [&](const std::string& key, int64_t dims) -> const torch::Tensor& {
    auto it = w.find(key);
    if (it == w.end())
      throw Error(fmt::format("{}: not a CLIP text encoder: the weight '{}' is missing", label, key));
    if (it->second.dim() != dims)
      throw Error(fmt::format("{}: '{}' has {} dimensions, a CLIP text encoder has {}", label, key, it->second.dim(),
                              dims));
    return it->second;
  };
  ClipTextConfig c;
  c.activation = activation;
  const auto& tok = need("text_model.embeddings.token_embedding.weight", 2);
  c.vocab_size = tok.size(0);
  c.hidden_size = tok.size(1);
  c.max_positions = need("text_model.embeddings.position_embedding.weight", 2).size(0);
  c.intermediate_size = need("text_model.encoder.layers.0.mlp.fc1.weight", 2).size(0);
  std::set<int64_t> layers;
  const std::string prefix = "text_model.encoder.layers.";
  for (const auto& kv : w) {
    if (kv.first.rfind(prefix, 0) != 0) continue;
    const auto dot = kv.first.find('.', prefix.size());
    try {
      layers.insert(std::stoll(kv.first.substr(prefix.size(), dot - prefix.size())));
    } catch (const std::exception&) {
    }
  }
  c.num_layers = layers.empty() ? 0 : *layers.rbegin() + 1;
  if (auto it = w.find("text_projection.weight"); it != w.end()) c.projection_dim = it->second.size(0);
  if (c.hidden_size % 64 != 0)
    throw Error(fmt::format("{}: the text encoder is {} wide, which is not a multiple of 64, so its head count cannot "
                            "be told from the weights; put its config.json beside it",
                            label, c.hidden_size));
  c.num_heads = c.hidden_size / 64;
  spdlog::info("{}: detected a CLIP text encoder: {}", label, c.summary());
  return c;
}

}  // namespace olis::text
