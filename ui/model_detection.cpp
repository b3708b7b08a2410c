#include "ui/model_detection.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <filesystem>

#include "core/io/model_source.h"
#include "core/io/safetensors.h"

namespace olis::ui {

namespace fs = std::filesystem;

namespace {

QString native(const fs::path& p) { return QDir::toNativeSeparators(QString::fromStdString(p.string())); }

DetectedModel detectBaseModel(const fs::path& path) {
  DetectedModel d;
  auto source = olis::io::ModelSource::open(path);
  if (!source) {
    d.error = QString::fromStdString(source.error().message());
    // A folder of checkpoints rather than a model folder: say which file to pick.
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      QStringList files = QDir(native(path)).entryList({QStringLiteral("*.safetensors")}, QDir::Files, QDir::Name);
      if (!files.isEmpty())
        d.error = QCoreApplication::translate("olis::ui::ModelDetection", "This folder is not a diffusers model folder, but it holds %1: choose that file instead.")
                      .arg(files.mid(0, 3).join(QStringLiteral(", ")));
    }
    return d;
  }
  const olis::io::ModelInfo& info = (*source)->info();
  const QString layout = info.layout == olis::io::ModelLayout::DiffusersFolder ? QCoreApplication::translate("olis::ui::ModelDetection", "diffusers folder") : QCoreApplication::translate("olis::ui::ModelDetection", "single file");
  QString prediction = QString::fromLatin1(olis::io::prediction_name(info.prediction).data());
  if (!info.prediction_known) prediction = QCoreApplication::translate("olis::ui::ModelDetection", "%1 (assumed)").arg(prediction);
  d.ok = info.family != olis::io::ModelFamily::Unknown;
  d.summary = QStringLiteral("%1, %2, %3")
                  .arg(QString::fromLatin1(olis::io::family_name(info.family).data()), layout, prediction);
  if (!d.ok) d.error = QCoreApplication::translate("olis::ui::ModelDetection", "The model type was not recognised.");
  return d;
}

// The weights file of a metric model folder (or the file itself).
fs::path weightsOf(const fs::path& path, bool any_safetensors) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return path;
  if (fs::exists(path / "model.safetensors", ec)) return path / "model.safetensors";
  if (fs::exists(path / "model.safetensors.index.json", ec)) return path / "model.safetensors.index.json";
  if (!any_safetensors) return {};
  std::vector<fs::path> found;
  for (const auto& e : fs::directory_iterator(path, ec))
    if (e.path().extension() == ".safetensors" && e.path().filename().string().find("case") == std::string::npos)
      found.push_back(e.path());
  std::sort(found.begin(), found.end());
  return found.empty() ? fs::path() : found.front();
}

DetectedModel detectMetricModel(const fs::path& path, ModelRole role) {
  DetectedModel d;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    d.error = QCoreApplication::translate("olis::ui::ModelDetection", "%1 does not exist.").arg(native(path));
    return d;
  }
  const fs::path file = weightsOf(path, role == ModelRole::Dino);
  if (file.empty()) {
    d.error = QCoreApplication::translate("olis::ui::ModelDetection", "%1 holds no model.safetensors.").arg(native(path));
    return d;
  }
  auto infos = olis::io::read_safetensors_infos(file);
  if (!infos) {
    d.error = QString::fromStdString(infos.error().message());
    return d;
  }
  auto has_prefix = [&](const char* prefix) {
    return std::any_of(infos->begin(), infos->end(), [prefix](const auto& t) { return t.name.rfind(prefix, 0) == 0; });
  };
  auto has = [&](const char* name) {
    return std::any_of(infos->begin(), infos->end(), [name](const auto& t) { return t.name == name; });
  };
  if (role == ModelRole::Clip) {
    const bool vision = has_prefix("vision_model.") && has("visual_projection.weight");
    const bool text = has_prefix("text_model.") && has("text_projection.weight");
    if (!vision) {
      d.error = QCoreApplication::translate("olis::ui::ModelDetection", "%1 has no CLIP vision tower (vision_model.* and visual_projection.weight); choose a CLIP model "
                   "folder such as openai/clip-vit-base-patch32.").arg(native(file));
      return d;
    }
    d.ok = true;
    d.summary = text ? QCoreApplication::translate("olis::ui::ModelDetection", "CLIP with vision and text towers: CLIP-I and CLIP-T") : QCoreApplication::translate("olis::ui::ModelDetection", "CLIP vision tower: CLIP-I");
    if (!text)
      d.note = QCoreApplication::translate("olis::ui::ModelDetection", "No text tower in this folder, so CLIP-T (how well images follow their prompts) is not measured and "
                  "the suggested checkpoint weighs DINO only. Choose the whole CLIP model (e.g. "
                  "openai/clip-vit-base-patch32, both towers in one folder) to measure it.");
    return d;
  }
  // DINO ViT-S/16 in DINO/timm names (cls_token, blocks.*) or Hugging Face ViTModel names (embeddings.cls_token).
  if (!has("cls_token") && !has("embeddings.cls_token") && !has("vit.embeddings.cls_token")) {
    d.error = QCoreApplication::translate("olis::ui::ModelDetection", "%1 is not a DINO ViT (no cls_token); choose DINO ViT-S/16 weights (facebook/dino-vits16).").arg(native(file));
    return d;
  }
  d.ok = true;
  d.summary = QCoreApplication::translate("olis::ui::ModelDetection", "DINO ViT: DINO");
  return d;
}

}  // namespace

DetectedModel detectModel(const QString& path, ModelRole role) {
  if (path.trimmed().isEmpty()) {
    DetectedModel d;
    d.error = role == ModelRole::BaseModel ? QCoreApplication::translate("olis::ui::ModelDetection", "No base model chosen.") : QCoreApplication::translate("olis::ui::ModelDetection", "Not set.");
    return d;
  }
  const fs::path p(path.trimmed().toUtf8().toStdString());
  return role == ModelRole::BaseModel ? detectBaseModel(p) : detectMetricModel(p, role);
}

}  // namespace olis::ui
