#include "core/io/weights_format.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <vector>

#include <fmt/format.h>

namespace olis::io {
namespace {

std::string lower_ext(const std::filesystem::path& p) {
  auto e = p.extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool has_pickle_extension(const std::filesystem::path& path) {
  const auto ext = lower_ext(path);
  return ext == ".ckpt" || ext == ".pt" || ext == ".pth" || ext == ".bin" || ext == ".pkl" || ext == ".pickle";
}

bool starts_like_pickle(const unsigned char* head, std::size_t n) {
  if (n >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5) return true;  // pickle PROTO
  return n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;  // torch.save's zip
}

WeightsFormat sniff_weights_format(const std::filesystem::path& path) {
  const auto name = path.filename().string();
  if (ends_with(name, ".safetensors.index.json")) return WeightsFormat::SafetensorsIndex;
  if (has_pickle_extension(path)) return WeightsFormat::Pickle;
  std::array<unsigned char, 9> head{};
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  const auto got = static_cast<std::size_t>(in.gcount());
  if (starts_like_pickle(head.data(), got)) return WeightsFormat::Pickle;
  if (got == 9 && head[8] == '{') return WeightsFormat::Safetensors;
  if (lower_ext(path) == ".safetensors") return WeightsFormat::Safetensors;
  return WeightsFormat::Unknown;
}

std::string missing_safetensors_message(const std::filesystem::path& folder, const std::string& otherwise) {
  std::error_code ec;
  std::vector<std::filesystem::path> pickles;
  for (const auto& e : std::filesystem::directory_iterator(folder, ec))
    if (e.is_regular_file(ec) && sniff_weights_format(e.path()) == WeightsFormat::Pickle) pickles.push_back(e.path());
  if (pickles.empty()) return otherwise;
  std::sort(pickles.begin(), pickles.end());
  return pickle_refusal_message(pickles.front());
}

std::string pickle_refusal_message(const std::filesystem::path& path) {
  return fmt::format(
      "{}: this is a pickle-based PyTorch checkpoint. Olis does not load pickle files, because loading one can "
      "run arbitrary code hidden in it. Convert it to .safetensors once, on a machine you trust, e.g. with "
      "Python: `import torch; from safetensors.torch import save_file; sd = torch.load(\"{}\", map_location=\"cpu\", "
      "weights_only=True); save_file(sd.get(\"state_dict\", sd), \"{}\")`, or download the .safetensors version "
      "the model's publisher offers.",
      path.string(), path.filename().string(), path.stem().string() + ".safetensors");
}

Expected<WeightsFormat> check_weights_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail(fmt::format("{}: file not found", path.string()));
  auto f = sniff_weights_format(path);
  switch (f) {
    case WeightsFormat::Safetensors:
    case WeightsFormat::SafetensorsIndex: return f;
    case WeightsFormat::Pickle: return fail(pickle_refusal_message(path));
    case WeightsFormat::Unknown: break;
  }
  return fail(fmt::format("{}: not a .safetensors weights file (Olis reads safetensors files and diffusers "
                          "folders)",
                          path.string()));
}

}  // namespace olis::io
