#include "core/io/model_source.h"

#include <fmt/format.h>

#include "core/io/single_file.h"
#include "core/io/weights_format.h"
#include "core/util/json_util.h"

namespace olis::io {
namespace {

namespace fs = std::filesystem;

const char* kComponents[] = {"unet", "vae", "text_encoder", "text_encoder_2"};

ComponentSummary summarize(const std::string& name, const std::vector<TensorInfo>& infos) {
  ComponentSummary s;
  s.name = name;
  s.tensor_count = infos.size();
  for (const auto& t : infos) {
    s.dtype_counts[std::string(dtype_name(t.dtype))]++;
    s.parameter_count += t.numel();
  }
  return s;
}

std::optional<PredictionType> prediction_from_config(const nlohmann::json& j) {
  auto it = j.find("prediction_type");
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>() == "v_prediction" ? PredictionType::VPrediction : PredictionType::Epsilon;
}

}  // namespace

Expected<fs::path> find_component_weights(const fs::path& dir) {
  std::error_code ec;
  const char* candidates[] = {"diffusion_pytorch_model.safetensors", "model.safetensors",
                              "diffusion_pytorch_model.safetensors.index.json", "model.safetensors.index.json"};
  for (const char* c : candidates)
    if (fs::exists(dir / c, ec)) return dir / c;
  std::vector<fs::path> variants;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const auto n = e.path().filename().string();
    if (n.size() > 12 && n.compare(n.size() - 12, 12, ".safetensors") == 0) variants.push_back(e.path());
  }
  std::sort(variants.begin(), variants.end());
  if (!variants.empty()) return variants.front();  // e.g. diffusion_pytorch_model.fp16.safetensors
  return fail(missing_safetensors_message(dir, fmt::format("{}: no .safetensors weights in this folder", dir.string())));
}

Expected<std::shared_ptr<ModelSource>> ModelSource::open(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return fail(fmt::format("{}: no such file or folder", path.string()));
  std::shared_ptr<ModelSource> m(new ModelSource());
  m->info_.path = path;
  Expected<void> r = fs::is_directory(path, ec) ? m->open_folder() : m->open_single_file();
  if (!r) return tl::unexpected(r.error());
  return m;
}

Expected<void> ModelSource::open_folder() {
  const fs::path& dir = info_.path;
  info_.layout = ModelLayout::DiffusersFolder;
  std::error_code ec;
  bool any = false;
  for (const char* c : kComponents) {
    const fs::path cdir = dir / c;
    if (!fs::is_directory(cdir, ec)) continue;
    any = true;
    auto weights = find_component_weights(cdir);
    if (!weights) return tl::unexpected(weights.error());
    component_files_[c] = *weights;
    if (fs::exists(cdir / "config.json", ec)) {
      auto cfg = load_json_file(cdir / "config.json");
      if (!cfg) return tl::unexpected(cfg.error());
      configs_[c] = *cfg;
    }
    auto infos = read_safetensors_infos(*weights);
    if (!infos) return tl::unexpected(infos.error());
    auto s = summarize(c, *infos);
    s.files = {*weights};
    s.has_config = configs_.count(c) > 0;
    info_.components.push_back(std::move(s));
  }
  if (fs::exists(dir / "scheduler" / "scheduler_config.json", ec)) {
    auto cfg = load_json_file(dir / "scheduler" / "scheduler_config.json");
    if (!cfg) return tl::unexpected(cfg.error());
    configs_["scheduler"] = *cfg;
  }
  if (fs::exists(dir / "model_index.json", ec)) {
    auto cfg = load_json_file(dir / "model_index.json");
    if (!cfg) return tl::unexpected(cfg.error());
    configs_["model_index"] = *cfg;
  }
  if (!any)
    return fail(fmt::format("{}: not a diffusers model folder (no unet/, vae/ or text_encoder/ folder inside){}",
                            dir.string(),
                            fs::exists(dir / "model_index.json", ec) ? "" : " and no model_index.json"));
  if (!configs_.count("model_index")) info_.notes.push_back("no model_index.json; components found by folder name");

  // Family: pipeline class, then the UNet config, then the text encoders present.
  std::string cls = configs_.count("model_index") ? json_get<std::string>(configs_["model_index"], "_class_name", "") : "";
  if (cls.find("XL") != std::string::npos) info_.family = ModelFamily::SDXL;
  if (info_.family == ModelFamily::Unknown && configs_.count("unet")) {
    const auto& u = configs_["unet"];
    if (json_get<std::string>(u, "addition_embed_type", "") == "text_time") info_.family = ModelFamily::SDXL;
    else if (json_get<bool>(u, "use_linear_projection", false)) info_.family = ModelFamily::SD2;
    else if (u.contains("cross_attention_dim") && u["cross_attention_dim"].is_number()) {
      auto d = u["cross_attention_dim"].get<int64_t>();
      info_.family = d == 1024 ? ModelFamily::SD2 : d == 2048 ? ModelFamily::SDXL : ModelFamily::SD1;
    }
  }
  if (info_.family == ModelFamily::Unknown) {
    if (component_files_.count("text_encoder_2")) info_.family = ModelFamily::SDXL;
    else if (configs_.count("text_encoder") &&
             json_get<std::string>(configs_["text_encoder"], "hidden_act", "") == "gelu")
      info_.family = ModelFamily::SD2;
    else if (component_files_.count("unet") || component_files_.count("text_encoder"))
      info_.family = ModelFamily::SD1;
  }
  if (configs_.count("scheduler")) {
    if (auto p = prediction_from_config(configs_["scheduler"])) {
      info_.prediction = *p;
      info_.prediction_known = true;
    }
  }
  if (!info_.prediction_known) info_.notes.push_back("no scheduler config: prediction type assumed epsilon");
  return {};
}

Expected<void> ModelSource::open_single_file() {
  const fs::path& file = info_.path;
  info_.layout = ModelLayout::SingleFile;
  auto fmt_ok = check_weights_file(file);
  if (!fmt_ok) return tl::unexpected(fmt_ok.error());
  if (*fmt_ok == WeightsFormat::SafetensorsIndex)
    return fail(fmt::format("{}: a sharded index; point Olis at the model folder instead", file.string()));
  auto f = SafetensorsFile::open(file);
  if (!f) return tl::unexpected(f.error());
  single_file_ = *f;
  info_.family = detect_single_file_family(single_file_->tensors());
  if (info_.family == ModelFamily::Unknown)
    return fail(fmt::format("{}: no Stable Diffusion UNet found (expected keys starting with "
                            "'model.diffusion_model.'); is this a LoRA or a component file rather than a checkpoint?",
                            file.string()));
  // Convert names only (shapes via empty meta tensors), so that inspect reads no data.
  TensorMap meta;
  for (const auto& t : single_file_->tensors())
    meta.emplace(t.name, torch::empty(t.shape, torch::TensorOptions().dtype(to_torch(t.dtype)).device(torch::kMeta)));
  ConvertedCheckpoint conv;
  try {
    conv = convert_single_file(meta, info_.family, file.string());
  } catch (const Error& e) {
    return fail(e.what());
  }
  info_.ignored_keys = conv.ignored_keys;
  for (const auto& [name, tensors] : conv.components) {
    std::vector<TensorInfo> infos;
    for (const auto& [k, t] : tensors) {
      TensorInfo ti;
      ti.name = k;
      ti.dtype = from_torch(t.scalar_type()).value_or(DType::F32);
      ti.shape = t.sizes().vec();
      infos.push_back(std::move(ti));
    }
    auto s = summarize(name, infos);
    s.files = {file};
    info_.components.push_back(std::move(s));
    single_file_infos_[name] = std::move(infos);
  }
  // Config files a user keeps beside the file (<dir>/<component>/config.json, <dir>/scheduler/...) are used;
  // they matter where shapes cannot tell a setting (e.g. the head count of a text encoder narrower than 64).
  const fs::path dir = file.parent_path();
  std::error_code ec;
  for (auto& s : info_.components) {
    const fs::path cfg = dir / s.name / "config.json";
    if (!fs::exists(cfg, ec)) continue;
    auto j = load_json_file(cfg);
    if (!j) return tl::unexpected(j.error());
    configs_[s.name] = *j;
    s.has_config = true;
  }
  if (fs::exists(dir / "scheduler" / "scheduler_config.json", ec)) {
    auto j = load_json_file(dir / "scheduler" / "scheduler_config.json");
    if (!j) return tl::unexpected(j.error());
    configs_["scheduler"] = *j;
  }
  const auto& md = single_file_->metadata();
  if (auto it = md.find("modelspec.prediction_type"); it != md.end()) {
    info_.prediction = it->second.find('v') == 0 ? PredictionType::VPrediction : PredictionType::Epsilon;
    info_.prediction_known = true;
  } else if (single_file_->contains("v_pred")) {
    info_.prediction = PredictionType::VPrediction;
    info_.prediction_known = true;
  } else if (auto p = configs_.count("scheduler") ? prediction_from_config(configs_["scheduler"]) : std::nullopt) {
    info_.prediction = *p;
    info_.prediction_known = true;
    info_.notes.push_back("prediction type read from scheduler/scheduler_config.json beside the file");
  } else {
    info_.notes.push_back(info_.family == ModelFamily::SD2
                              ? "the file does not record its prediction type: epsilon assumed; SD 2.x 768-px models "
                                "are usually v-prediction (choose it in the settings)"
                              : "the file does not record its prediction type: epsilon assumed");
  }
  if (!conv.ignored_keys.empty())
    info_.notes.push_back(fmt::format("{} keys are not used by any component (EMA copies, scheduler buffers, unused "
                                      "text-encoder layers)",
                                      conv.ignored_keys.size()));
  return {};
}

bool ModelSource::has_component(const std::string& name) const {
  return info_.layout == ModelLayout::SingleFile ? single_file_infos_.count(name) > 0
                                                 : component_files_.count(name) > 0;
}

Expected<TensorMap> ModelSource::component_weights(const std::string& name) const {
  if (!has_component(name))
    return fail(fmt::format("{}: has no {} component{}", info_.path.string(), name,
                            info_.layout == ModelLayout::DiffusersFolder ? fmt::format(" (no {}/ folder)", name) : ""));
  if (info_.layout == ModelLayout::DiffusersFolder) return load_safetensors(component_files_.at(name));
  TensorMap all;
  for (const auto& t : single_file_->tensors()) all.emplace(t.name, single_file_->tensor(t.name));
  try {
    auto conv = convert_single_file(all, info_.family, info_.path.string());
    return conv.components.at(name);
  } catch (const Error& e) {
    return fail(e.what());
  }
}

std::optional<nlohmann::json> ModelSource::component_config(const std::string& name) const {
  auto it = configs_.find(name);
  if (it == configs_.end()) return std::nullopt;
  return it->second;
}

std::optional<nlohmann::json> ModelSource::scheduler_config() const { return component_config("scheduler"); }
std::optional<nlohmann::json> ModelSource::model_index() const { return component_config("model_index"); }

std::optional<fs::path> ModelSource::tokenizer_dir(const std::string& name) const {
  std::error_code ec;
  const fs::path base = info_.layout == ModelLayout::DiffusersFolder ? info_.path : info_.path.parent_path();
  if (fs::is_directory(base / name, ec)) return base / name;
  return std::nullopt;
}

std::string format_model_info(const ModelInfo& info) {
  std::string s;
  s += fmt::format("path        {}\n", info.path.string());
  s += fmt::format("layout      {}\n", info.layout == ModelLayout::DiffusersFolder ? "diffusers folder"
                                                                                   : "single file (CompVis/LDM)");
  s += fmt::format("family      {}\n", family_name(info.family));
  s += fmt::format("prediction  {}{}\n", prediction_name(info.prediction), info.prediction_known ? "" : " (assumed)");
  for (const auto& c : info.components) {
    std::string dt;
    for (const auto& [d, n] : c.dtype_counts) dt += fmt::format("{}{} x{}", dt.empty() ? "" : ", ", d, n);
    s += fmt::format("{:<15} {:>6} tensors  {:>14} parameters  {}{}\n", c.name, c.tensor_count,
                     fmt::format("{:.1f}M", static_cast<double>(c.parameter_count) / 1e6), dt,
                     c.has_config ? "  (config.json)" : "");
  }
  if (!info.ignored_keys.empty()) {
    s += fmt::format("ignored     {} keys, e.g. {}\n", info.ignored_keys.size(), info.ignored_keys.front());
  }
  for (const auto& n : info.notes) s += fmt::format("note        {}\n", n);
  return s;
}

}  // namespace olis::io
