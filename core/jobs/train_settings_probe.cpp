#include "core/jobs/train_settings_probe.h"

#include <fmt/format.h>
#include <torch/cuda.h>

#include "core/io/model_source.h"
#include "core/jobs/train_settings_defaults.h"

namespace olis::jobs {

namespace fs = std::filesystem;

Expected<BaseModelFacts> probe_base_model(const fs::path& model) {
  auto source = io::ModelSource::open(model);
  if (!source) return tl::unexpected(source.error());
  const auto& info = (*source)->info();
  if (info.family == io::ModelFamily::Unknown)
    return fail(fmt::format("{}: cannot tell which Stable Diffusion version this is (SD 1.x, 2.x or SDXL)", model.string()));
  BaseModelFacts f;
  f.family = info.family;
  f.v_prediction = info.prediction == io::PredictionType::VPrediction;
  const auto unet = (*source)->component_config("unet");
  if (unet && unet->contains("sample_size") && (*unet)["sample_size"].is_number_integer()) {
    int64_t factor = 8;
    if (auto vae = (*source)->component_config("vae"); vae && vae->contains("block_out_channels") &&
                                                        (*vae)["block_out_channels"].is_array() &&
                                                        !(*vae)["block_out_channels"].empty())
      factor = int64_t{1} << ((*vae)["block_out_channels"].size() - 1);
    const int64_t px = (*unet)["sample_size"].get<int64_t>() * factor;
    if (px > 0 && px <= 8192) {
      f.resolution_px = static_cast<int>(px);
      f.source = "unet/config.json sample_size";
      return f;
    }
  }
  f.resolution_px = family_resolution(f.family, f.v_prediction);
  f.source = fmt::format("the {} family", io::family_name(f.family));
  return f;
}

Expected<TrainSettings> load_train_settings(const fs::path& file, const SettingFlags& flags) {
  fs::path path = file;
  std::error_code ec;
  if (fs::is_directory(path, ec)) path /= kTrainSettingsFileName;
  auto doc = read_train_settings_doc(path);
  if (!doc) return tl::unexpected(doc.error());
  ResolveContext ctx;
  ctx.label = path.string();
  ctx.base_dir = fs::absolute(path).parent_path();
  ctx.cuda_available = torch::cuda::is_available();
  // The base model as the file or a flag names it, for its facts.
  std::string model_text;
  if (auto f = flags.find("base_model"); f != flags.end()) model_text = std::get<std::string>(f->second.value);
  else if (auto d = doc->values.find("base_model"); d != doc->values.end()) model_text = std::get<std::string>(d->second);
  fs::path model(model_text);
  if (model.is_relative()) model = ctx.base_dir / model;
  auto facts = probe_base_model(model);
  if (!facts) {
    const auto line = doc->lines.find("base_model");
    return fail(fmt::format("{}{}: base_model: {}", path.string(),
                            line != doc->lines.end() && !flags.count("base_model") ? fmt::format(" line {}", line->second) : "",
                            facts.error().what()));
  }
  ctx.model = *facts;
  return resolve_train_settings(*doc, ctx, flags);
}

}  // namespace olis::jobs
