#include "ui/model_detection.h"

#include <QCoreApplication>

#include "core/io/model_source.h"

namespace olis::ui {

DetectedModel detectModel(const QString& path) {
  DetectedModel d;
  if (path.trimmed().isEmpty()) {
    d.error = QCoreApplication::translate("olis::ui::ModelDetection", "No base model chosen.");
    return d;
  }
  auto source = olis::io::ModelSource::open(std::filesystem::path(path.toUtf8().toStdString()));
  if (!source) {
    d.error = QString::fromStdString(source.error().message());
    return d;
  }
  const olis::io::ModelInfo& info = (*source)->info();
  const QString layout = info.layout == olis::io::ModelLayout::DiffusersFolder
                             ? QCoreApplication::translate("olis::ui::ModelDetection", "diffusers folder")
                             : QCoreApplication::translate("olis::ui::ModelDetection", "single file");
  QString prediction = QString::fromLatin1(olis::io::prediction_name(info.prediction).data());
  if (!info.prediction_known) {
    prediction = QCoreApplication::translate("olis::ui::ModelDetection", "%1 (assumed)").arg(prediction);
  }
  d.ok = info.family != olis::io::ModelFamily::Unknown;
  d.summary = QStringLiteral("%1, %2, %3")
                  .arg(QString::fromLatin1(olis::io::family_name(info.family).data()), layout, prediction);
  if (!d.ok) d.error = QCoreApplication::translate("olis::ui::ModelDetection", "The model type was not recognised.");
  return d;
}

}  // namespace olis::ui
