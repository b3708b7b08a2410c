#include "core/eval/image_folder.h"

#include <algorithm>
#include <cstring>
#include <cctype>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/io/image_io.h"
#include "core/util/atomic_file.h"

namespace olis::eval {
namespace fs = std::filesystem;

namespace {

bool is_image_file(const fs::path& p) {
  auto ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* e : {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"})
    if (ext == e) return true;
  return false;
}

}  // namespace

Expected<std::vector<fs::path>> list_images(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail(fmt::format("{}: not a folder", dir.string()));
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && is_image_file(e.path())) out.push_back(e.path());
  if (ec) return fail(fmt::format("{}: cannot list the folder ({})", dir.string(), ec.message()));
  std::sort(out.begin(), out.end());
  return out;
}

Expected<torch::Tensor> load_rgb_image(const fs::path& path) {
  auto img = io::load_image(path);
  if (!img) return tl::unexpected(img.error());
  auto t = torch::empty({img->height, img->width, 3}, torch::kUInt8);
  std::memcpy(t.data_ptr<uint8_t>(), img->rgb.data(), img->rgb.size());
  return t;
}

Expected<std::vector<PromptedImage>> parse_manifest(const std::string& text, const fs::path& base,
                                                    const std::string& label) {
  std::vector<PromptedImage> out;
  std::istringstream in(text);
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); })) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      return fail(fmt::format("{} line {}: not valid JSON ({})", label, line_no, e.what()));
    }
    if (!j.is_object()) return fail(fmt::format("{} line {}: expected a JSON object", label, line_no));
    std::string file;
    for (const char* key : {"path", "image", "file"})
      if (j.contains(key) && j[key].is_string()) {
        file = j[key].get<std::string>();
        break;
      }
    if (file.empty()) return fail(fmt::format("{} line {}: no \"path\" (or \"image\") field", label, line_no));
    PromptedImage img;
    img.path = fs::path(file).is_absolute() ? fs::path(file) : base / file;
    if (j.contains("prompt") && j["prompt"].is_string()) img.prompt = j["prompt"].get<std::string>();
    out.push_back(std::move(img));
  }
  return out;
}

namespace {

Expected<std::vector<PromptedImage>> from_prompt_lines(const fs::path& dir, const fs::path& file, const std::string& text) {
  std::vector<std::string> prompts;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    prompts.push_back(line);
  }
  auto images = list_images(dir);
  if (!images) return tl::unexpected(images.error());
  std::vector<PromptedImage> out;
  for (const auto& p : *images) {
    const auto stem = p.stem().string();
    size_t digits = 0;
    while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) ++digits;
    if (digits == 0)
      return fail(fmt::format("{}: its name does not start with a prompt number (line of {}, from 0)", p.string(),
                              file.string()));
    const auto index = std::stoul(stem.substr(0, digits));
    if (index >= prompts.size())
      return fail(fmt::format("{}: prompt {} does not exist; {} has {} lines", p.string(), index, file.string(),
                              prompts.size()));
    out.push_back({p, prompts[index]});
  }
  return out;
}

}  // namespace

Expected<std::vector<PromptedImage>> load_generated_set(const fs::path& dir, const fs::path& prompts_file) {
  if (!prompts_file.empty()) {
    auto text = read_text_file(prompts_file);
    if (!text) return tl::unexpected(text.error());
    const auto ext = prompts_file.extension().string();
    if (ext == ".jsonl" || ext == ".json") return parse_manifest(*text, dir, prompts_file.string());
    return from_prompt_lines(dir, prompts_file, *text);
  }
  const auto manifest = dir / "manifest.jsonl";
  if (fs::exists(manifest)) {
    auto text = read_text_file(manifest);
    if (!text) return tl::unexpected(text.error());
    return parse_manifest(*text, dir, manifest.string());
  }
  auto images = list_images(dir);
  if (!images) return tl::unexpected(images.error());
  std::vector<PromptedImage> out;
  for (auto& p : *images) out.push_back({p, ""});
  return out;
}

}  // namespace olis::eval
