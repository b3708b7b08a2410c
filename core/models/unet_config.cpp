#include "core/models/unet_config.h"

#include <numeric>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/util/json_util.h"

namespace olis::models {
namespace {

using nlohmann::json;

// An int-or-list field expanded to `n` entries.
std::vector<int64_t> int_list(const json& j, const std::string& key, int64_t fallback, size_t n,
                              const std::string& source) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::vector<int64_t>(n, fallback);
  if (it->is_number_integer()) return std::vector<int64_t>(n, it->get<int64_t>());
  if (it->is_array()) {
    std::vector<int64_t> out;
    for (const auto& v : *it) {
      if (!v.is_number_integer())
        throw Error(fmt::format("{}: '{}' holds {}; Olis supports one integer per block there", source, key, v.dump()));
      out.push_back(v.get<int64_t>());
    }
    if (out.size() != n)
      throw Error(fmt::format("{}: '{}' has {} entries but the model has {} blocks", source, key, out.size(), n));
    return out;
  }
  throw Error(fmt::format("{}: '{}' must be an integer or a list of integers", source, key));
}

void require_null(const json& j, const std::string& key, const std::string& source) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null() && !(it->is_boolean() && !it->get<bool>()))
    throw Error(fmt::format("{}: '{}' = {} is not supported by Olis' UNet", source, key, it->dump()));
}

void require_value(const json& j, const std::string& key, const std::string& expected, const std::string& source) {
  auto v = json_get<std::string>(j, key, expected, source);
  if (v != expected)
    throw Error(fmt::format("{}: '{}' = \"{}\" is not supported by Olis' UNet (only \"{}\")", source, key, v, expected));
}

// Highest N+1 over keys "<prefix>N." (0 if none).
int64_t count_indexed(const io::TensorMap& t, const std::string& prefix) {
  int64_t n = 0;
  for (auto it = t.lower_bound(prefix); it != t.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    auto rest = it->first.substr(prefix.size());
    auto dot = rest.find('.');
    try {
      n = std::max<int64_t>(n, std::stoll(rest.substr(0, dot)) + 1);
    } catch (const std::exception&) {
    }
  }
  return n;
}

bool has_prefix(const io::TensorMap& t, const std::string& prefix) {
  auto it = t.lower_bound(prefix);
  return it != t.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

const torch::Tensor& need(const io::TensorMap& t, const std::string& key) {
  auto it = t.find(key);
  if (it == t.end()) throw Error("UNet weights have no '" + key + "': not a diffusers-named UNet2DConditionModel");
  return it->second;
}

}  // namespace

int64_t guess_norm_groups(const std::vector<int64_t>& channels) {
  if (channels.empty()) return 32;
  int64_t g = 0;
  for (auto ch : channels) g = std::gcd(g, ch);
  if (g % 32 == 0) return 32;
  for (int64_t d = std::max<int64_t>(1, channels[0] / 2); d > 1; --d)
    if (g % d == 0) return d;
  return 1;
}

std::string to_string(UNetFamily f) {
  switch (f) {
    case UNetFamily::SD1: return "sd1";
    case UNetFamily::SD2: return "sd2";
    case UNetFamily::SDXL: return "sdxl";
    default: return "other";
  }
}

int64_t UNetConfig::overall_up_factor() const {
  int64_t f = 1;
  for (size_t i = 0; i + 1 < up_block_types.size(); ++i) f *= 2;
  return f;
}

UNetFamily UNetConfig::family() const {
  if (addition_embed_type == "text_time") return UNetFamily::SDXL;
  if (use_linear_projection) return UNetFamily::SD2;
  if (!use_linear_projection && addition_embed_type.empty()) return UNetFamily::SD1;
  return UNetFamily::Other;
}

UNetConfig UNetConfig::from_json(const json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": not a JSON object");
  auto cls = json_get<std::string>(j, "_class_name", "UNet2DConditionModel", source);
  if (cls != "UNet2DConditionModel")
    throw Error(fmt::format("{}: _class_name is \"{}\", expected UNet2DConditionModel", source, cls));
  for (const char* k : {"class_embed_type", "encoder_hid_dim_type", "encoder_hid_dim", "time_cond_proj_dim",
                        "time_embedding_act_fn", "timestep_post_act", "cross_attention_norm", "num_class_embeds",
                        "class_embeddings_concat", "dual_cross_attention", "resnet_skip_time_act"})
    require_null(j, k, source);
  require_value(j, "act_fn", "silu", source);
  require_value(j, "attention_type", "default", source);
  require_value(j, "resnet_time_scale_shift", "default", source);
  require_value(j, "time_embedding_type", "positional", source);

  UNetConfig c;
  c.in_channels = json_get<int64_t>(j, "in_channels", 4, source);
  c.out_channels = json_get<int64_t>(j, "out_channels", 4, source);
  c.sample_size = json_get<int64_t>(j, "sample_size", 64, source);
  c.center_input_sample = json_get<bool>(j, "center_input_sample", false, source);
  c.flip_sin_to_cos = json_get<bool>(j, "flip_sin_to_cos", true, source);
  c.freq_shift = json_get<double>(j, "freq_shift", 0.0, source);
  c.down_block_types = json_get<std::vector<std::string>>(
      j, "down_block_types",
      {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"}, source);
  c.up_block_types = json_get<std::vector<std::string>>(
      j, "up_block_types", {"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"}, source);
  c.mid_block_type = json_get<std::string>(j, "mid_block_type", "UNetMidBlock2DCrossAttn", source);
  c.block_out_channels = json_get<std::vector<int64_t>>(j, "block_out_channels", {320, 640, 1280, 1280}, source);
  const size_t n = c.block_out_channels.size();
  c.layers_per_block = int_list(j, "layers_per_block", 2, n, source);
  c.downsample_padding = json_get<int64_t>(j, "downsample_padding", 1, source);
  c.mid_block_scale_factor = json_get<double>(j, "mid_block_scale_factor", 1.0, source);
  c.norm_num_groups = json_get<int64_t>(j, "norm_num_groups", 32, source);
  c.norm_eps = json_get<double>(j, "norm_eps", 1e-5, source);
  c.cross_attention_dim = int_list(j, "cross_attention_dim", 1280, n, source);
  c.transformer_layers_per_block = int_list(j, "transformer_layers_per_block", 1, n, source);
  if (j.contains("reverse_transformer_layers_per_block") && !j["reverse_transformer_layers_per_block"].is_null()) {
    c.reverse_transformer_layers_per_block = int_list(j, "reverse_transformer_layers_per_block", 1, n, source);
  } else {
    c.reverse_transformer_layers_per_block.assign(c.transformer_layers_per_block.rbegin(),
                                                  c.transformer_layers_per_block.rend());
  }
  // diffusers quirk: "attention_head_dim" is the number of heads unless num_attention_heads is given.
  if (j.contains("num_attention_heads") && !j["num_attention_heads"].is_null())
    c.num_attention_heads = int_list(j, "num_attention_heads", 8, n, source);
  else
    c.num_attention_heads = int_list(j, "attention_head_dim", 8, n, source);
  c.use_linear_projection = json_get<bool>(j, "use_linear_projection", false, source);
  c.upcast_attention = json_get<bool>(j, "upcast_attention", false, source);
  auto oca = j.find("only_cross_attention");
  if (oca != j.end() && oca->is_array()) {
    for (const auto& v : *oca) c.only_cross_attention.push_back(v.get<bool>());
  } else {
    c.only_cross_attention.assign(n, oca != j.end() && oca->is_boolean() && oca->get<bool>());
  }
  c.addition_embed_type = json_get<std::string>(j, "addition_embed_type", "", source);
  if (!c.addition_embed_type.empty() && c.addition_embed_type != "text_time")
    throw Error(fmt::format("{}: addition_embed_type \"{}\" is not supported (only text_time, SDXL)", source,
                            c.addition_embed_type));
  c.addition_time_embed_dim = json_get<int64_t>(j, "addition_time_embed_dim", 0, source);
  c.projection_class_embeddings_input_dim = json_get<int64_t>(j, "projection_class_embeddings_input_dim", 0, source);
  c.conv_in_kernel = json_get<int64_t>(j, "conv_in_kernel", 3, source);
  c.conv_out_kernel = json_get<int64_t>(j, "conv_out_kernel", 3, source);
  c.time_embedding_dim = json_get<int64_t>(j, "time_embedding_dim", 0, source);
  c.resnet_out_scale_factor = json_get<double>(j, "resnet_out_scale_factor", 1.0, source);
  c.validate(source);
  return c;
}

Expected<UNetConfig> UNetConfig::load(const std::filesystem::path& config_json) {
  return load_json_as(config_json, [](const nlohmann::json& j, const std::string& label) { return from_json(j, label); });
}

void UNetConfig::validate(const std::string& source) const {
  const size_t n = block_out_channels.size();
  auto fail_if = [&](bool bad, const std::string& what) {
    if (bad) throw Error(source + ": " + what);
  };
  fail_if(n == 0, "block_out_channels is empty");
  fail_if(down_block_types.size() != n || up_block_types.size() != n,
          fmt::format("{} down and {} up block types for {} block_out_channels", down_block_types.size(),
                      up_block_types.size(), n));
  for (const auto& t : down_block_types)
    fail_if(t != "CrossAttnDownBlock2D" && t != "DownBlock2D", "down block type \"" + t + "\" is not supported");
  for (const auto& t : up_block_types)
    fail_if(t != "CrossAttnUpBlock2D" && t != "UpBlock2D", "up block type \"" + t + "\" is not supported");
  fail_if(!mid_block_type.empty() && mid_block_type != "UNetMidBlock2DCrossAttn",
          "mid_block_type \"" + mid_block_type + "\" is not supported");
  fail_if(only_cross_attention.size() != n, "only_cross_attention must have one entry per block");
  for (size_t i = 0; i < n; ++i) {
    fail_if(block_out_channels[i] % norm_num_groups != 0,
            fmt::format("block_out_channels[{}] = {} is not divisible by norm_num_groups {}", i,
                        block_out_channels[i], norm_num_groups));
    fail_if(num_attention_heads[i] <= 0 || block_out_channels[i] % num_attention_heads[i] != 0,
            fmt::format("block {} has {} channels, not divisible into {} attention heads", i, block_out_channels[i],
                        num_attention_heads[i]));
  }
  if (addition_embed_type == "text_time") {
    fail_if(addition_time_embed_dim <= 0, "text_time conditioning needs addition_time_embed_dim");
    fail_if(added_text_embeds_dim() <= 0,
            fmt::format("projection_class_embeddings_input_dim {} is too small for 6 time ids of width {}",
                        projection_class_embeddings_input_dim, addition_time_embed_dim));
  }
  fail_if(conv_in_kernel % 2 == 0 || conv_out_kernel % 2 == 0, "conv kernels must be odd");
}

nlohmann::json UNetConfig::to_json() const {
  json j;
  j["_class_name"] = "UNet2DConditionModel";
  j["in_channels"] = in_channels;
  j["out_channels"] = out_channels;
  j["sample_size"] = sample_size;
  j["center_input_sample"] = center_input_sample;
  j["flip_sin_to_cos"] = flip_sin_to_cos;
  j["freq_shift"] = freq_shift;
  j["down_block_types"] = down_block_types;
  j["up_block_types"] = up_block_types;
  j["mid_block_type"] = mid_block_type.empty() ? json(nullptr) : json(mid_block_type);
  j["block_out_channels"] = block_out_channels;
  j["layers_per_block"] = layers_per_block;
  j["downsample_padding"] = downsample_padding;
  j["mid_block_scale_factor"] = mid_block_scale_factor;
  j["norm_num_groups"] = norm_num_groups;
  j["norm_eps"] = norm_eps;
  j["cross_attention_dim"] = cross_attention_dim;
  j["transformer_layers_per_block"] = transformer_layers_per_block;
  j["reverse_transformer_layers_per_block"] = reverse_transformer_layers_per_block;
  j["attention_head_dim"] = num_attention_heads;
  j["use_linear_projection"] = use_linear_projection;
  j["upcast_attention"] = upcast_attention;
  j["only_cross_attention"] = only_cross_attention;
  j["addition_embed_type"] = addition_embed_type.empty() ? json(nullptr) : json(addition_embed_type);
  j["addition_time_embed_dim"] = addition_time_embed_dim > 0 ? json(addition_time_embed_dim) : json(nullptr);
  j["projection_class_embeddings_input_dim"] =
      projection_class_embeddings_input_dim > 0 ? json(projection_class_embeddings_input_dim) : json(nullptr);
  j["conv_in_kernel"] = conv_in_kernel;
  j["conv_out_kernel"] = conv_out_kernel;
  j["time_embedding_dim"] = time_embedding_dim > 0 ? json(time_embedding_dim) : json(nullptr);
  j["resnet_out_scale_factor"] = resnet_out_scale_factor;
  return j;
}

UNetConfig UNetConfig::detect(const io::TensorMap& t, const DetectHints& hints) {
  UNetConfig c;
  const torch::Tensor conv_in = need(t, "conv_in.weight");
  const torch::Tensor conv_out = need(t, "conv_out.weight");
  c.in_channels = conv_in.size(1);
  c.conv_in_kernel = conv_in.size(2);
  c.out_channels = conv_out.size(0);
  c.conv_out_kernel = conv_out.size(2);
  c.norm_num_groups = 32;
  const int64_t n = count_indexed(t, "down_blocks.");
  if (n == 0 || count_indexed(t, "up_blocks.") != n)
    throw Error("UNet weights: cannot find matching down_blocks/up_blocks");
  c.time_embedding_dim = need(t, "time_embedding.linear_1.weight").size(0);
  if (c.time_embedding_dim == 4 * conv_in.size(0)) c.time_embedding_dim = 0;
  c.cross_attention_dim.clear();
  int64_t cross_dim = 0;
  for (int64_t i = 0; i < n; ++i) {
    const auto p = fmt::format("down_blocks.{}.", i);
    c.block_out_channels.push_back(need(t, p + "resnets.0.conv1.weight").size(0));
    c.layers_per_block.push_back(count_indexed(t, p + "resnets."));
    const bool attn = has_prefix(t, p + "attentions.");
    c.down_block_types.push_back(attn ? "CrossAttnDownBlock2D" : "DownBlock2D");
    c.transformer_layers_per_block.push_back(attn ? count_indexed(t, p + "attentions.0.transformer_blocks.") : 1);
    if (attn) {
      c.use_linear_projection = need(t, p + "attentions.0.proj_in.weight").dim() == 2;
      cross_dim = need(t, p + "attentions.0.transformer_blocks.0.attn2.to_k.weight").size(1);
    }
    const auto up = fmt::format("up_blocks.{}.", i);
    const bool up_attn = has_prefix(t, up + "attentions.");
    c.up_block_types.push_back(up_attn ? "CrossAttnUpBlock2D" : "UpBlock2D");
    c.reverse_transformer_layers_per_block.push_back(
        up_attn ? count_indexed(t, up + "attentions.0.transformer_blocks.") : 1);
  }
  if (has_prefix(t, "mid_block.attentions.")) {
    c.mid_block_type = "UNetMidBlock2DCrossAttn";
    c.use_linear_projection = need(t, "mid_block.attentions.0.proj_in.weight").dim() == 2;
    cross_dim = need(t, "mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight").size(1);
    c.transformer_layers_per_block.back() = count_indexed(t, "mid_block.attentions.0.transformer_blocks.");
  } else {
    c.mid_block_type = has_prefix(t, "mid_block.") ? "unsupported mid block" : "";
  }
  c.cross_attention_dim.assign(n, cross_dim > 0 ? cross_dim : 1280);
  c.only_cross_attention.assign(n, false);
  c.norm_num_groups = hints.norm_num_groups > 0 ? hints.norm_num_groups : guess_norm_groups(c.block_out_channels);

  if (has_prefix(t, "add_embedding.")) {
    c.addition_embed_type = "text_time";
    c.projection_class_embeddings_input_dim = need(t, "add_embedding.linear_1.weight").size(1);
    const int64_t ids = hints.num_time_ids > 0 ? hints.num_time_ids : 6;
    if (hints.text_embeds_dim > 0) {
      c.addition_time_embed_dim = (c.projection_class_embeddings_input_dim - hints.text_embeds_dim) / ids;
    } else if (c.projection_class_embeddings_input_dim > 6 * 256) {
      c.addition_time_embed_dim = 256;  // SDXL base: 1280 pooled + 6 x 256
    } else {
      throw Error(fmt::format(
          "UNet weights: add_embedding takes {} inputs; the split between the pooled text embedding and the time ids "
          "cannot be read from shapes (give the text encoder's projection size)",
          c.projection_class_embeddings_input_dim));
    }
  }
  c.upcast_attention = hints.upcast_attention || c.family() == UNetFamily::SD2;

  if (!hints.num_attention_heads.empty()) {
    c.num_attention_heads = hints.num_attention_heads;
  } else {
    int64_t head_channels = hints.head_channels;
    if (head_channels <= 0 && !c.use_linear_projection && c.addition_embed_type.empty()) {
      c.num_attention_heads.assign(n, 8);  // SD 1.x: num_heads 8 in v1-inference.yaml
    } else {
      if (head_channels <= 0) {
        for (int64_t cand : {64, 8}) {
          bool ok = true;
          for (auto ch : c.block_out_channels) ok = ok && ch % cand == 0;
          if (ok) {
            head_channels = cand;
            break;
          }
        }
        if (head_channels <= 0) {
          head_channels = c.block_out_channels[0];
          for (auto ch : c.block_out_channels) head_channels = std::gcd(head_channels, ch);
        }
        if (head_channels != 64)
          spdlog::warn("UNet weights: channels are not multiples of 64; assuming {} channels per attention head",
                       head_channels);
      }
      for (auto ch : c.block_out_channels) c.num_attention_heads.push_back(std::max<int64_t>(1, ch / head_channels));
    }
  }
  c.validate("UNet weights (detected config)");
  spdlog::info("detected UNet: family {}, channels {}, heads {}, linear projection {}", to_string(c.family()),
               fmt::join(c.block_out_channels, ","), fmt::join(c.num_attention_heads, ","), c.use_linear_projection);
  return c;
}

}  // namespace olis::models
