#include "core/io/weights_format.h"

#include <array>
#include <fstream>

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

WeightsFormat sniff_weights_format(const std::filesystem::path& path) {
  const auto name = path.filename().string();
  if (ends_with(name, ".safetensors.index.json")) return WeightsFormat::SafetensorsIndex;
  const auto ext = lower_ext(path);
  if (ext == ".ckpt" || ext == ".pt" || ext == ".pth" || ext == ".bin" || ext == ".pkl" || ext == ".pickle")
    return WeightsFormat::Pickle;
  std::array<unsigned char, 9> head{};
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  const auto got = in.gcount();
  if (got >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5) return WeightsFormat::Pickle;  // pickle PROTO
  if (got >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return WeightsFormat::Pickle;
  if (got == 9 && head[8] == '{') return WeightsFormat::Safetensors;
  if (ext == ".safetensors") return WeightsFormat::Safetensors;
  return WeightsFormat::Unknown;
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
