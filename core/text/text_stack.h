#pragma once
// The tokenizers and text encoders of one base model, loaded from a diffusers folder or a single-file
// checkpoint (through io::ModelSource, which gives diffusers key names either way).
//   SD 1.x: tokenizer + text_encoder (CLIP ViT-L/14, pads with <|endoftext|>)
//   SD 2.x: tokenizer + text_encoder (OpenCLIP ViT-H, 23 of 24 blocks, pads with "!" = 0)
//   SDXL:   tokenizer + text_encoder (CLIP-L) and tokenizer_2 + text_encoder_2 (OpenCLIP bigG, projection, pad 0)
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/io/model_family.h"
#include "core/io/model_source.h"
#include "core/text/clip_text_model.h"
#include "core/text/clip_tokenizer.h"

namespace olis::text {

struct TextTower {
  std::string name;  // "text_encoder" or "text_encoder_2"
  ClipTokenizer tokenizer;
  ClipTextModel encoder{nullptr};
};

struct TextStack {
  io::ModelFamily family = io::ModelFamily::Unknown;
  std::vector<TextTower> towers;  // SDXL: [text_encoder, text_encoder_2]
  bool force_zeros_for_empty_prompt = false;  // SDXL model_index.json: no negative prompt -> zero conditioning
};

struct TextStackOptions {
  // Folder with vocab.json and merges.txt used instead of the model's own (optional). Without it, a tokenizer folder's
  // own files are used, and where a model has none (single files) the vocabulary that comes with Olis.
  std::filesystem::path vocab_dir;
  // Per component ("text_encoder", "text_encoder_2"): used instead of config.json / shape detection.
  std::map<std::string, ClipTextConfig> configs;
};

Expected<TextStack> load_text_stack(const io::ModelSource& source, const TextStackOptions& options = {});
Expected<TextStack> load_text_stack(const std::filesystem::path& model_path, const TextStackOptions& options = {});

// Makes the token rows of `identifier` (as each tower's tokenizer splits it) trainable in every text
// encoder, through the embeddings' row delta; returns the delta parameters for the optimizer.
// Everything else keeps its requires_grad; callers freeze what they do not train.
std::vector<torch::Tensor> make_identifier_rows_trainable(TextStack& stack, std::string_view identifier);

// Throws olis::Error when the tokenizer's vocabulary and the encoder's embedding rows differ in size.
void check_tokenizer_fits(const ClipTokenizer& tokenizer, const ClipTextModel& encoder, const std::string& encoder_label);

}  // namespace olis::text
