#include "core/eval/clip_vision_model.h"

#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/eval/weight_loading.h"
#include "core/io/weights_format.h"
#include "core/models/attention.h"
#include "core/util/error.h"
#include "core/util/json_util.h"

namespace olis::eval {
namespace F = torch::nn::functional;

ClipVisionConfig ClipVisionConfig::from_json(const nlohmann::json& root, const std::string& label) {
  ClipVisionConfig c;
  const nlohmann::json* j = &root;
  if (root.contains("vision_config") && root["vision_config"].is_object()) {
    j = &root["vision_config"];
    c.projection_dim = json_get<int64_t>(root, "projection_dim", c.projection_dim, label);
  }
  c.hidden_size = json_get<int64_t>(*j, "hidden_size", c.hidden_size, label);
  c.intermediate_size = json_get<int64_t>(*j, "intermediate_size", c.intermediate_size, label);
  c.num_hidden_layers = json_get<int64_t>(*j, "num_hidden_layers", c.num_hidden_layers, label);
  c.num_attention_heads = json_get<int64_t>(*j, "num_attention_heads", c.num_attention_heads, label);
  c.image_size = json_get<int64_t>(*j, "image_size", c.image_size, label);
  c.patch_size = json_get<int64_t>(*j, "patch_size", c.patch_size, label);
  c.projection_dim = json_get<int64_t>(*j, "projection_dim", c.projection_dim, label);
  c.layer_norm_eps = json_get<double>(*j, "layer_norm_eps", c.layer_norm_eps, label);
  const auto act = json_get<std::string>(*j, "hidden_act", "quick_gelu", label);
  if (act == "quick_gelu") c.hidden_act = VisionActivation::kQuickGelu;
  else if (act == "gelu") c.hidden_act = VisionActivation::kGelu;
  else throw Error(fmt::format("{}: hidden_act '{}' is not supported (quick_gelu or gelu)", label, act));
  return c;
}

ClipVisionConfig ClipVisionConfig::detect(const io::TensorMap& w, const ClipVisionConfig& base,
                                          const std::string& label) {
  auto get = [&](const std::string& key) -> const torch::Tensor& {
    auto it = w.find(key);
    if (it == w.end()) throw Error(fmt::format("{}: '{}' not found; is this a CLIP vision checkpoint?", label, key));
    return it->second;
  };
  ClipVisionConfig c = base;
  const auto& patch = get("vision_model.embeddings.patch_embedding.weight");  // [D, 3, p, p]
  c.hidden_size = patch.size(0);
  c.patch_size = patch.size(2);
  const int64_t positions = get("vision_model.embeddings.position_embedding.weight").size(0);
  const auto grid = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(positions - 1))));
  if (grid * grid + 1 != positions) throw Error(fmt::format("{}: {} positions is not a square grid + 1", label, positions));
  c.image_size = grid * c.patch_size;
  c.intermediate_size = get("vision_model.encoder.layers.0.mlp.fc1.weight").size(0);
  c.projection_dim = get("visual_projection.weight").size(0);
  int64_t layers = 0;
  while (w.count(fmt::format("vision_model.encoder.layers.{}.layer_norm1.weight", layers))) ++layers;
  c.num_hidden_layers = layers;
  if (c.hidden_size % c.num_attention_heads != 0) {
    c.num_attention_heads = std::max<int64_t>(1, c.hidden_size / 64);
    spdlog::warn("{}: no usable num_attention_heads for hidden size {}; assuming {} (64 per head)", label,
                 c.hidden_size, c.num_attention_heads);
  }
  return c;
}

ClipEncoderLayerImpl::Attention::Attention(const ClipVisionConfig& cfg) : heads(cfg.num_attention_heads) {
  const int64_t d = cfg.hidden_size;
  q_proj = register_module("q_proj", torch::nn::Linear(d, d));
  k_proj = register_module("k_proj", torch::nn::Linear(d, d));
  v_proj = register_module("v_proj", torch::nn::Linear(d, d));
  out_proj = register_module("out_proj", torch::nn::Linear(d, d));
}

ClipEncoderLayerImpl::Mlp::Mlp(const ClipVisionConfig& cfg) {
  fc1 = register_module("fc1", torch::nn::Linear(cfg.hidden_size, cfg.intermediate_size));
  fc2 = register_module("fc2", torch::nn::Linear(cfg.intermediate_size, cfg.hidden_size));
}

ClipEncoderLayerImpl::ClipEncoderLayerImpl(const ClipVisionConfig& cfg) : act_(cfg.hidden_act) {
  auto ln = [&] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.hidden_size}).eps(cfg.layer_norm_eps)); };
  self_attn_ = register_module("self_attn", std::make_shared<Attention>(cfg));
  layer_norm1_ = register_module("layer_norm1", ln());
  mlp_ = register_module("mlp", std::make_shared<Mlp>(cfg));
  layer_norm2_ = register_module("layer_norm2", ln());
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& x) {
  // x: [B, L, D]
  const int64_t b = x.size(0), l = x.size(1), d = x.size(2), h = self_attn_->heads;
  auto heads = [&](const torch::Tensor& t) { return t.view({b, l, h, d / h}).transpose(1, 2); };  // [B, H, L, D/H]
  auto y = layer_norm1_(x);
  auto attn = models::attention(heads(self_attn_->q_proj(y)), heads(self_attn_->k_proj(y)), heads(self_attn_->v_proj(y)));
  auto hs = x + self_attn_->out_proj(attn.transpose(1, 2).reshape({b, l, d}));
  auto m = mlp_->fc1(layer_norm2_(hs));  // [B, L, I]
  m = act_ == VisionActivation::kQuickGelu ? m * torch::sigmoid(1.702 * m) : F::gelu(m);
  return hs + mlp_->fc2(m);
}

ClipVisionModelImpl::Embeddings::Embeddings(const ClipVisionConfig& cfg) {
  const int64_t grid = cfg.image_size / cfg.patch_size;
  class_embedding = register_parameter("class_embedding", torch::zeros({cfg.hidden_size}));
  patch_embedding = register_module(
      "patch_embedding",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(3, cfg.hidden_size, cfg.patch_size).stride(cfg.patch_size).bias(false)));
  position_embedding = register_module("position_embedding", torch::nn::Embedding(grid * grid + 1, cfg.hidden_size));
}

ClipVisionModelImpl::Encoder::Encoder(const ClipVisionConfig& cfg) {
  for (int64_t i = 0; i < cfg.num_hidden_layers; ++i) layers->push_back(ClipEncoderLayer(cfg));
  register_module("layers", layers);
}

ClipVisionModelImpl::Tower::Tower(const ClipVisionConfig& cfg) {
  auto ln = [&] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.hidden_size}).eps(cfg.layer_norm_eps)); };
  embeddings = register_module("embeddings", std::make_shared<Embeddings>(cfg));
  pre_layrnorm = register_module("pre_layrnorm", ln());
  encoder = register_module("encoder", std::make_shared<Encoder>(cfg));
  post_layernorm = register_module("post_layernorm", ln());
}

ClipVisionModelImpl::ClipVisionModelImpl(const ClipVisionConfig& cfg) : cfg_(cfg) {
  if (cfg.hidden_size % cfg.num_attention_heads != 0)
    throw Error(fmt::format("CLIP vision: hidden_size {} is not divisible by {} heads", cfg.hidden_size,
                            cfg.num_attention_heads));
  vision_model_ = register_module("vision_model", std::make_shared<Tower>(cfg));
  visual_projection_ =
      register_module("visual_projection", torch::nn::Linear(torch::nn::LinearOptions(cfg.hidden_size, cfg.projection_dim).bias(false)));
}

ClipVisionOutput ClipVisionModelImpl::forward(const torch::Tensor& pixel_values, bool keep_hidden_states) {
  // pixel_values: [B, 3, S, S]
  if (pixel_values.dim() != 4 || pixel_values.size(2) != cfg_.image_size || pixel_values.size(3) != cfg_.image_size)
    throw Error(fmt::format("CLIP vision: expected pixels [B, 3, {0}, {0}], got [{1}]", cfg_.image_size,
                            fmt::join(pixel_values.sizes(), ", ")));
  auto& emb = *vision_model_->embeddings;
  const int64_t b = pixel_values.size(0);
  auto x = emb.patch_embedding(pixel_values.to(emb.class_embedding.scalar_type()));  // [B, D, g, g]
  x = x.flatten(2).transpose(1, 2);                                                 // [B, N, D]
  auto cls = emb.class_embedding.view({1, 1, -1}).expand({b, 1, cfg_.hidden_size});
  x = torch::cat({cls, x}, 1) + emb.position_embedding->weight.unsqueeze(0);  // [B, N+1, D]
  ClipVisionOutput out;
  out.embeddings = x;
  x = vision_model_->pre_layrnorm(x);
  if (keep_hidden_states) out.hidden_states.push_back(x);
  for (const auto& layer : *vision_model_->encoder->layers) {
    x = layer->as<ClipEncoderLayerImpl>()->forward(x);
    if (keep_hidden_states) out.hidden_states.push_back(x);
  }
  out.last_hidden_state = x;
  out.pooler_output = vision_model_->post_layernorm(x.select(1, 0));  // [B, D]
  out.image_embeds = visual_projection_(out.pooler_output);           // [B, P]
  return out;
}

namespace {

std::filesystem::path find_weights(const std::filesystem::path& folder) {
  for (const char* name : {"model.safetensors", "model.safetensors.index.json"})
    if (std::filesystem::exists(folder / name)) return folder / name;
  throw Error(io::missing_safetensors_message(
      folder, fmt::format("{}: no model.safetensors (or model.safetensors.index.json) in this CLIP folder", folder.string())));
}

}  // namespace

ClipVisionModel load_clip_vision_model(const std::filesystem::path& folder_or_file) {
  const bool is_dir = std::filesystem::is_directory(folder_or_file);
  const auto weights_path = is_dir ? find_weights(folder_or_file) : folder_or_file;
  const auto config_path = (is_dir ? folder_or_file : folder_or_file.parent_path()) / "config.json";
  auto weights = value_or_throw(io::load_safetensors(weights_path));
  ClipVisionConfig base;
  if (std::filesystem::exists(config_path)) {
    base = ClipVisionConfig::from_json(value_or_throw(load_json_file(config_path)), config_path.string());
  }
  const auto label = weights_path.string();
  auto cfg = ClipVisionConfig::detect(weights, base, label);
  spdlog::info("{}: CLIP vision D={} layers={} heads={} patch={} image={} projection={} eps={}", label, cfg.hidden_size,
               cfg.num_hidden_layers, cfg.num_attention_heads, cfg.patch_size, cfg.image_size, cfg.projection_dim,
               cfg.layer_norm_eps);
  ClipVisionModel model(cfg);
  auto unused = load_module_weights(*model, weights, "", label);
  for (const auto& k : unused)
    if (k.rfind("vision_model.", 0) == 0 && k.find("position_ids") == std::string::npos)
      spdlog::warn("{}: unexpected vision weight '{}' ignored", label, k);
  model->eval();
  return model;
}

}  // namespace olis::eval
