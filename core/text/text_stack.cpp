#include "core/text/text_stack.h"

#include <fmt/format.h>

namespace olis::text {

namespace {

namespace fs = std::filesystem;

struct TowerSpec {
  const char* encoder;
  const char* tokenizer;
  ClipActivation activation;  // for shape detection (single files record no config)
  bool pad_zero;              // padding when no tokenizer config says otherwise
};

std::vector<TowerSpec> towers_of(io::ModelFamily family) {
  switch (family) {
    case io::ModelFamily::SD1: return {{"text_encoder", "tokenizer", ClipActivation::QuickGelu, false}};
    case io::ModelFamily::SD2: return {{"text_encoder", "tokenizer", ClipActivation::Gelu, true}};
    case io::ModelFamily::SDXL:
      return {{"text_encoder", "tokenizer", ClipActivation::QuickGelu, false},
              {"text_encoder_2", "tokenizer_2", ClipActivation::Gelu, true}};
    case io::ModelFamily::Unknown: break;
  }
  return {};
}

Expected<ClipTokenizer> load_tokenizer(const io::ModelSource& source, const TowerSpec& spec, const fs::path& vocab_dir) {
  // A diffusers folder's tokenizer config decides the padding; its vocabulary (or the override, or the bundled one)
  // the ids. Single files have neither: the family's padding and the bundled vocabulary.
  if (auto dir = source.tokenizer_dir(spec.tokenizer)) return ClipTokenizer::load_folder(*dir, vocab_dir);
  auto vocab = resolve_vocab_dir({}, vocab_dir);
  if (!vocab) return tl::unexpected(vocab.error());
  const auto settings = spec.pad_zero ? TokenizerSettings::pad_with_zero() : TokenizerSettings::pad_with_eos();
  return ClipTokenizer::load(*vocab / "vocab.json", *vocab / "merges.txt", settings);
}

}  // namespace

void check_tokenizer_fits(const ClipTokenizer& tokenizer, const ClipTextModel& encoder, const std::string& encoder_label) {
  const int64_t rows = encoder->config().vocab_size;
  if (tokenizer.vocab_size() != rows)
    throw Error(fmt::format("{} defines {} tokens but the text encoder {} has {} embedding rows: the tokenizer and the "
                            "text encoder do not belong to the same model",
                            tokenizer.vocab_path().string(), tokenizer.vocab_size(), encoder_label, rows));
}

std::vector<torch::Tensor> make_identifier_rows_trainable(TextStack& stack, std::string_view identifier) {
  std::vector<torch::Tensor> params;
  for (auto& tower : stack.towers) {
    const auto ids = tower.tokenizer.tokenize(identifier);
    if (ids.empty()) throw Error(fmt::format("the identifier '{}' gives no token", std::string(identifier)));
    tower.encoder->embeddings()->set_trainable_rows(std::vector<int64_t>(ids.begin(), ids.end()));
    params.push_back(tower.encoder->embeddings()->row_delta());
  }
  return params;
}

Expected<TextStack> load_text_stack(const io::ModelSource& source, const TextStackOptions& options) {
  TextStack stack;
  stack.family = source.family();
  const auto specs = towers_of(stack.family);
  if (specs.empty())
    return fail(fmt::format("{}: unknown model family, cannot tell which text encoders it uses",
                            source.info().path.string()));
  // SDXL pipelines zero the negative conditioning of an empty prompt unless model_index.json says otherwise
  // (diffusers' default); single files have no model_index.json.
  stack.force_zeros_for_empty_prompt = stack.family == io::ModelFamily::SDXL;
  if (auto index = source.model_index())
    stack.force_zeros_for_empty_prompt = index->value("force_zeros_for_empty_prompt", stack.force_zeros_for_empty_prompt);
  try {
    for (const auto& spec : specs) {
      const std::string label = fmt::format("{} ({})", source.info().path.string(), spec.encoder);
      auto weights = source.component_weights(spec.encoder);
      if (!weights) return tl::unexpected(weights.error());
      const bool projection = weights->count("text_projection.weight") > 0;
      ClipTextConfig config;
      if (auto it = options.configs.find(spec.encoder); it != options.configs.end()) {
        config = it->second;
      } else if (auto json = source.component_config(spec.encoder)) {
        config = clip_text_config_from_json(*json, projection, label + " config.json");
      } else {
        config = detect_clip_text_config(*weights, spec.activation, label);
      }
      auto tokenizer = load_tokenizer(source, spec, options.vocab_dir);
      if (!tokenizer) return tl::unexpected(tokenizer.error());
      TextTower tower{spec.encoder, std::move(*tokenizer), make_clip_text_model(config, *weights, label)};
      check_tokenizer_fits(tower.tokenizer, tower.encoder, label);
      stack.towers.push_back(std::move(tower));
    }
  } catch (const Error& e) {
    return fail(e.what());
  }
  return stack;
}

Expected<TextStack> load_text_stack(const fs::path& model_path, const TextStackOptions& options) {
  auto source = io::ModelSource::open(model_path);
  if (!source) return tl::unexpected(source.error());
  return load_text_stack(**source, options);
}

}  // namespace olis::text
