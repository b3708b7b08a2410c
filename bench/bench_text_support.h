#pragma once
// Shared by the text benchmarks: the CLIP vocabulary of the fixtures and regularization-like prompts
// built from Olis's own prompt pools (resources/prompts/*.yaml).
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/text/clip_tokenizer.h"
#include "olis/build_paths.h"

namespace olis::bench {

inline std::filesystem::path clip_vocab_dir() {
  if (const char* env = std::getenv("OLIS_FIXTURES"); env && *env)
    return std::filesystem::path(env) / "clip_tokenizer";
  return std::filesystem::path(OLIS_SOURCE_DIR).parent_path() / "shared" / "fixtures" / "clip_tokenizer";
}

inline std::optional<text::ClipTokenizer> clip_tokenizer() {
  const auto dir = clip_vocab_dir();
  auto t = text::ClipTokenizer::load(dir / "vocab.json", dir / "merges.txt");
  if (!t) return std::nullopt;
  return *t;
}

// "{style} a {attribute} {attribute} {subject}, {background / motion}" like the regularization sampler.
inline std::vector<std::string> regularization_prompts(std::size_t count, unsigned seed = 7) {
  const std::filesystem::path res = OLIS_RESOURCES_DIR "/prompts";
  std::vector<std::string> styles, attributes, scenes;
  for (const auto& s : YAML::LoadFile((res / "style.yaml").string())["styles"]) styles.push_back(s["text"].as<std::string>());
  for (const char* pool : {"object.yaml", "living.yaml", "person.yaml"}) {
    for (const auto& slot : YAML::LoadFile((res / pool).string())["slots"]) {
      const auto name = slot.first.as<std::string>();
      for (const auto& v : slot.second) {
        auto text = v.as<std::string>();
        if (name == "background") scenes.push_back(text);
        else if (name == "motion") scenes.push_back(text);
        else attributes.push_back(text);
      }
    }
  }
  const std::vector<std::string> subjects = {"backpack", "dog", "cat", "teapot", "sneaker", "woman", "man",
                                             "plush toy", "vase", "bicycle", "olis backpack", "olis dog"};
  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& { return v[rng() % v.size()]; };
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::string scene = pick(scenes);
    const auto at = scene.find("$concept");
    const std::string subject = pick(subjects);
    if (at != std::string::npos) {
      scene.replace(at, 8, pick(attributes) + " " + subject);
      out.push_back(pick(styles) + " " + scene);
    } else {
      out.push_back(pick(styles) + " a " + pick(attributes) + " " + pick(attributes) + " " + subject + " " + scene);
    }
  }
  return out;
}

}  // namespace olis::bench
