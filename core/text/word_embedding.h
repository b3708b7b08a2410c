#pragma once
// Word embeddings as other Stable Diffusion tools store them (textual inversion), and the identifier's
// trained token rows that Olis exports in those formats.
//
// Layouts (read and written; keys checked against A1111, ComfyUI and diffusers' loaders):
//   SD 1.x / 2.x file: one tensor [n, D] ("emb_params", as kohya writes it; any single key is read)
//   SDXL file:         "clip_l" [n, 768] (text_encoder) + "clip_g" [n, 1280] (text_encoder_2)
//   Bundled in a kohya LoRA (A1111 >= 1.7 / Forge): "bundle_emb.<word>.string_to_param.*" (SD 1.x / 2.x),
//                      "bundle_emb.<word>.clip_l" + "bundle_emb.<word>.clip_g" (SDXL)
//
// An embedding file defines a word by its vectors; tools splice them in where the word appears. The
// identifier Olis trains ("olis") is an existing word whose token rows were trained, so Olis applies its own
// exports by overwriting those rows, which reproduces the trained model exactly. A single-token word gives
// the same result both ways; a foreign multi-token embedding would need new tokens, which Olis refuses
// with a message rather than apply differently.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/model_family.h"
#include "core/io/safetensors.h"
#include "core/text/text_stack.h"

namespace olis::text {

// Metadata key of Olis exports: the identifier whose token rows the vectors are.
inline constexpr const char* kIdentifierMetadataKey = "olis_identifier";
// Metadata key of Olis LoRA exports: the embedding file next to them ("embeddings/olis.safetensors").
inline constexpr const char* kEmbeddingFileMetadataKey = "olis_identifier_embedding";

struct WordEmbedding {
  std::string word;                              // what users write in prompts ("olis")
  std::map<std::string, torch::Tensor> vectors;  // tower name ("text_encoder", "text_encoder_2") -> [n, D]
  bool trained_rows = false;  // an Olis export: the vectors are the trained rows of the word's own tokens
  std::string source;         // file (and key prefix) for messages
};

// The word's current rows in every text encoder of the stack (token embedding plus the trainable row
// delta), one vector per token of the word in order, float32 on the CPU. trained_rows is set.
WordEmbedding identifier_embedding(TextStack& stack, const std::string& word);

// Throws olis::Error when `word` cannot name an embedding file or bundle key (empty, '.', '/', spaces).
void check_embedding_word(const std::string& word);

// The file layout of the family (see above); the tensors are CPU float32.
io::TensorMap embedding_file_tensors(const WordEmbedding& e, io::ModelFamily family);
// The A1111 "bundle_emb.<word>.…" keys for a kohya LoRA file.
io::TensorMap embedding_bundle_tensors(const WordEmbedding& e, io::ModelFamily family);

// Parses the tensors of one embedding (file layout, or a bundle's keys with "bundle_emb.<word>." removed).
// Errors name `source`.
WordEmbedding parse_word_embedding(const io::TensorMap& tensors, const std::string& word, const std::string& source);
// An embedding file (.safetensors). The word is the metadata's olis_identifier or else the file name's
// stem, as A1111 and ComfyUI name it; trained_rows is set for Olis exports.
Expected<WordEmbedding> read_word_embedding(const std::filesystem::path& file);
// The embeddings bundled in a LoRA file's tensors ("bundle_emb.*" keys; others are ignored). trained_rows is
// set for the word that the file's metadata names as its olis_identifier.
std::vector<WordEmbedding> parse_bundled_embeddings(const io::TensorMap& tensors,
                                                    const std::map<std::string, std::string>& metadata,
                                                    const std::string& source);

// The embeddings that go with a LoRA file: those bundled in it, else the Olis embedding file that its
// metadata names (olis_identifier_embedding, relative to the LoRA's folder). When that file is missing, a
// warning for the log goes to `warnings` and nothing is returned for it.
std::vector<WordEmbedding> embeddings_for_lora(const std::filesystem::path& lora_path, const io::TensorMap& bundled,
                                               const std::map<std::string, std::string>& metadata,
                                               std::vector<std::string>& warnings);

// Sets the word's token rows in every text encoder of the stack to the embedding's vectors. Returns a line
// for the log. Throws olis::Error naming the source when the towers, widths or vector count do not fit the
// model, or when a foreign embedding defines a word of several tokens (it would need new tokens).
std::string apply_word_embedding(TextStack& stack, const WordEmbedding& e);

}  // namespace olis::text
