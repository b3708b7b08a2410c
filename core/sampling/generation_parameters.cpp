#include "core/sampling/generation_parameters.h"

#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace olis::sampling {
namespace {

std::string quote_if_needed(const std::string& v) {
  if (v.find_first_of(",:\n") == std::string::npos) return v;
  return nlohmann::json(v).dump();  // A1111 quotes with json.dumps
}

std::string unquote(const std::string& v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    try {
      return nlohmann::json::parse(v).get<std::string>();
    } catch (const nlohmann::json::exception&) {
    }
  }
  return v;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string format_a1111_parameters(const GenerationInfo& i) {
  std::vector<std::pair<std::string, std::string>> kv = {
      {"Steps", std::to_string(i.steps)},
      {"Sampler", i.sampler},
      {"CFG scale", fmt::format("{}", i.cfg_scale)},
      {"Seed", std::to_string(i.seed)},
      {"Size", fmt::format("{}x{}", i.width, i.height)},
  };
  if (!i.model_hash.empty()) kv.emplace_back("Model hash", i.model_hash);
  if (!i.model_name.empty()) kv.emplace_back("Model", i.model_name);
  for (const auto& e : i.extra) kv.push_back(e);
  std::string line;
  for (const auto& [k, v] : kv) line += (line.empty() ? "" : ", ") + k + ": " + quote_if_needed(v);
  std::string out = i.prompt + "\n";
  if (!i.negative_prompt.empty()) out += "Negative prompt: " + i.negative_prompt + "\n";
  return out + line;
}

Expected<GenerationInfo> parse_a1111_parameters(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) lines.push_back(l);
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty()) return fail("generation parameters: the text is empty");
  // Same pattern as A1111's parse_generation_parameters.
  static const std::regex kv_re(R"re(\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$))re");
  const std::string last = lines.back();
  std::vector<std::pair<std::string, std::string>> pairs;
  for (auto it = std::sregex_iterator(last.begin(), last.end(), kv_re); it != std::sregex_iterator(); ++it)
    pairs.emplace_back(trim((*it)[1].str()), unquote(trim((*it)[2].str())));
  if (pairs.size() < 3) return fail("generation parameters: the last line holds no 'Steps: ..., Sampler: ...' settings");
  lines.pop_back();

  GenerationInfo info;
  bool negative = false;
  for (const auto& l : lines) {
    if (!negative && l.rfind("Negative prompt:", 0) == 0) {
      negative = true;
      info.negative_prompt = trim(l.substr(16));
      continue;
    }
    auto& target = negative ? info.negative_prompt : info.prompt;
    target += (target.empty() ? "" : "\n") + l;
  }
  try {
    for (const auto& [k, v] : pairs) {
      if (k == "Steps") info.steps = std::stoi(v);
      else if (k == "Sampler") info.sampler = v;
      else if (k == "CFG scale") info.cfg_scale = std::stod(v);
      else if (k == "Seed") info.seed = std::stoull(v);
      else if (k == "Size") {
        const auto x = v.find('x');
        if (x == std::string::npos) return fail("generation parameters: Size '" + v + "' is not WIDTHxHEIGHT");
        info.width = std::stoi(v.substr(0, x));
        info.height = std::stoi(v.substr(x + 1));
      } else if (k == "Model hash") info.model_hash = v;
      else if (k == "Model") info.model_name = v;
      else info.extra.emplace_back(k, v);
    }
  } catch (const std::exception&) {
    return fail("generation parameters: a number in '" + last + "' could not be read");
  }
  return info;
}

}  // namespace olis::sampling
