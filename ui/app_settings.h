#pragma once
// Application settings (not per project), stored with QSettings.
#include <QSettings>
#include <QString>
#include <QStringList>

namespace olis::ui {

struct AppSettings {
  QString base_model_path;  // a diffusers folder or a single .safetensors file
  QString device = "auto";  // "auto", "cpu", "cuda"
  QString precision = "auto";  // "auto", "fp32", "fp16", "bf16"
  QString output_folder;    // unused (images go to <project>/outputs); kept so old settings files read back
  int threads = 0;          // 0: as many as the machine has
  QString language;         // empty: follow the system locale; "en", "de"
  QStringList recent_projects;

  static AppSettings load(QSettings& s);
  void save(QSettings& s) const;
  void addRecentProject(const QString& path);  // most recent first, at most 8
};

}  // namespace olis::ui
