#include "core/text/word_embedding.h"

#include <algorithm>

#include <fmt/format.h>

namespace olis::text {

namespace fs = std::filesystem;

namespace {

constexpr const char* kBundlePrefix = "bundle_emb.";
constexpr const char* kStringToParam = "string_to_param.";

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// SDXL files name the towers after the CLIP models, as A1111 and ComfyUI do.
const char* sdxl_key(const std::string& tower) { return tower == "text_encoder" ? "clip_l" : "clip_g"; }

torch::Tensor vectors_of(const WordEmbedding& e, const std::string& tower) {
  auto it = e.vectors.find(tower);
  if (it == e.vectors.end())
    throw Error(fmt::format("the embedding '{}' has no vectors for {}", e.word, tower));
  return it->second.detach().to(torch::kCPU, torch::kFloat32).contiguous();
}

torch::Tensor checked_vectors(const torch::Tensor& t, const std::string& key, const std::string& source) {
  if (!t.is_floating_point())
    throw Error(fmt::format("{}: '{}' is {}, not floating point embedding vectors", source, key,
                            c10::toString(t.scalar_type())));
  auto v = t.dim() == 1 ? t.unsqueeze(0) : t;
  if (v.dim() != 2 || v.size(0) < 1 || v.size(1) < 1)
    throw Error(fmt::format("{}: '{}' has shape {}; embedding vectors are [vectors, width]", source, key,
                            c10::str(t.sizes())));
  return v.to(torch::kCPU, torch::kFloat32).contiguous().clone();
}

}  // namespace

void check_embedding_word(const std::string& word) {
  if (word.empty()) throw Error("the identifier is empty, so its embedding cannot be named");
  if (word.find_first_of("./\\ \t\n") != std::string::npos)
    throw Error(fmt::format("the identifier '{}' contains '.', '/', '\\' or a space, so it cannot name an embedding "
                            "file or a bundled embedding; choose a single word",
                            word));
}

WordEmbedding identifier_embedding(TextStack& stack, const std::string& word) {
  torch::NoGradGuard no_grad;
  WordEmbedding e;
  e.word = word;
  e.trained_rows = true;
  for (auto& tower : stack.towers) {
    const auto ids32 = tower.tokenizer.tokenize(word);
    if (ids32.empty()) throw Error(fmt::format("the identifier '{}' gives no token", word));
    const std::vector<int64_t> ids(ids32.begin(), ids32.end());
    auto& emb = tower.encoder->embeddings();
    const auto& weight = emb->token_embedding->weight;
    auto rows = weight.detach().index_select(0, torch::tensor(ids, torch::kInt64).to(weight.device())).clone();
    // The rows the forward pass sees: the frozen row plus the trained delta, added in the model's dtype.
    const auto& trained = emb->trainable_rows();
    for (std::size_t k = 0; k < ids.size(); ++k) {
      auto slot = std::find(trained.begin(), trained.end(), ids[k]);
      if (slot == trained.end()) continue;
      const auto j = static_cast<int64_t>(slot - trained.begin());
      rows[static_cast<int64_t>(k)].add_(emb->row_delta().detach()[j].to(rows.scalar_type()));
    }
    e.vectors[tower.name] = rows.to(torch::kCPU, torch::kFloat32).contiguous();
  }
  return e;
}

io::TensorMap embedding_file_tensors(const WordEmbedding& e, io::ModelFamily family) {
  io::TensorMap out;
  if (family == io::ModelFamily::SDXL) {
    for (const char* tower : {"text_encoder", "text_encoder_2"}) out[sdxl_key(tower)] = vectors_of(e, tower);
  } else {
    out["emb_params"] = vectors_of(e, "text_encoder");
  }
  return out;
}

io::TensorMap embedding_bundle_tensors(const WordEmbedding& e, io::ModelFamily family) {
  check_embedding_word(e.word);
  const std::string prefix = kBundlePrefix + e.word + ".";
  io::TensorMap out;
  if (family == io::ModelFamily::SDXL) {
    for (const char* tower : {"text_encoder", "text_encoder_2"}) out[prefix + sdxl_key(tower)] = vectors_of(e, tower);
  } else {
    out[prefix + kStringToParam + "*"] = vectors_of(e, "text_encoder");
  }
  return out;
}

WordEmbedding parse_word_embedding(const io::TensorMap& tensors, const std::string& word, const std::string& source) {
  WordEmbedding e;
  e.word = word;
  e.source = source;
  if (tensors.empty()) throw Error(fmt::format("{}: the embedding holds no tensor", source));
  const bool has_l = tensors.count("clip_l") > 0, has_g = tensors.count("clip_g") > 0;
  if (has_l || has_g) {
    if (!has_l || !has_g)
      throw Error(fmt::format("{}: an SDXL embedding needs both 'clip_l' and 'clip_g'; only '{}' is there", source,
                              has_l ? "clip_l" : "clip_g"));
    std::string extra;
    for (const auto& kv : tensors)
      if (kv.first != "clip_l" && kv.first != "clip_g") extra += (extra.empty() ? "" : ", ") + kv.first;
    if (!extra.empty())
      throw Error(fmt::format("{}: an SDXL embedding holds 'clip_l' and 'clip_g' only, not also {}", source, extra));
    e.vectors["text_encoder"] = checked_vectors(tensors.at("clip_l"), "clip_l", source);
    e.vectors["text_encoder_2"] = checked_vectors(tensors.at("clip_g"), "clip_g", source);
    if (e.vectors["text_encoder"].size(0) != e.vectors["text_encoder_2"].size(0))
      throw Error(fmt::format("{}: 'clip_l' has {} vectors but 'clip_g' {}", source, e.vectors["text_encoder"].size(0),
                              e.vectors["text_encoder_2"].size(0)));
    return e;
  }
  // SD 1.x / 2.x: one tensor, whatever its key ("emb_params", "string_to_param.*", the word itself, ...).
  if (tensors.size() != 1) {
    std::string keys;
    for (const auto& kv : tensors) keys += (keys.empty() ? "" : ", ") + kv.first;
    throw Error(fmt::format("{}: an embedding holds one tensor (SD 1.x/2.x) or 'clip_l' + 'clip_g' (SDXL); this one "
                            "has {}",
                            source, keys));
  }
  const auto& [key, t] = *tensors.begin();
  e.vectors["text_encoder"] = checked_vectors(t, key, source);
  return e;
}

Expected<WordEmbedding> read_word_embedding(const fs::path& file) {
  auto st = io::SafetensorsFile::open(file);
  if (!st) return tl::unexpected(st.error());
  try {
    io::TensorMap tensors;
    for (const auto& name : (*st)->names()) tensors[name] = (*st)->tensor(name);
    const auto& meta = (*st)->metadata();
    auto it = meta.find(kIdentifierMetadataKey);
    const std::string word = it != meta.end() ? it->second : file.stem().string();
    auto e = parse_word_embedding(tensors, word, file.string());
    e.trained_rows = it != meta.end();
    return e;
  } catch (const Error& err) {
    return fail(err.what());
  }
}

std::vector<WordEmbedding> parse_bundled_embeddings(const io::TensorMap& tensors,
                                                    const std::map<std::string, std::string>& metadata,
                                                    const std::string& source) {
  std::map<std::string, io::TensorMap> groups;
  for (const auto& [key, t] : tensors) {
    if (!starts_with(key, kBundlePrefix)) continue;
    const auto rest = key.substr(std::string(kBundlePrefix).size());
    const auto dot = rest.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size())
      throw Error(fmt::format("{}: '{}' is not a bundled embedding key (bundle_emb.<word>.clip_l, .clip_g or "
                              ".string_to_param.*)",
                              source, key));
    groups[rest.substr(0, dot)][rest.substr(dot + 1)] = t;
  }
  auto olis = metadata.find(kIdentifierMetadataKey);
  std::vector<WordEmbedding> out;
  for (const auto& [word, group] : groups) {
    auto e = parse_word_embedding(group, word, fmt::format("{} (bundle_emb.{})", source, word));
    e.trained_rows = olis != metadata.end() && olis->second == word;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<WordEmbedding> embeddings_for_lora(const fs::path& lora_path, const io::TensorMap& bundled,
                                               const std::map<std::string, std::string>& metadata,
                                               std::vector<std::string>& warnings) {
  auto out = parse_bundled_embeddings(bundled, metadata, lora_path.string());
  if (!out.empty()) return out;
  auto named = metadata.find(kEmbeddingFileMetadataKey);
  if (named == metadata.end() || named->second.empty()) return out;
  const fs::path file = lora_path.parent_path() / named->second;
  if (!fs::exists(file)) {
    auto word = metadata.find(kIdentifierMetadataKey);
    warnings.push_back(fmt::format("{} was trained together with the embedding {}, which is missing: prompts with '{}' "
                                   "will not match the trained model (copy the export folder as a whole)",
                                   lora_path.string(), file.string(),
                                   word != metadata.end() ? word->second : std::string("the identifier")));
    return out;
  }
  out.push_back(value_or_throw(read_word_embedding(file)));
  return out;
}

std::string apply_word_embedding(TextStack& stack, const WordEmbedding& e) {
  const std::string source = e.source.empty() ? "the embedding '" + e.word + "'" : e.source;
  for (const auto& kv : e.vectors) {
    bool found = false;
    for (const auto& tower : stack.towers) found = found || tower.name == kv.first;
    if (!found)
      throw Error(fmt::format("{}: it holds vectors for {} but this model has no such text encoder (an SDXL embedding "
                              "on an SD 1.x/2.x model?)",
                              source, kv.first));
  }
  struct Plan {
    TextTower* tower;
    std::vector<int64_t> ids;
    torch::Tensor vectors;
  };
  std::vector<Plan> plans;
  for (auto& tower : stack.towers) {
    auto it = e.vectors.find(tower.name);
    if (it == e.vectors.end())
      throw Error(fmt::format("{}: it has no vectors for {} (an SD 1.x/2.x embedding on an SDXL model?)", source,
                              tower.name));
    const auto& v = it->second;
    const int64_t width = tower.encoder->config().hidden_size;
    if (v.size(1) != width)
      throw Error(fmt::format("{}: its {} vectors are {} wide but this model's {} embeds tokens in {} (an embedding for "
                              "another model family?)",
                              source, tower.name, v.size(1), tower.name, width));
    const auto ids32 = tower.tokenizer.tokenize(e.word);
    std::vector<int64_t> ids(ids32.begin(), ids32.end());
    if (ids.empty()) throw Error(fmt::format("{}: the word '{}' gives no token", source, e.word));
    if (!e.trained_rows && ids.size() > 1)
      throw Error(fmt::format("{}: '{}' is {} tokens for this tokenizer; the embedding defines a new word, which Olis "
                              "cannot add to the tokenizer (it applies single-token words and its own identifier "
                              "exports)",
                              source, e.word, ids.size()));
    if (v.size(0) != static_cast<int64_t>(ids.size()))
      throw Error(fmt::format("{}: it has {} vectors for {} but '{}' is {} token{} for this model's tokenizer (an "
                              "embedding of another identifier or tokenizer?)",
                              source, v.size(0), tower.name, e.word, ids.size(), ids.size() == 1 ? "" : "s"));
    for (std::size_t a = 0; a < ids.size(); ++a)
      for (std::size_t b = a + 1; b < ids.size(); ++b)
        if (ids[a] == ids[b] && !torch::equal(v[static_cast<int64_t>(a)], v[static_cast<int64_t>(b)]))
          throw Error(fmt::format("{}: token {} of '{}' appears twice with different vectors", source, ids[a], e.word));
    plans.push_back({&tower, std::move(ids), v});
  }
  torch::NoGradGuard no_grad;
  std::string towers;
  for (auto& plan : plans) {
    auto& weight = plan.tower->encoder->embeddings()->token_embedding->weight;
    auto idx = torch::tensor(plan.ids, torch::kInt64).to(weight.device());
    weight.index_copy_(0, idx, plan.vectors.to(weight.device(), weight.scalar_type()));
    towers += (towers.empty() ? "" : ", ") + plan.tower->name;
  }
  const auto n = plans.front().ids.size();
  return fmt::format("embedding '{}' ({} vector{}) applied to {} from {}", e.word, n, n == 1 ? "" : "s", towers, source);
}

}  // namespace olis::text
