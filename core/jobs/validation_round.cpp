#include "core/jobs/validation_round.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "core/util/atomic_file.h"

namespace olis::jobs {

namespace fs = std::filesystem;

fs::path validation_round_dir(const fs::path& output_dir, int64_t step) {
  return output_dir / "validation" / fmt::format("step-{:08d}", step);
}

namespace {

std::optional<int64_t> step_of(const std::string& name) {
  if (name.rfind("step-", 0) != 0 || name.size() == 5) return std::nullopt;
  if (!std::all_of(name.begin() + 5, name.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  try {
    return std::stoll(name.substr(5));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::vector<int64_t> list_validation_steps(const fs::path& output_dir) {
  std::vector<int64_t> out;
  std::error_code ec;
  for (fs::directory_iterator it(output_dir / "validation", ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec))
      if (auto s = step_of(it->path().filename().string())) out.push_back(*s);
  std::sort(out.begin(), out.end());
  return out;
}

Expected<ValidationRound> read_validation_round(const fs::path& dir) {
  ValidationRound r;
  r.dir = dir;
  if (auto s = step_of(dir.filename().string())) r.step = *s;
  else return fail(dir.string() + ": not a validation round folder (step-NNNNNNNN)");
  const auto tsv = read_text_file(dir / kValidationPromptsFile);
  if (!tsv) return tl::unexpected(tsv.error());
  std::istringstream in(*tsv);
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty()) continue;
    const auto a = line.find('\t'), b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos)
      return fail(fmt::format("{} line {}: expected 'file <tab> seed <tab> prompt'", (dir / kValidationPromptsFile).string(), line_no));
    ValidationImage image;
    image.path = dir / line.substr(0, a);
    try {
      image.seed = std::stoull(line.substr(a + 1, b - a - 1));
    } catch (const std::exception&) {
      return fail(fmt::format("{} line {}: the seed '{}' is not a number", (dir / kValidationPromptsFile).string(), line_no,
                              line.substr(a + 1, b - a - 1)));
    }
    image.prompt = line.substr(b + 1);
    r.images.push_back(std::move(image));
  }
  const auto params = dir / kValidationParametersFile;
  std::error_code ec;
  if (fs::exists(params, ec)) {
    auto text = read_text_file(params);
    if (!text) return tl::unexpected(text.error());
    r.parameters = nlohmann::json::parse(*text, nullptr, false);
    if (r.parameters.is_discarded() || !r.parameters.is_object()) return fail(params.string() + ": not a JSON object");
  }
  return r;
}

}  // namespace olis::jobs
