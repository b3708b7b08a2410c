#include "core/models/unet_2d_condition.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/io/model_source.h"
#include "core/models/state_dict.h"

namespace olis::models {

UNet2DConditionModelImpl::UNet2DConditionModelImpl(const UNetConfig& c, const torch::TensorOptions& options)
    : config_(c) {
  c.validate("UNet config");
  const size_t n = c.num_blocks();
  const int64_t ted = c.time_embed_dim();
  conv_in = register_module(
      "conv_in", Conv2d(c.in_channels, c.block_out_channels[0], c.conv_in_kernel, 1, (c.conv_in_kernel - 1) / 2, options));
  time_embedding = register_module("time_embedding", TimestepEmbedding(c.block_out_channels[0], ted, options));
  if (c.addition_embed_type == "text_time")
    add_embedding =
        register_module("add_embedding", TimestepEmbedding(c.projection_class_embeddings_input_dim, ted, options));

  auto base = [&](size_t i) {
    UNetBlockOptions o;
    o.temb_channels = ted;
    o.groups = c.norm_num_groups;
    o.eps = c.norm_eps;
    o.output_scale_factor = c.resnet_out_scale_factor;
    o.downsample_padding = c.downsample_padding;
    o.heads = c.num_attention_heads[i];
    o.cross_attention_dim = c.cross_attention_dim[i];
    o.use_linear_projection = c.use_linear_projection;
    o.only_cross_attention = c.only_cross_attention[i];
    o.upcast_attention = c.upcast_attention;
    return o;
  };

  down_blocks = register_module("down_blocks", torch::nn::ModuleList());
  int64_t out_ch = c.block_out_channels[0];
  for (size_t i = 0; i < n; ++i) {
    auto o = base(i);
    o.in_channels = out_ch;
    out_ch = c.block_out_channels[i];
    o.out_channels = out_ch;
    o.num_layers = c.layers_per_block[i];
    o.has_attention = c.down_block_types[i] == "CrossAttnDownBlock2D";
    o.add_sampler = i + 1 < n;
    o.transformer_layers.assign(o.num_layers, c.transformer_layers_per_block[i]);
    down_list.emplace_back(o, options);
    down_blocks->push_back(down_list.back());
  }

  if (c.mid_block_type == "UNetMidBlock2DCrossAttn") {
    auto o = base(n - 1);
    o.in_channels = o.out_channels = c.block_out_channels.back();
    o.num_layers = 1;
    o.output_scale_factor = c.mid_block_scale_factor;
    o.transformer_layers = {c.transformer_layers_per_block.back()};
    mid_block = register_module("mid_block", UNetMidBlock2DCrossAttn(o, options));
  }

  up_blocks = register_module("up_blocks", torch::nn::ModuleList());
  out_ch = c.block_out_channels[n - 1];
  for (size_t i = 0; i < n; ++i) {
    const size_t r = n - 1 - i;  // index into the per-down-block lists, reversed
    auto o = base(r);
    o.prev_output_channels = out_ch;
    out_ch = c.block_out_channels[r];
    o.out_channels = out_ch;
    o.in_channels = c.block_out_channels[r == 0 ? 0 : r - 1];
    o.num_layers = c.layers_per_block[r] + 1;
    o.has_attention = c.up_block_types[i] == "CrossAttnUpBlock2D";
    o.add_sampler = i + 1 < n;
    o.transformer_layers.assign(o.num_layers, c.reverse_transformer_layers_per_block[i]);
    up_list.emplace_back(o, options);
    up_blocks->push_back(up_list.back());
  }

  conv_norm_out =
      register_module("conv_norm_out", GroupNorm(c.norm_num_groups, c.block_out_channels[0], c.norm_eps, options));
  conv_out = register_module("conv_out", Conv2d(c.block_out_channels[0], c.out_channels, c.conv_out_kernel, 1,
                                                (c.conv_out_kernel - 1) / 2, options));
}

torch::Tensor UNet2DConditionModelImpl::forward(const torch::Tensor& sample_in, const torch::Tensor& timestep,
                                                const torch::Tensor& context, const UNetAddedCond& added,
                                                io::TensorMap* debug) {
  const auto& c = config_;
  auto record = [&](const std::string& name, const torch::Tensor& t) {
    if (debug) (*debug)[name] = t;
  };
  if (sample_in.dim() != 4 || sample_in.size(1) != c.in_channels)
    throw Error(fmt::format("UNet: sample must be [N, {}, H, W], got {}", c.in_channels, c10::str(sample_in.sizes())));
  if (!context.defined() || context.dim() != 3 || context.size(-1) != c.cross_attention_dim.back())
    throw Error(fmt::format(
        "UNet: encoder_hidden_states must be [N, L, {}] (the UNet's cross_attention_dim), got {}; "
        "is the text encoder from another model?",
        c.cross_attention_dim.back(), context.defined() ? c10::str(context.sizes()) : std::string("nothing")));
  const int64_t n = sample_in.size(0);
  auto sample = sample_in.to(dtype());
  auto ctx = context.to(dtype());
  if (c.center_input_sample) sample = 2 * sample - 1.0;

  auto t = timestep.to(sample.device()).reshape({-1});
  if (t.size(0) == 1 && n != 1) t = t.expand({n});
  SinusoidalOptions so;
  so.flip_sin_to_cos = c.flip_sin_to_cos;
  so.downscale_freq_shift = c.freq_shift;
  auto t_emb = timestep_embedding(t, c.block_out_channels[0], so);  // [N, C0]
  record("time_proj", t_emb);
  auto emb = time_embedding->forward(t_emb.to(dtype()));  // [N, ted]
  record("time_embedding", emb);

  if (add_embedding) {
    if (!added.text_embeds.defined() || !added.time_ids.defined())
      throw Error("UNet: this SDXL-type UNet needs text_embeds (pooled text embedding) and time_ids");
    if (added.text_embeds.size(-1) != c.added_text_embeds_dim())
      throw Error(fmt::format("UNet: text_embeds has width {}, the UNet expects {}", added.text_embeds.size(-1),
                              c.added_text_embeds_dim()));
    auto ids = added.time_ids.to(sample.device()).flatten();
    auto time_embeds = timestep_embedding(ids, c.addition_time_embed_dim, so);  // [N*6, dim]
    record("add_time_proj", time_embeds);
    time_embeds = time_embeds.reshape({added.text_embeds.size(0), -1});       // [N, 6*dim]
    auto add_embeds = torch::cat({added.text_embeds.to(sample.device(), torch::kFloat32), time_embeds}, -1);
    auto aug = add_embedding->forward(add_embeds.to(emb.scalar_type()));      // [N, ted]
    record("add_embedding", aug);
    emb = emb + aug;
  }

  auto h = conv_in->forward(sample);  // [N, C0, H, W]
  record("conv_in", h);
  std::vector<torch::Tensor> skips{h};
  for (size_t i = 0; i < down_list.size(); ++i) {
    h = down_list[i]->forward(h, emb, ctx, skips);
    record(fmt::format("down_blocks.{}", i), h);
  }
  if (mid_block) {
    h = mid_block->forward(h, emb, ctx);
    record("mid_block", h);
  }
  for (size_t i = 0; i < up_list.size(); ++i) {
    h = up_list[i]->forward(h, emb, ctx, skips);
    record(fmt::format("up_blocks.{}", i), h);
  }
  h = conv_out->forward(torch::silu(conv_norm_out->forward(h)));
  return h;
}

UNet2DConditionModel load_unet(const UNetConfig& config, const io::TensorMap& tensors, const std::string& source,
                               const Placement& placement) {
  require_supported(placement, "UNet (" + source + ")");
  UNet2DConditionModel unet(config, placement.options());
  load_state_dict(*unet, tensors, source);
  unet->eval();
  for (auto& p : unet->parameters()) p.set_requires_grad(false);
  return unet;
}

UNet2DConditionModel load_unet(const std::filesystem::path& dir, const Placement& placement) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir))
    throw Error(fmt::format("UNet folder {} does not exist (a diffusers model folder has unet/config.json and "
                            "unet/diffusion_pytorch_model.safetensors)",
                            dir.string()));
  if (!fs::exists(dir / "config.json")) throw Error(fmt::format("{} has no config.json", dir.string()));
  auto config = value_or_throw(UNetConfig::load(dir / "config.json"));
  auto weights = value_or_throw(io::find_component_weights(dir));
  auto tensors = value_or_throw(io::load_safetensors(weights));
  spdlog::info("loading UNet {} ({} tensors) as {} on {}", weights.string(), tensors.size(),
               dtype_name(placement.dtype), placement.device.str());
  return load_unet(config, tensors, weights.string(), placement);
}

}  // namespace olis::models
