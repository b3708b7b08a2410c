#include "core/io/ldm_names.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace olis::io {
namespace {

struct Rename {
  std::string_view from;
  std::string_view to;
};

// Inside a UNet resnet (LDM ResBlock -> diffusers ResnetBlock2D).
constexpr std::array<Rename, 6> kResnetRenames{{
    {"in_layers.0", "norm1"},
    {"in_layers.2", "conv1"},
    {"emb_layers.1", "time_emb_proj"},
    {"out_layers.0", "norm2"},
    {"out_layers.3", "conv2"},
    {"skip_connection", "conv_shortcut"},
}};

// Top-level UNet modules outside the block structure.
constexpr std::array<Rename, 7> kUnetTopRenames{{
    {"time_embed.0", "time_embedding.linear_1"},
    {"time_embed.2", "time_embedding.linear_2"},
    {"label_emb.0.0", "add_embedding.linear_1"},
    {"label_emb.0.2", "add_embedding.linear_2"},
    {"input_blocks.0.0", "conv_in"},
    {"out.0", "conv_norm_out"},
    {"out.2", "conv_out"},
}};

// Inside a VAE block (the parts not handled structurally).
constexpr std::array<Rename, 8> kVaeRenames{{
    {"mid.attn_1.norm", "mid_block.attentions.0.group_norm"},
    {"mid.attn_1.q", "mid_block.attentions.0.to_q"},
    {"mid.attn_1.k", "mid_block.attentions.0.to_k"},
    {"mid.attn_1.v", "mid_block.attentions.0.to_v"},
    {"mid.attn_1.proj_out", "mid_block.attentions.0.to_out.0"},
    {"mid.block_1", "mid_block.resnets.0"},
    {"mid.block_2", "mid_block.resnets.1"},
    {"norm_out", "conv_norm_out"},
}};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Matches `name` == from or starts with from + '.'; returns the rest (with its leading '.') or nullopt.
std::optional<std::string_view> strip_module(std::string_view name, std::string_view from) {
  if (!starts_with(name, from)) return std::nullopt;
  auto rest = name.substr(from.size());
  if (!rest.empty() && rest[0] != '.') return std::nullopt;
  return rest;
}

template <std::size_t N>
std::optional<std::string> apply_table(std::string_view name, const std::array<Rename, N>& table) {
  for (const auto& r : table)
    if (auto rest = strip_module(name, r.from)) return std::string(r.to) + std::string(*rest);
  return std::nullopt;
}

std::string rename_resnet_inner(std::string_view rest) {
  // rest starts with '.' or is empty.
  if (rest.empty()) return "";
  auto inner = rest.substr(1);
  if (auto r = apply_table(inner, kResnetRenames)) return "." + *r;
  return std::string(rest);
}

// Parses "<prefix><int>.<int><rest>"; returns indices and the remaining part.
bool parse_two_indices(std::string_view s, std::string_view prefix, int& a, int& b, std::string_view& rest) {
  if (!starts_with(s, prefix)) return false;
  s.remove_prefix(prefix.size());
  auto read_int = [](std::string_view& v, int& out) {
    std::size_t n = 0;
    while (n < v.size() && v[n] >= '0' && v[n] <= '9') ++n;
    if (n == 0) return false;
    out = std::atoi(std::string(v.substr(0, n)).c_str());
    v.remove_prefix(n);
    return true;
  };
  if (!read_int(s, a)) return false;
  if (s.empty() || s[0] != '.') return false;
  s.remove_prefix(1);
  if (!read_int(s, b)) return false;
  if (!s.empty() && s[0] != '.') return false;
  rest = s;
  return true;
}

bool parse_index(std::string_view s, std::string_view prefix, int& a, std::string_view& rest) {
  if (!starts_with(s, prefix)) return false;
  s.remove_prefix(prefix.size());
  std::size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0 || (n < s.size() && s[n] != '.')) return false;
  a = std::atoi(std::string(s.substr(0, n)).c_str());
  rest = s.substr(n);
  return true;
}

bool is_resnet_part(std::string_view rest) {
  for (const auto& r : kResnetRenames)
    if (strip_module(rest.substr(rest.empty() ? 0 : 1), r.from)) return true;
  return false;
}

std::string_view strip_unet_prefix(std::string_view k) {
  constexpr std::string_view p = "model.diffusion_model.";
  return starts_with(k, p) ? k.substr(p.size()) : k;
}

}  // namespace

LdmUnetLayout detect_ldm_unet_layout(const std::vector<std::string>& ldm_keys) {
  LdmUnetLayout layout;
  int op_block = -1, max_input = 0, max_output = -1;
  std::vector<int> attn_outputs;
  for (const auto& full : ldm_keys) {
    auto k = strip_unet_prefix(full);
    int a = 0, b = 0;
    std::string_view rest;
    if (parse_two_indices(k, "input_blocks.", a, b, rest)) {
      max_input = std::max(max_input, a);
      if (b == 0 && starts_with(rest, ".op.") && (op_block < 0 || a < op_block)) op_block = a;
    } else if (parse_two_indices(k, "output_blocks.", a, b, rest)) {
      max_output = std::max(max_output, a);
      if (b == 1 && !starts_with(rest, ".conv.")) attn_outputs.push_back(a);
    }
  }
  layout.layers_per_block = op_block > 0 ? op_block - 1 : std::max(1, max_input);
  const int per_up = layout.layers_per_block + 1;
  const int num_up = max_output >= 0 ? (max_output / per_up) + 1 : 0;
  layout.up_block_has_attention.assign(static_cast<std::size_t>(num_up), false);
  for (int j : attn_outputs)
    if (j / per_up < num_up) layout.up_block_has_attention[static_cast<std::size_t>(j / per_up)] = true;
  return layout;
}

LdmUnetLayout detect_diffusers_unet_layout(const std::vector<std::string>& keys) {
  LdmUnetLayout layout;
  int max_resnet = -1, max_up = -1;
  std::vector<int> attn_up;
  for (const auto& k : keys) {
    int a = 0, b = 0;
    std::string_view rest;
    if (parse_two_indices(k, "down_blocks.0.resnets.", a, b, rest) || parse_index(k, "down_blocks.0.resnets.", a, rest))
      max_resnet = std::max(max_resnet, a);
    if (parse_index(k, "up_blocks.", a, rest)) {
      max_up = std::max(max_up, a);
      if (starts_with(rest, ".attentions.")) attn_up.push_back(a);
    }
  }
  layout.layers_per_block = std::max(1, max_resnet + 1);
  layout.up_block_has_attention.assign(static_cast<std::size_t>(max_up + 1), false);
  for (int u : attn_up) layout.up_block_has_attention[static_cast<std::size_t>(u)] = true;
  return layout;
}

std::optional<std::string> ldm_unet_to_diffusers(const std::string& ldm_name, const LdmUnetLayout& layout) {
  std::string_view k = strip_unet_prefix(ldm_name);
  if (auto r = apply_table(k, kUnetTopRenames)) return r;
  const int L = layout.layers_per_block;
  int a = 0, b = 0;
  std::string_view rest;
  if (parse_two_indices(k, "input_blocks.", a, b, rest)) {
    if (a == 0) return std::nullopt;
    const int block = (a - 1) / (L + 1), layer = (a - 1) % (L + 1);
    if (b == 0 && starts_with(rest, ".op"))
      return "down_blocks." + std::to_string(block) + ".downsamplers.0.conv" + std::string(rest.substr(3));
    if (b == 0) return "down_blocks." + std::to_string(block) + ".resnets." + std::to_string(layer) + rename_resnet_inner(rest);
    if (b == 1) return "down_blocks." + std::to_string(block) + ".attentions." + std::to_string(layer) + std::string(rest);
    return std::nullopt;
  }
  if (parse_two_indices(k, "output_blocks.", a, b, rest)) {
    const int block = a / (L + 1), layer = a % (L + 1);
    const auto up = "up_blocks." + std::to_string(block);
    if (b == 0) return up + ".resnets." + std::to_string(layer) + rename_resnet_inner(rest);
    if ((b == 1 || b == 2) && (rest == ".conv" || starts_with(rest, ".conv.")))
      return up + ".upsamplers.0" + std::string(rest);
    if (b == 1) return up + ".attentions." + std::to_string(layer) + std::string(rest);
    return std::nullopt;
  }
  if (parse_index(k, "middle_block.", a, rest)) {
    if (a == 0) return "mid_block.resnets.0" + rename_resnet_inner(rest);
    if (a == 1 && !is_resnet_part(rest)) return "mid_block.attentions.0" + std::string(rest);
    if (a == 1 || a == 2) return "mid_block.resnets.1" + rename_resnet_inner(rest);
  }
  return std::nullopt;
}

std::optional<std::string> diffusers_unet_to_ldm(const std::string& name, const LdmUnetLayout& layout) {
  for (const auto& r : kUnetTopRenames)
    if (auto rest = strip_module(name, r.to)) return std::string(r.from) + std::string(*rest);
  const int L = layout.layers_per_block;
  auto resnet_inner_back = [](std::string_view rest) {
    if (rest.empty()) return std::string();
    auto inner = rest.substr(1);
    for (const auto& r : kResnetRenames)
      if (auto tail = strip_module(inner, r.to)) return "." + std::string(r.from) + std::string(*tail);
    return std::string(rest);
  };
  int blk = 0, idx = 0;
  std::string_view rest;
  if (parse_index(name, "down_blocks.", blk, rest)) {
    std::string_view tail;
    if (parse_index(rest, ".resnets.", idx, tail))
      return "input_blocks." + std::to_string(1 + blk * (L + 1) + idx) + ".0" + resnet_inner_back(tail);
    if (parse_index(rest, ".attentions.", idx, tail))
      return "input_blocks." + std::to_string(1 + blk * (L + 1) + idx) + ".1" + std::string(tail);
    if (auto t = strip_module(rest.substr(rest.empty() ? 0 : 1), "downsamplers.0.conv"))
      return "input_blocks." + std::to_string(1 + blk * (L + 1) + L) + ".0.op" + std::string(*t);
    return std::nullopt;
  }
  if (parse_index(name, "up_blocks.", blk, rest)) {
    std::string_view tail;
    if (parse_index(rest, ".resnets.", idx, tail))
      return "output_blocks." + std::to_string(blk * (L + 1) + idx) + ".0" + resnet_inner_back(tail);
    if (parse_index(rest, ".attentions.", idx, tail))
      return "output_blocks." + std::to_string(blk * (L + 1) + idx) + ".1" + std::string(tail);
    if (auto t = strip_module(rest.substr(rest.empty() ? 0 : 1), "upsamplers.0")) {
      const bool attn = static_cast<std::size_t>(blk) < layout.up_block_has_attention.size() &&
                        layout.up_block_has_attention[static_cast<std::size_t>(blk)];
      return "output_blocks." + std::to_string(blk * (L + 1) + L) + (attn ? ".2" : ".1") + std::string(*t);
    }
    return std::nullopt;
  }
  if (auto t = strip_module(name, "mid_block.resnets.0")) return "middle_block.0" + resnet_inner_back(*t);
  if (auto t = strip_module(name, "mid_block.attentions.0")) return "middle_block.1" + std::string(*t);
  if (auto t = strip_module(name, "mid_block.resnets.1")) return "middle_block.2" + resnet_inner_back(*t);
  return std::nullopt;
}

int detect_ldm_vae_up_blocks(const std::vector<std::string>& ldm_keys) {
  int max_up = -1;
  for (const auto& full : ldm_keys) {
    std::string_view k = full;
    constexpr std::string_view p = "first_stage_model.";
    if (starts_with(k, p)) k.remove_prefix(p.size());
    int a = 0;
    std::string_view rest;
    if (parse_index(k, "decoder.up.", a, rest)) max_up = std::max(max_up, a);
  }
  return max_up + 1;
}

std::optional<std::string> ldm_vae_to_diffusers(const std::string& ldm_name, int num_up_blocks) {
  std::string_view k = ldm_name;
  constexpr std::string_view p = "first_stage_model.";
  if (starts_with(k, p)) k.remove_prefix(p.size());
  if (strip_module(k, "quant_conv") || strip_module(k, "post_quant_conv")) return std::string(k);
  std::string side;
  if (starts_with(k, "encoder.")) side = "encoder.";
  else if (starts_with(k, "decoder.")) side = "decoder.";
  else return std::nullopt;
  k.remove_prefix(side.size());
  auto resnet_inner = [](std::string_view rest) {
    if (auto t = strip_module(rest.substr(rest.empty() ? 0 : 1), "nin_shortcut")) return ".conv_shortcut" + std::string(*t);
    return std::string(rest);
  };
  if (strip_module(k, "conv_in") || strip_module(k, "conv_out")) return side + std::string(k);
  if (auto r = apply_table(k, kVaeRenames)) {
    // resnets inside the mid block may carry nin_shortcut too
    auto pos = r->find(".nin_shortcut");
    if (pos != std::string::npos) r->replace(pos, 13, ".conv_shortcut");
    return side + *r;
  }
  int a = 0, b = 0;
  std::string_view rest;
  if (parse_index(k, "down.", a, rest)) {
    std::string_view tail;
    if (parse_index(rest, ".block.", b, tail))
      return side + "down_blocks." + std::to_string(a) + ".resnets." + std::to_string(b) + resnet_inner(tail);
    if (auto t = strip_module(rest.substr(rest.empty() ? 0 : 1), "downsample.conv"))
      return side + "down_blocks." + std::to_string(a) + ".downsamplers.0.conv" + std::string(*t);
    return std::nullopt;
  }
  if (parse_index(k, "up.", a, rest)) {
    const int blk = num_up_blocks - 1 - a;
    if (blk < 0) return std::nullopt;
    std::string_view tail;
    if (parse_index(rest, ".block.", b, tail))
      return side + "up_blocks." + std::to_string(blk) + ".resnets." + std::to_string(b) + resnet_inner(tail);
    if (auto t = strip_module(rest.substr(rest.empty() ? 0 : 1), "upsample.conv"))
      return side + "up_blocks." + std::to_string(blk) + ".upsamplers.0.conv" + std::string(*t);
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace olis::io
