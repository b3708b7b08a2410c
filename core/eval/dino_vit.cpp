#include "core/eval/dino_vit.h"

#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/eval/dino_key_names.h"
#include "core/eval/weight_loading.h"
#include "core/io/weights_format.h"
#include "core/models/attention.h"
#include "core/util/error.h"
#include "core/util/json_util.h"

namespace olis::eval {
namespace F = torch::nn::functional;

DinoVitConfig DinoVitConfig::from_json(const nlohmann::json& j, const std::string& label) {
  DinoVitConfig c;
  if (j.contains("hidden_size")) {  // HF ViTConfig
    c.embed_dim = json_get<int64_t>(j, "hidden_size", 768, label);
    c.depth = json_get<int64_t>(j, "num_hidden_layers", 12, label);
    c.num_heads = json_get<int64_t>(j, "num_attention_heads", 12, label);
    c.patch_size = json_get<int64_t>(j, "patch_size", 16, label);
    c.img_size = json_get<int64_t>(j, "image_size", 224, label);
    c.mlp_hidden = json_get<int64_t>(j, "intermediate_size", 4 * c.embed_dim, label);
    c.norm_eps = json_get<double>(j, "layer_norm_eps", 1e-12, label);  // ViTConfig's default
    c.qkv_bias = json_get<bool>(j, "qkv_bias", true, label);
    const auto act = json_get<std::string>(j, "hidden_act", "gelu", label);
    if (act != "gelu") throw Error(fmt::format("{}: hidden_act '{}' is not supported for DINO (gelu)", label, act));
  } else {  // DINO constructor arguments
    c.embed_dim = json_get<int64_t>(j, "embed_dim", c.embed_dim, label);
    c.depth = json_get<int64_t>(j, "depth", c.depth, label);
    c.num_heads = json_get<int64_t>(j, "num_heads", c.num_heads, label);
    c.patch_size = json_get<int64_t>(j, "patch_size", c.patch_size, label);
    c.img_size = json_get<int64_t>(j, "img_size", c.img_size, label);
    c.mlp_hidden = static_cast<int64_t>(json_get<double>(j, "mlp_ratio", 4.0, label) * c.embed_dim);
    c.norm_eps = json_get<double>(j, "norm_eps", 1e-6, label);
    c.qkv_bias = json_get<bool>(j, "qkv_bias", true, label);
  }
  return c;
}

DinoVitConfig DinoVitConfig::detect(const io::TensorMap& w, const DinoVitConfig& base, const std::string& label) {
  auto get = [&](const std::string& key) -> const torch::Tensor& {
    auto it = w.find(key);
    if (it == w.end()) throw Error(fmt::format("{}: '{}' not found; is this a DINO ViT checkpoint?", label, key));
    return it->second;
  };
  DinoVitConfig c = base;
  const auto& proj = get("patch_embed.proj.weight");  // [D, 3, p, p]
  c.embed_dim = proj.size(0);
  c.patch_size = proj.size(2);
  const int64_t n = get("pos_embed").size(1) - 1;
  const auto grid = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(n))));
  if (grid * grid != n) throw Error(fmt::format("{}: pos_embed holds {} patches, not a square grid", label, n));
  c.img_size = grid * c.patch_size;
  c.mlp_hidden = get("blocks.0.mlp.fc1.weight").size(0);
  int64_t depth = 0;
  while (w.count(fmt::format("blocks.{}.norm1.weight", depth))) ++depth;
  c.depth = depth;
  c.qkv_bias = w.count("blocks.0.attn.qkv.bias") > 0;
  if (c.num_heads <= 0 || c.embed_dim % c.num_heads != 0) c.num_heads = std::max<int64_t>(1, c.embed_dim / 64);
  return c;
}

DinoBlockImpl::Attention::Attention(const DinoVitConfig& cfg) : heads(cfg.num_heads) {
  qkv = register_module("qkv", torch::nn::Linear(torch::nn::LinearOptions(cfg.embed_dim, 3 * cfg.embed_dim).bias(cfg.qkv_bias)));
  proj = register_module("proj", torch::nn::Linear(cfg.embed_dim, cfg.embed_dim));
}

DinoBlockImpl::Mlp::Mlp(const DinoVitConfig& cfg) {
  fc1 = register_module("fc1", torch::nn::Linear(cfg.embed_dim, cfg.mlp_hidden));
  fc2 = register_module("fc2", torch::nn::Linear(cfg.mlp_hidden, cfg.embed_dim));
}

DinoBlockImpl::DinoBlockImpl(const DinoVitConfig& cfg) {
  auto ln = [&] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.embed_dim}).eps(cfg.norm_eps)); };
  norm1_ = register_module("norm1", ln());
  attn_ = register_module("attn", std::make_shared<Attention>(cfg));
  norm2_ = register_module("norm2", ln());
  mlp_ = register_module("mlp", std::make_shared<Mlp>(cfg));
}

torch::Tensor DinoBlockImpl::forward(const torch::Tensor& x) {
  // x: [B, L, D]
  const int64_t b = x.size(0), l = x.size(1), d = x.size(2), h = attn_->heads;
  auto qkv = attn_->qkv(norm1_(x)).view({b, l, 3, h, d / h}).permute({2, 0, 3, 1, 4});  // [3, B, H, L, D/H]
  auto a = models::attention(qkv[0], qkv[1], qkv[2]);                                   // [B, H, L, D/H]
  auto y = x + attn_->proj(a.transpose(1, 2).reshape({b, l, d}));
  return y + mlp_->fc2(F::gelu(mlp_->fc1(norm2_(y))));
}

DinoVitImpl::PatchEmbed::PatchEmbed(const DinoVitConfig& cfg) {
  proj = register_module(
      "proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, cfg.embed_dim, cfg.patch_size).stride(cfg.patch_size)));
}

DinoVitImpl::DinoVitImpl(const DinoVitConfig& cfg) : cfg_(cfg) {
  if (cfg.embed_dim % cfg.num_heads != 0)
    throw Error(fmt::format("DINO ViT: embed_dim {} is not divisible by {} heads", cfg.embed_dim, cfg.num_heads));
  const int64_t grid = cfg.img_size / cfg.patch_size;
  cls_token_ = register_parameter("cls_token", torch::zeros({1, 1, cfg.embed_dim}));
  pos_embed_ = register_parameter("pos_embed", torch::zeros({1, grid * grid + 1, cfg.embed_dim}));
  patch_embed_ = register_module("patch_embed", std::make_shared<PatchEmbed>(cfg));
  for (int64_t i = 0; i < cfg.depth; ++i) blocks_->push_back(DinoBlock(cfg));
  register_module("blocks", blocks_);
  norm_ = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.embed_dim}).eps(cfg.norm_eps)));
}

torch::Tensor DinoVitImpl::interpolate_pos_encoding(int64_t h0, int64_t w0) const {
  const int64_t n = pos_embed_.size(1) - 1;
  const int64_t s = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(n))));
  if (h0 == s && w0 == s) return pos_embed_;
  const int64_t d = pos_embed_.size(2);
  auto grid = pos_embed_.narrow(1, 1, n).reshape({1, s, s, d}).permute({0, 3, 1, 2});  // [1, D, s, s]
  const std::vector<int64_t> size{h0, w0};
  torch::Tensor resized;
  if (interpolation == PosEmbedInterpolation::kDinoScaleFactor) {
    // DINO adds 0.1 so that floor(s * scale) lands on (h0, w0); the kernel then samples with that scale.
    const double sh = (static_cast<double>(h0) + 0.1) / std::sqrt(static_cast<double>(n));
    const double sw = (static_cast<double>(w0) + 0.1) / std::sqrt(static_cast<double>(n));
    resized = torch::upsample_bicubic2d(grid, at::IntArrayRef(size), /*align_corners=*/false, sh, sw);
  } else {
    resized = torch::upsample_bicubic2d(grid, at::IntArrayRef(size), /*align_corners=*/false);
  }
  auto patch = resized.permute({0, 2, 3, 1}).reshape({1, h0 * w0, d});  // [1, h0*w0, D]
  return torch::cat({pos_embed_.narrow(1, 0, 1), patch}, 1);
}

DinoOutput DinoVitImpl::forward(const torch::Tensor& pixel_values, bool keep_intermediate) {
  // pixel_values: [B, 3, H, W]
  if (pixel_values.dim() != 4 || pixel_values.size(1) != 3)
    throw Error(fmt::format("DINO ViT: expected pixels [B, 3, H, W], got [{}]", fmt::join(pixel_values.sizes(), ", ")));
  const int64_t b = pixel_values.size(0);
  const int64_t h0 = pixel_values.size(2) / cfg_.patch_size, w0 = pixel_values.size(3) / cfg_.patch_size;
  auto x = patch_embed_->proj(pixel_values.to(pos_embed_.scalar_type()));  // [B, D, h0, w0]
  x = x.flatten(2).transpose(1, 2);                                       // [B, h0*w0, D]
  x = torch::cat({cls_token_.expand({b, 1, cfg_.embed_dim}), x}, 1);      // [B, N+1, D]
  DinoOutput out;
  out.pos_embed = interpolate_pos_encoding(h0, w0);
  x = x + out.pos_embed;
  for (const auto& block : *blocks_) {
    x = block->as<DinoBlockImpl>()->forward(x);
    if (keep_intermediate) out.intermediate.push_back(norm_(x));
  }
  out.last_hidden_state = norm_(x);
  out.cls_embedding = out.last_hidden_state.select(1, 0);  // [B, D]
  return out;
}

namespace {

std::filesystem::path find_dino_weights(const std::filesystem::path& folder) {
  if (std::filesystem::exists(folder / "model.safetensors")) return folder / "model.safetensors";
  std::vector<std::filesystem::path> found;
  for (const auto& e : std::filesystem::directory_iterator(folder)) {
    const auto name = e.path().filename().string();
    if (e.path().extension() == ".safetensors" && name.find("case") == std::string::npos) found.push_back(e.path());
  }
  if (found.empty())
    throw Error(io::missing_safetensors_message(folder, fmt::format("{}: no .safetensors weights in this DINO folder", folder.string())));
  std::sort(found.begin(), found.end());
  if (found.size() > 1) spdlog::info("{}: several weight files, using {}", folder.string(), found.front().string());
  return found.front();
}

}  // namespace

DinoVit load_dino_vit(const std::filesystem::path& folder_or_file) {
  const bool is_dir = std::filesystem::is_directory(folder_or_file);
  const auto weights_path = is_dir ? find_dino_weights(folder_or_file) : folder_or_file;
  const auto label = weights_path.string();
  DinoNaming naming{};
  auto weights = to_dino_names(value_or_throw(io::load_safetensors(weights_path)), label, &naming);
  const auto dir = weights_path.parent_path();
  DinoVitConfig base;
  base.norm_eps = naming == DinoNaming::kDino ? 1e-6 : 1e-12;
  base.num_heads = 0;
  for (const char* name : {"config.json", "dino_config.json"}) {
    if (std::filesystem::exists(dir / name)) {
      base = DinoVitConfig::from_json(value_or_throw(load_json_file(dir / name)), (dir / name).string());
      break;
    }
  }
  auto cfg = DinoVitConfig::detect(weights, base, label);
  spdlog::info("{}: DINO ViT ({} names) D={} depth={} heads={} patch={} img={} eps={}", label,
               naming == DinoNaming::kDino ? "DINO" : "HF ViTModel", cfg.embed_dim, cfg.depth, cfg.num_heads,
               cfg.patch_size, cfg.img_size, cfg.norm_eps);
  DinoVit model(cfg);
  for (const auto& k : load_module_weights(*model, weights, "", label))
    spdlog::warn("{}: weight '{}' is not part of the DINO backbone; ignored", label, k);
  model->eval();
  return model;
}

}  // namespace olis::eval
