#include "app/cli/sampling_args.h"

#include <fmt/format.h>

#include "core/util/error.h"

namespace olis::cli {

std::pair<int, int> parse_size(const std::string& text) {
  const auto x = text.find('x');
  try {
    if (x != std::string::npos) {
      size_t a = 0, b = 0;
      const int w = std::stoi(text.substr(0, x), &a);
      const int h = std::stoi(text.substr(x + 1), &b);
      if (a == x && b == text.size() - x - 1) return {w, h};
    }
  } catch (const std::exception&) {
  }
  throw olis::Error(fmt::format("--size '{}' is not WIDTHxHEIGHT (e.g. 512x512)", text));
}

sampling::SchedulerKind parse_sampler(const std::string& name) {
  auto kind = sampling::scheduler_kind_from_sampler_name(name);
  if (!kind) throw olis::Error(fmt::format("--sampler '{}' is not one of ddim, ddpm, euler, dpmpp2m", name));
  return *kind;
}

}  // namespace olis::cli
