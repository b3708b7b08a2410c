#pragma once
// The CLIP text transformer of SD 1.x (CLIP ViT-L/14), SD 2.x (OpenCLIP ViT-H) and SDXL (CLIP-L and
// OpenCLIP bigG with projection), as HF CLIPTextModel / CLIPTextModelWithProjection. Submodules carry
// the HF key names ("text_model.encoder.layers.0.self_attn.q_proj"), so loading is a name lookup.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/safetensors.h"
#include "core/models/layers.h"
#include "core/text/clip_text_config.h"

namespace olis::text {

struct ClipTextOutput {
  torch::Tensor last_hidden_state;           // [B, L, D] final_layer_norm(last layer output)
  torch::Tensor pooled;                      // [B, D] last_hidden_state at the eos position
  torch::Tensor text_embeds;                 // [B, P] pooled @ text_projection^T (when the model has one)
  std::vector<torch::Tensor> hidden_states;  // num_layers + 1: [0] embeddings, [i] output of layer i (no final LN)
  const torch::Tensor& penultimate() const { return hidden_states.at(hidden_states.size() - 2); }
};

class ClipTextEmbeddingsImpl : public torch::nn::Module {
 public:
  explicit ClipTextEmbeddingsImpl(const ClipTextConfig& c);
  // ids: [B, L] int64 -> [B, L, D]
  torch::Tensor forward(const torch::Tensor& ids);

  // Trainable rows: a delta [K, D] for the given token ids, added on lookup; the embedding itself
  // is frozen (requires_grad false). The delta is float32 on the embedding's device (set rows after .to()),
  // and the lookup adds it in float32, so a bf16/fp16 model loses no update to rounding of the delta.
  void set_trainable_rows(const std::vector<int64_t>& token_ids);
  void clear_trainable_rows();
  torch::Tensor row_delta() const { return row_delta_; }
  const std::vector<int64_t>& trainable_rows() const { return rows_; }
  void merge_row_delta();  // token_embedding.weight[rows] += delta; delta = 0

  torch::nn::Embedding token_embedding{nullptr}, position_embedding{nullptr};

 private:
  std::vector<int64_t> rows_;
  torch::Tensor row_delta_;  // [K, D], requires_grad
  torch::Tensor row_slot_;   // [V] int64: 0 for frozen rows, 1 + k for trainable row k
};
TORCH_MODULE(ClipTextEmbeddings);

class ClipAttentionImpl : public torch::nn::Module {
 public:
  ClipAttentionImpl(int64_t dim, int64_t heads);
  // x: [B, L, D] -> [B, L, D], causal self-attention
  torch::Tensor forward(const torch::Tensor& x);
  // olis Linear layers (same "weight"/"bias" keys as torch's): they carry un-merged LoRA adapters.
  models::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};

 private:
  int64_t heads_;
};
TORCH_MODULE(ClipAttention);

class ClipMlpImpl : public torch::nn::Module {
 public:
  ClipMlpImpl(int64_t dim, int64_t hidden, ClipActivation act);
  // x: [B, L, D] -> [B, L, D]
  torch::Tensor forward(const torch::Tensor& x);
  models::Linear fc1{nullptr}, fc2{nullptr};

 private:
  ClipActivation act_;
};
TORCH_MODULE(ClipMlp);

class ClipEncoderLayerImpl : public torch::nn::Module {
 public:
  explicit ClipEncoderLayerImpl(const ClipTextConfig& c);
  // x: [B, L, D] -> [B, L, D] (pre-LN residual blocks)
  torch::Tensor forward(const torch::Tensor& x);
  ClipAttention self_attn{nullptr};
  torch::nn::LayerNorm layer_norm1{nullptr}, layer_norm2{nullptr};
  ClipMlp mlp{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

class ClipEncoderImpl : public torch::nn::Module {
 public:
  explicit ClipEncoderImpl(const ClipTextConfig& c);
  std::vector<ClipEncoderLayer> layer_list;  // the same modules as `layers`, typed
  torch::nn::ModuleList layers{nullptr};
};
TORCH_MODULE(ClipEncoder);

class ClipTextTransformerImpl : public torch::nn::Module {
 public:
  explicit ClipTextTransformerImpl(const ClipTextConfig& c);
  ClipTextEmbeddings embeddings{nullptr};
  ClipEncoder encoder{nullptr};
  torch::nn::LayerNorm final_layer_norm{nullptr};
};
TORCH_MODULE(ClipTextTransformer);

class ClipTextModelImpl : public torch::nn::Module {
 public:
  explicit ClipTextModelImpl(const ClipTextConfig& config);
  // ids: [B, L] int64 (L <= max_positions) -> last_hidden_state [B, L, D], pooled [B, D], text_embeds [B, P],
  // hidden_states (L+1) x [B, L, D]
  ClipTextOutput forward(const torch::Tensor& ids);
  // x: [B, L, D] -> [B, L, D]; SD 1.x clip-skip applies it to an earlier layer's output.
  torch::Tensor apply_final_layer_norm(const torch::Tensor& x);

  const ClipTextConfig& config() const { return config_; }
  ClipTextEmbeddings& embeddings() { return text_model->embeddings; }

  ClipTextTransformer text_model{nullptr};
  models::Linear text_projection{nullptr};  // only when config.projection_dim > 0

 private:
  ClipTextConfig config_;
};
TORCH_MODULE(ClipTextModel);

// Copies HF-named weights into the model (converted to the model's dtype). Ignores the legacy
// "text_model.embeddings.position_ids" buffer. Throws olis::Error naming `label` and the missing,
// unexpected or wrongly shaped keys.
void load_clip_text_weights(ClipTextModel& model, const io::TensorMap& weights, const std::string& label);

// A diffusers/HF text encoder folder: config.json + model.safetensors (or a sharded index).
Expected<ClipTextModel> load_clip_text_model_folder(const std::filesystem::path& folder);

// Builds the model for `config` and loads `weights` into it (float32 on the CPU unless told otherwise).
ClipTextModel make_clip_text_model(const ClipTextConfig& config, const io::TensorMap& weights, const std::string& label);

}  // namespace olis::text
