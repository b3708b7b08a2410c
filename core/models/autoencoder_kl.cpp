#include "core/models/autoencoder_kl.h"

#include <numeric>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/compat/torch_compat.h"
#include "core/models/state_dict.h"
#include "core/io/model_source.h"
#include "core/models/unet_config.h"
#include "core/util/json_util.h"

namespace olis::models {
namespace {

int64_t count_indexed(const io::TensorMap& t, const std::string& prefix) {
  int64_t n = 0;
  for (auto it = t.lower_bound(prefix); it != t.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    try {
      n = std::max<int64_t>(n, std::stoll(it->first.substr(prefix.size())) + 1);
    } catch (const std::exception&) {
    }
  }
  return n;
}

const torch::Tensor& need(const io::TensorMap& t, const std::string& key) {
  auto it = t.find(key);
  if (it == t.end()) throw Error("VAE weights have no '" + key + "': not a diffusers-named AutoencoderKL");
  return it->second;
}

}  // namespace

VaeConfig VaeConfig::from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": not a JSON object");
  auto cls = json_get<std::string>(j, "_class_name", "AutoencoderKL", source);
  if (cls != "AutoencoderKL")
    throw Error(fmt::format("{}: _class_name is \"{}\", expected AutoencoderKL", source, cls));
  VaeConfig c;
  c.in_channels = json_get<int64_t>(j, "in_channels", 3, source);
  c.out_channels = json_get<int64_t>(j, "out_channels", 3, source);
  c.block_out_channels = json_get<std::vector<int64_t>>(j, "block_out_channels", {64}, source);
  c.layers_per_block = json_get<int64_t>(j, "layers_per_block", 1, source);
  c.latent_channels = json_get<int64_t>(j, "latent_channels", 4, source);
  c.norm_num_groups = json_get<int64_t>(j, "norm_num_groups", 32, source);
  c.sample_size = json_get<int64_t>(j, "sample_size", 32, source);
  c.scaling_factor = json_get<double>(j, "scaling_factor", 0.18215, source);
  if (j.contains("shift_factor") && !j["shift_factor"].is_null()) c.shift_factor = j["shift_factor"].get<double>();
  c.force_upcast = json_get<bool>(j, "force_upcast", true, source);
  c.mid_block_add_attention = json_get<bool>(j, "mid_block_add_attention", true, source);
  c.use_quant_conv = json_get<bool>(j, "use_quant_conv", true, source);
  c.use_post_quant_conv = json_get<bool>(j, "use_post_quant_conv", true, source);
  auto act = json_get<std::string>(j, "act_fn", "silu", source);
  if (act != "silu") throw Error(fmt::format("{}: act_fn \"{}\" is not supported (only silu)", source, act));
  const size_t n = c.block_out_channels.size();
  auto down = json_get<std::vector<std::string>>(j, "down_block_types", std::vector<std::string>(n, "DownEncoderBlock2D"), source);
  auto up = json_get<std::vector<std::string>>(j, "up_block_types", std::vector<std::string>(n, "UpDecoderBlock2D"), source);
  if (down.size() != n || up.size() != n)
    throw Error(fmt::format("{}: {} down / {} up block types for {} block_out_channels", source, down.size(), up.size(), n));
  for (const auto& t : down)
    if (t != "DownEncoderBlock2D") throw Error(fmt::format("{}: down block type \"{}\" is not supported", source, t));
  for (const auto& t : up)
    if (t != "UpDecoderBlock2D") throw Error(fmt::format("{}: up block type \"{}\" is not supported", source, t));
  for (auto ch : c.block_out_channels)
    if (ch % c.norm_num_groups != 0)
      throw Error(fmt::format("{}: {} channels are not divisible by norm_num_groups {}", source, ch, c.norm_num_groups));
  return c;
}

Expected<VaeConfig> VaeConfig::load(const std::filesystem::path& config_json) {
  return load_json_as(config_json, [](const nlohmann::json& j, const std::string& label) { return from_json(j, label); });
}

VaeConfig VaeConfig::detect(const io::TensorMap& t, const DetectHints& hints) {
  VaeConfig c;
  c.in_channels = need(t, "encoder.conv_in.weight").size(1);
  c.out_channels = need(t, "decoder.conv_out.weight").size(0);
  c.latent_channels = need(t, "decoder.conv_in.weight").size(1);
  const int64_t n = count_indexed(t, "encoder.down_blocks.");
  if (n == 0) throw Error("VAE weights have no encoder.down_blocks");
  c.block_out_channels.clear();
  for (int64_t i = 0; i < n; ++i)
    c.block_out_channels.push_back(need(t, fmt::format("encoder.down_blocks.{}.resnets.0.conv1.weight", i)).size(0));
  c.layers_per_block = count_indexed(t, "encoder.down_blocks.0.resnets.");
  c.norm_num_groups = hints.norm_num_groups > 0 ? hints.norm_num_groups : guess_norm_groups(c.block_out_channels);
  c.mid_block_add_attention = t.count("encoder.mid_block.attentions.0.to_q.weight") > 0;
  c.use_quant_conv = t.count("quant_conv.weight") > 0;
  c.use_post_quant_conv = t.count("post_quant_conv.weight") > 0;
  c.scaling_factor = hints.scaling_factor > 0 ? hints.scaling_factor : 0.18215;
  c.force_upcast = hints.force_upcast;
  spdlog::info("detected VAE: channels {}, latent {}, scaling_factor {}", fmt::join(c.block_out_channels, ","),
               c.latent_channels, c.scaling_factor);
  return c;
}

nlohmann::json VaeConfig::to_json() const {
  nlohmann::json j;
  j["_class_name"] = "AutoencoderKL";
  j["in_channels"] = in_channels;
  j["out_channels"] = out_channels;
  j["block_out_channels"] = block_out_channels;
  j["down_block_types"] = std::vector<std::string>(block_out_channels.size(), "DownEncoderBlock2D");
  j["up_block_types"] = std::vector<std::string>(block_out_channels.size(), "UpDecoderBlock2D");
  j["layers_per_block"] = layers_per_block;
  j["latent_channels"] = latent_channels;
  j["norm_num_groups"] = norm_num_groups;
  j["sample_size"] = sample_size;
  j["scaling_factor"] = scaling_factor;
  j["shift_factor"] = shift_factor ? nlohmann::json(*shift_factor) : nlohmann::json(nullptr);
  j["force_upcast"] = force_upcast;
  j["mid_block_add_attention"] = mid_block_add_attention;
  j["act_fn"] = "silu";
  return j;
}

torch::Tensor LatentDistribution::sample(c10::optional<at::Generator> generator) const {
  auto noise = at::randn(mean.sizes(), generator, torch::TensorOptions().dtype(mean.scalar_type()).device(torch::kCPU));
  return sample_with_noise(compat::to_device_async(noise, mean.device()));  // no wait for the device
}

AutoencoderKLImpl::AutoencoderKLImpl(const VaeConfig& c, const torch::TensorOptions& options)
    : config_(c), output_dtype_(options.dtype().toScalarType()) {
  VaeCoderOptions e;
  e.in_channels = c.in_channels;
  e.out_channels = 2 * c.latent_channels;
  e.block_out_channels = c.block_out_channels;
  e.layers_per_block = c.layers_per_block;
  e.groups = c.norm_num_groups;
  e.mid_block_add_attention = c.mid_block_add_attention;
  VaeCoderOptions d = e;
  d.in_channels = c.latent_channels;
  d.out_channels = c.out_channels;
  encoder = register_module("encoder", Encoder(e, options));
  decoder = register_module("decoder", Decoder(d, options));
  if (c.use_quant_conv)
    quant_conv = register_module("quant_conv", Conv2d(2 * c.latent_channels, 2 * c.latent_channels, 1, 1, 0, options));
  if (c.use_post_quant_conv)
    post_quant_conv = register_module("post_quant_conv", Conv2d(c.latent_channels, c.latent_channels, 1, 1, 0, options));
}

LatentDistribution AutoencoderKLImpl::encode(const torch::Tensor& image) {
  if (image.dim() != 4 || image.size(1) != config_.in_channels)
    throw Error(fmt::format("VAE encode: image must be [N, {}, H, W], got {}", config_.in_channels, c10::str(image.sizes())));
  const int64_t f = config_.downscale_factor();
  if (image.size(2) % f != 0 || image.size(3) % f != 0)
    throw Error(fmt::format("VAE encode: image size {}x{} is not divisible by {}", image.size(3), image.size(2), f));
  auto h = encoder->forward(image.to(device(), compute_dtype()));  // [N, 2*latent, h, w]
  if (quant_conv) h = quant_conv->forward(h);
  auto parts = h.chunk(2, 1);
  LatentDistribution d;
  d.mean = parts[0].to(output_dtype_);
  d.logvar = torch::clamp(parts[1], -30.0, 20.0).to(output_dtype_);
  return d;
}

torch::Tensor AutoencoderKLImpl::decode(const torch::Tensor& z) {
  if (z.dim() != 4 || z.size(1) != config_.latent_channels)
    throw Error(fmt::format("VAE decode: latents must be [N, {}, h, w], got {}", config_.latent_channels, c10::str(z.sizes())));
  auto h = z.to(device(), compute_dtype());
  if (post_quant_conv) h = post_quant_conv->forward(h);
  return decoder->forward(h).to(output_dtype_);
}

torch::Tensor AutoencoderKLImpl::decode_tiled(const torch::Tensor& z, const TiledDecodeOptions& o) {
  if (o.tile_latent <= 0 || o.overlap_latent < 0 || o.overlap_latent >= o.tile_latent)
    throw Error(fmt::format("VAE tiled decode: overlap {} must be in [0, tile size {})", o.overlap_latent, o.tile_latent));
  const int64_t h = z.size(2), w = z.size(3), f = config_.downscale_factor();
  if (h <= o.tile_latent && w <= o.tile_latent) return decode(z);
  auto starts = [&](int64_t size) {
    std::vector<int64_t> s;
    if (size <= o.tile_latent) return std::vector<int64_t>{0};
    const int64_t stride = o.tile_latent - o.overlap_latent;
    for (int64_t p = 0;; p += stride) {
      if (p + o.tile_latent >= size) {
        s.push_back(size - o.tile_latent);
        break;
      }
      s.push_back(p);
    }
    return s;
  };
  // Weight of a pixel along one axis: linear ramp over the overlap on sides that have a neighbour.
  auto ramp = [&](int64_t len_px, bool before, bool after) {
    auto wgt = torch::ones({len_px}, torch::kFloat32);
    const int64_t ov = std::min(len_px / 2, o.overlap_latent * f);
    if (ov > 0) {
      auto r = (torch::arange(ov, torch::kFloat32) + 0.5) / static_cast<double>(ov);
      if (before) wgt.narrow(0, 0, ov).copy_(r);
      if (after) wgt.narrow(0, len_px - ov, ov).copy_(r.flip(0));
    }
    return wgt;
  };
  const auto ys = starts(h), xs = starts(w);
  torch::Tensor out, weight;
  for (size_t iy = 0; iy < ys.size(); ++iy) {
    for (size_t ix = 0; ix < xs.size(); ++ix) {
      const int64_t th = std::min(o.tile_latent, h), tw = std::min(o.tile_latent, w);
      auto tile = decode(z.narrow(2, ys[iy], th).narrow(3, xs[ix], tw)).to(torch::kFloat32);  // [N, 3, th*f, tw*f]
      if (!out.defined()) {
        out = torch::zeros({z.size(0), tile.size(1), h * f, w * f}, tile.options());
        weight = torch::zeros({1, 1, h * f, w * f}, tile.options());
      }
      auto wy = ramp(th * f, iy > 0, iy + 1 < ys.size()).to(tile.device());
      auto wx = ramp(tw * f, ix > 0, ix + 1 < xs.size()).to(tile.device());
      auto wt = (wy.unsqueeze(1) * wx.unsqueeze(0)).unsqueeze(0).unsqueeze(0);  // [1, 1, th*f, tw*f]
      out.narrow(2, ys[iy] * f, th * f).narrow(3, xs[ix] * f, tw * f).add_(tile * wt);
      weight.narrow(2, ys[iy] * f, th * f).narrow(3, xs[ix] * f, tw * f).add_(wt);
    }
  }
  return (out / weight).to(output_dtype_);
}

AutoencoderKL load_vae(const VaeConfig& config, const io::TensorMap& tensors, const std::string& source,
                       const Placement& placement) {
  Placement compute = placement;
  if (placement.dtype == torch::kHalf && config.force_upcast) {
    compute.dtype = torch::kFloat32;
    spdlog::info("VAE {}: fp16 requested with force_upcast: computing in fp32 (fp16 overflows to NaN)", source);
  }
  require_supported(compute, "VAE (" + source + ")");
  AutoencoderKL vae(config, compute.options());
  vae->set_output_dtype(placement.dtype);
  load_state_dict(*vae, tensors, source);
  vae->eval();
  for (auto& p : vae->parameters()) p.set_requires_grad(false);
  return vae;
}

AutoencoderKL load_vae(const std::filesystem::path& dir, const Placement& placement) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir))
    throw Error(fmt::format("VAE folder {} does not exist (a diffusers model folder has vae/config.json and "
                            "vae/diffusion_pytorch_model.safetensors)",
                            dir.string()));
  if (!fs::exists(dir / "config.json")) throw Error(fmt::format("{} has no config.json", dir.string()));
  auto config = value_or_throw(VaeConfig::load(dir / "config.json"));
  auto weights = value_or_throw(io::find_component_weights(dir));
  auto tensors = value_or_throw(io::load_safetensors(weights));
  return load_vae(config, tensors, weights.string(), placement);
}

}  // namespace olis::models
