#include "core/jobs/train_logs.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/util/atomic_file.h"

namespace olis::jobs {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double number_or_nan(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : kNaN;
}

}  // namespace

std::string step_metrics_line(const StepMetrics& m) {
  // nlohmann writes a non-finite double as null, which the reader turns back into NaN.
  return nlohmann::json{{"step", m.step},          {"loss", m.loss}, {"smoothed_loss", m.smoothed_loss},
                        {"lr", m.lr},              {"grad_norm", m.grad_norm}, {"skipped", m.skipped}}
             .dump() +
         "\n";
}

void append_step_metrics(const fs::path& output_dir, const std::string& lines) {
  const fs::path file = output_dir / kStepMetricsFileName;
  std::string previous;
  if (auto old = read_text_file(file)) previous = std::move(*old);
  write_file_atomic(file, previous + lines);
}

Expected<std::vector<StepMetrics>> read_step_metrics(const fs::path& output_dir) {
  const fs::path file = output_dir / kStepMetricsFileName;
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::vector<StepMetrics>{};
  auto text = read_text_file(file);
  if (!text) return tl::unexpected(text.error());
  std::vector<StepMetrics> out;
  std::istringstream in(*text);
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("step") || !j["step"].is_number())
      return fail(fmt::format("{}, line {}: not a step record (a JSON object with a numeric \"step\")", file.string(),
                              line_no));
    StepMetrics m;
    m.step = j["step"].get<int64_t>();
    m.loss = number_or_nan(j, "loss");
    m.smoothed_loss = j.contains("smoothed_loss") ? number_or_nan(j, "smoothed_loss") : m.loss;
    m.lr = number_or_nan(j, "lr");
    m.grad_norm = number_or_nan(j, "grad_norm");
    m.skipped = j.value("skipped", false);
    out.push_back(m);
  }
  return out;
}

fs::path validation_round_dir(const fs::path& output_dir, int64_t step) {
  return output_dir / "validation" / fmt::format("step-{:08d}", step);
}

void write_validation_listing(const fs::path& round_dir, const std::vector<ValidationImage>& images) {
  std::string listing;
  for (const auto& im : images) {
    // A tab or newline inside a prompt would break the columns; prompts never hold them, but be safe.
    std::string prompt = im.prompt;
    std::replace_if(prompt.begin(), prompt.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    listing += fmt::format("{}\t{}\t{}\n", im.file, im.seed, prompt);
  }
  write_file_atomic(round_dir / kValidationListingName, listing);
}

Expected<std::vector<ValidationImage>> read_validation_listing(const fs::path& round_dir) {
  const fs::path file = round_dir / kValidationListingName;
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::vector<ValidationImage>{};
  auto text = read_text_file(file);
  if (!text) return tl::unexpected(text.error());
  std::vector<ValidationImage> out;
  std::istringstream in(*text);
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto a = line.find('\t');
    const auto b = a == std::string::npos ? a : line.find('\t', a + 1);
    auto bad = [&](const char* what) {
      return fail(fmt::format("{}, line {}: {} (expected: file <tab> seed <tab> prompt)", file.string(), line_no, what));
    };
    if (b == std::string::npos) return bad("fewer than three columns");
    ValidationImage im;
    im.file = line.substr(0, a);
    const std::string seed = line.substr(a + 1, b - a - 1);
    if (im.file.empty()) return bad("no file name");
    if (seed.empty() || seed.find_first_not_of("0123456789") != std::string::npos) return bad("the seed is not a number");
    try {
      im.seed = std::stoull(seed);
    } catch (const std::exception&) {
      return bad("the seed is out of range");
    }
    im.prompt = line.substr(b + 1);
    out.push_back(std::move(im));
  }
  return out;
}

namespace {

// The round folders under <output_dir>/validation (named step-N; others are ignored), by step, without
// reading them.
std::vector<std::pair<int64_t, fs::path>> round_folders(const fs::path& output_dir) {
  std::vector<std::pair<int64_t, fs::path>> out;
  const fs::path vdir = output_dir / "validation";
  std::error_code ec;
  if (!fs::is_directory(vdir, ec)) return out;
  for (const auto& e : fs::directory_iterator(vdir, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory(ec) || name.rfind("step-", 0) != 0) continue;
    const std::string digits = name.substr(5);
    if (digits.empty() || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    out.emplace_back(std::stoll(digits), e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<ValidationRound> list_validation_rounds(const fs::path& output_dir) {
  std::vector<ValidationRound> rounds;
  for (const auto& [step, dir] : round_folders(output_dir)) {
    ValidationRound r;
    r.step = step;
    r.dir = dir;
    if (auto images = read_validation_listing(r.dir)) r.images = std::move(*images);
    else r.problem = images.error().message();
    rounds.push_back(std::move(r));
  }
  return rounds;
}

std::vector<int64_t> list_validation_steps(const fs::path& output_dir) {
  std::vector<int64_t> steps;
  for (const auto& folder : round_folders(output_dir)) steps.push_back(folder.first);
  return steps;
}

void write_validation_parameters(const fs::path& round_dir, const nlohmann::json& parameters) {
  write_file_atomic(round_dir / kValidationParametersFile, parameters.dump(2) + "\n");
}

Expected<ValidationRound> read_validation_round(const fs::path& round_dir) {
  ValidationRound r;
  r.dir = round_dir;
  const std::string name = round_dir.filename().string();
  const std::string digits = name.rfind("step-", 0) == 0 ? name.substr(5) : std::string();
  if (digits.empty() || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos)
    return fail(round_dir.string() + ": not a validation round folder (step-NNNNNNNN)");
  r.step = std::stoll(digits);
  std::error_code ec;
  if (!fs::exists(round_dir / kValidationListingName, ec))
    return fail((round_dir / kValidationListingName).string() + ": missing (the round's images are not listed)");
  auto images = read_validation_listing(round_dir);
  if (!images) return tl::unexpected(images.error());
  r.images = std::move(*images);
  const fs::path params = round_dir / kValidationParametersFile;
  if (fs::exists(params, ec)) {
    auto text = read_text_file(params);
    if (!text) return tl::unexpected(text.error());
    r.parameters = nlohmann::json::parse(*text, nullptr, false);
    if (r.parameters.is_discarded() || !r.parameters.is_object()) return fail(params.string() + ": not a JSON object");
  }
  return r;
}

}  // namespace olis::jobs
