#pragma once
// CLIP-T's text side: the CLIP text tower with projection (core/text) + the CLIP tokenizer, as a
// TextEmbedder (prompts -> [N, P] projected text embeddings, not normalised). openai/CLIP's
// `encode_text` pools at the end token, which padding after it cannot change (causal attention).
#include <filesystem>

#include "core/eval/evaluator.h"
#include "core/text/clip_text_model.h"
#include "core/text/clip_tokenizer.h"

namespace olis::eval {

TextEmbedder make_clip_text_embedder(text::ClipTextModel model, text::ClipTokenizer tokenizer);

// The text tower from a CLIP folder (config.json as CLIPConfig or CLIPTextConfig; model.safetensors
// holding text_model.* and text_projection.weight, vision weights ignored) and the tokenizer from
// `tokenizer_folder` (default: the same folder; vocab.json + merges.txt). Throws olis::Error naming the file.
TextEmbedder load_clip_text_embedder(const std::filesystem::path& clip_folder,
                                     const std::filesystem::path& tokenizer_folder = {},
                                     const torch::Device& device = torch::kCPU);

// Loads only the projected text tower (for tests that feed token ids).
text::ClipTextModel load_clip_text_tower(const std::filesystem::path& clip_folder);

}  // namespace olis::eval
