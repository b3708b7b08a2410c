#include "core/text/clip_text_model.h"

#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/models/attention.h"

namespace olis::text {

namespace {

// A Linear initialised exactly as torch::nn::Linear (same random draws in the same order), so models
// built without weights (tests) behave as before.
models::Linear torch_like_linear(int64_t in, int64_t out, bool bias = true) {
  models::Linear l(in, out, bias, torch::TensorOptions());
  torch::NoGradGuard no_grad;
  torch::nn::init::kaiming_uniform_(l->weight, std::sqrt(5.0));
  if (bias) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    torch::nn::init::uniform_(l->bias, -bound, bound);
  }
  return l;
}

}  // namespace

// ---- embeddings -------------------------------------------------------------------------------------

ClipTextEmbeddingsImpl::ClipTextEmbeddingsImpl(const ClipTextConfig& c) {
  token_embedding = register_module("token_embedding", torch::nn::Embedding(c.vocab_size, c.hidden_size));
  position_embedding = register_module("position_embedding", torch::nn::Embedding(c.max_positions, c.hidden_size));
}

torch::Tensor ClipTextEmbeddingsImpl::forward(const torch::Tensor& ids) {
  const int64_t len = ids.size(1);
  TORCH_CHECK(len <= position_embedding->weight.size(0), "CLIP text encoder: ", len, " tokens but only ",
              position_embedding->weight.size(0), " positions");
  auto x = token_embedding(ids);  // [B, L, D]
  auto positions = torch::arange(len, ids.options().dtype(torch::kLong));
  if (row_delta_.defined()) {
    // Trainable identifier rows: gather the delta through a slot table (slot 0 = zero row), so only
    // [B, L, D] values are touched and the [V, D] embedding needs no gradient. The sum is formed in
    // float32 and rounded once to the model's dtype.
    const auto dtype = x.scalar_type();
    auto padded = torch::cat({torch::zeros({1, row_delta_.size(1)}, row_delta_.options()), row_delta_}, 0);
    auto slots = row_slot_.index_select(0, ids.reshape({-1})).view(ids.sizes());
    auto sum = x.to(torch::kFloat32) + torch::nn::functional::embedding(slots, padded);
    return (sum + position_embedding(positions).unsqueeze(0).to(torch::kFloat32)).to(dtype);
  }
  return x + position_embedding(positions).unsqueeze(0);
}

void ClipTextEmbeddingsImpl::set_trainable_rows(const std::vector<int64_t>& token_ids) {
  const auto& w = token_embedding->weight;
  std::vector<int64_t> rows;
  for (int64_t id : token_ids) {
    if (id < 0 || id >= w.size(0))
      throw Error(fmt::format("token id {} is outside the text encoder's embedding (0..{})", id, w.size(0) - 1));
    if (std::find(rows.begin(), rows.end(), id) == rows.end()) rows.push_back(id);
  }
  if (rows.empty()) {
    clear_trainable_rows();
    return;
  }
  rows_ = rows;
  token_embedding->weight.set_requires_grad(false);  // only the delta learns
  row_delta_ = torch::zeros({static_cast<int64_t>(rows.size()), w.size(1)}, w.options().dtype(torch::kFloat32))
                   .set_requires_grad(true);
  auto slot = torch::zeros({w.size(0)}, torch::TensorOptions().dtype(torch::kLong).device(w.device()));
  for (std::size_t k = 0; k < rows.size(); ++k) slot[rows[k]] = static_cast<int64_t>(k + 1);
  row_slot_ = slot;
}

void ClipTextEmbeddingsImpl::clear_trainable_rows() {
  rows_.clear();
  row_delta_ = torch::Tensor();
  row_slot_ = torch::Tensor();
}

void ClipTextEmbeddingsImpl::merge_row_delta() {
  if (!row_delta_.defined()) return;
  torch::NoGradGuard no_grad;
  auto idx = torch::tensor(rows_, torch::TensorOptions().dtype(torch::kLong).device(row_delta_.device()));
  auto& w = token_embedding->weight;
  w.index_copy_(0, idx, (w.index_select(0, idx).to(torch::kFloat32) + row_delta_).to(w.scalar_type()));
  row_delta_.zero_();
}

// ---- attention, MLP, layer ----------------------------------------------------------------------------

ClipAttentionImpl::ClipAttentionImpl(int64_t dim, int64_t heads) : heads_(heads) {
  q_proj = register_module("q_proj", torch_like_linear(dim, dim));
  k_proj = register_module("k_proj", torch_like_linear(dim, dim));
  v_proj = register_module("v_proj", torch_like_linear(dim, dim));
  out_proj = register_module("out_proj", torch_like_linear(dim, dim));
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x) {
  const int64_t b = x.size(0), l = x.size(1), d = x.size(2), hd = d / heads_;
  auto split = [&](const torch::Tensor& t) { return t.view({b, l, heads_, hd}).transpose(1, 2); };  // [B, H, L, hd]
  models::AttentionOptions opts;
  opts.causal = true;  // SD pipelines pass no padding mask: position i sees positions <= i
  auto o = models::attention(split(q_proj(x)), split(k_proj(x)), split(v_proj(x)), {}, opts);  // [B, H, L, hd]
  return out_proj(o.transpose(1, 2).reshape({b, l, d}));
}

ClipMlpImpl::ClipMlpImpl(int64_t dim, int64_t hidden, ClipActivation act) : act_(act) {
  fc1 = register_module("fc1", torch_like_linear(dim, hidden));
  fc2 = register_module("fc2", torch_like_linear(hidden, dim));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x) {
  auto h = fc1(x);  // [B, L, I]
  h = act_ == ClipActivation::QuickGelu ? h * torch::sigmoid(1.702 * h) : torch::gelu(h);
  return fc2(h);
}

ClipEncoderLayerImpl::ClipEncoderLayerImpl(const ClipTextConfig& c) {
  const auto ln = torch::nn::LayerNormOptions({c.hidden_size}).eps(c.layer_norm_eps);
  self_attn = register_module("self_attn", ClipAttention(c.hidden_size, c.num_heads));
  layer_norm1 = register_module("layer_norm1", torch::nn::LayerNorm(ln));
  mlp = register_module("mlp", ClipMlp(c.hidden_size, c.intermediate_size, c.activation));
  layer_norm2 = register_module("layer_norm2", torch::nn::LayerNorm(ln));
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& x) {
  auto h = x + self_attn(layer_norm1(x));  // [B, L, D]
  return h + mlp(layer_norm2(h));
}

ClipEncoderImpl::ClipEncoderImpl(const ClipTextConfig& c) {
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < c.num_layers; ++i) {
    layer_list.emplace_back(c);
    layers->push_back(layer_list.back());
  }
}

ClipTextTransformerImpl::ClipTextTransformerImpl(const ClipTextConfig& c) {
  embeddings = register_module("embeddings", ClipTextEmbeddings(c));
  encoder = register_module("encoder", ClipEncoder(c));
  final_layer_norm =
      register_module("final_layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hidden_size}).eps(c.layer_norm_eps)));
}

// ---- model --------------------------------------------------------------------------------------------

ClipTextModelImpl::ClipTextModelImpl(const ClipTextConfig& config) : config_(config) {
  text_model = register_module("text_model", ClipTextTransformer(config));
  if (config.projection_dim > 0)
    text_projection = register_module(
        "text_projection", torch_like_linear(config.hidden_size, config.projection_dim, /*bias=*/false));
}

torch::Tensor ClipTextModelImpl::apply_final_layer_norm(const torch::Tensor& x) { return text_model->final_layer_norm(x); }

ClipTextOutput ClipTextModelImpl::forward(const torch::Tensor& ids) {
  TORCH_CHECK(ids.dim() == 2, "CLIP text encoder expects ids [B, L], got ", ids.sizes());
  ClipTextOutput out;
  auto x = text_model->embeddings(ids);  // [B, L, D]
  out.hidden_states.reserve(text_model->encoder->layer_list.size() + 1);
  out.hidden_states.push_back(x);
  for (auto& layer : text_model->encoder->layer_list) {
    x = layer(x);
    out.hidden_states.push_back(x);
  }
  out.last_hidden_state = text_model->final_layer_norm(x);  // [B, L, D]
  torch::Tensor eos_pos;
  if (config_.eos_token_id == 2) {
    eos_pos = ids.argmax(-1);  // legacy configs: the eos is the largest id
  } else {
    eos_pos = (ids == config_.eos_token_id).to(torch::kInt).argmax(-1);
  }
  auto batch = torch::arange(ids.size(0), eos_pos.options());
  out.pooled = out.last_hidden_state.index({batch, eos_pos});  // [B, D]
  if (text_projection) out.text_embeds = text_projection(out.pooled);  // [B, P]
  return out;
}

// ---- weights ------------------------------------------------------------------------------------------

void load_clip_text_weights(ClipTextModel& model, const io::TensorMap& weights, const std::string& label) {
  static const std::set<std::string> kIgnored = {"text_model.embeddings.position_ids"};
  std::vector<std::string> missing, wrong_shape, unexpected;
  std::set<std::string> used;
  auto params = model->named_parameters(/*recurse=*/true);
  for (const auto& item : params) {
    auto it = weights.find(item.key());
    if (it == weights.end()) {
      missing.push_back(item.key());
      continue;
    }
    used.insert(item.key());
    if (it->second.sizes() != item.value().sizes())
      wrong_shape.push_back(fmt::format("'{}' is {} but the model expects {}", item.key(),
                                        fmt::join(it->second.sizes(), "x"), fmt::join(item.value().sizes(), "x")));
  }
  for (const auto& kv : weights)
    if (!used.count(kv.first) && !kIgnored.count(kv.first)) unexpected.push_back(kv.first);

  if (!missing.empty() || !wrong_shape.empty() || !unexpected.empty()) {
    auto list = [](const std::vector<std::string>& v) {
      std::string s;
      for (std::size_t i = 0; i < v.size() && i < 5; ++i) s += (i ? ", " : "") + v[i];
      if (v.size() > 5) s += fmt::format(" and {} more", v.size() - 5);
      return s;
    };
    std::string msg = fmt::format("{}: the weights do not fit a CLIP text encoder ({})", label, model->config().summary());
    if (!wrong_shape.empty()) msg += fmt::format("; wrong shape: {}", list(wrong_shape));
    if (!missing.empty()) msg += fmt::format("; missing: {}", list(missing));
    if (!unexpected.empty()) msg += fmt::format("; unexpected: {}", list(unexpected));
    throw Error(msg);
  }
  torch::NoGradGuard no_grad;
  for (auto& item : params) item.value().copy_(weights.at(item.key()));
}

ClipTextModel make_clip_text_model(const ClipTextConfig& config, const io::TensorMap& weights, const std::string& label) {
  ClipTextModel model(config);
  load_clip_text_weights(model, weights, label);
  model->eval();
  return model;
}

Expected<ClipTextModel> load_clip_text_model_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    return fail(fmt::format("The text encoder folder {} does not exist", folder.string()));
  std::filesystem::path file;
  for (const char* name : {"model.safetensors", "model.safetensors.index.json"})
    if (std::filesystem::exists(folder / name, ec)) {
      file = folder / name;
      break;
    }
  if (file.empty())
    return fail(fmt::format("{} has no model.safetensors (Olis reads safetensors weights only)", folder.string()));
  auto weights = io::load_safetensors(file);
  if (!weights) return tl::unexpected(weights.error());
  ClipTextConfig config;
  try {
    const bool projection = weights->count("text_projection.weight") > 0;
    if (std::filesystem::exists(folder / "config.json", ec)) {
      auto c = read_clip_text_config(folder / "config.json", projection);
      if (!c) return tl::unexpected(c.error());
      config = *c;
    } else {
      config = detect_clip_text_config(*weights, ClipActivation::QuickGelu, file.string());
    }
    return make_clip_text_model(config, *weights, file.string());
  } catch (const Error& e) {
    return fail(e.what());
  }
}

}  // namespace olis::text
