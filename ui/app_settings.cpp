#include "ui/app_settings.h"

namespace olis::ui {

AppSettings AppSettings::load(QSettings& s) {
  AppSettings a;
  a.base_model_path = s.value("model/base", a.base_model_path).toString();
  a.device = s.value("engine/device", a.device).toString();
  a.precision = s.value("engine/precision", a.precision).toString();
  a.output_folder = s.value("engine/outputFolder", a.output_folder).toString();
  a.threads = s.value("engine/threads", a.threads).toInt();
  a.language = s.value("ui/language", a.language).toString();
  a.recent_projects = s.value("ui/recentProjects").toStringList();
  return a;
}

void AppSettings::save(QSettings& s) const {
  s.setValue("model/base", base_model_path);
  s.setValue("engine/device", device);
  s.setValue("engine/precision", precision);
  s.setValue("engine/outputFolder", output_folder);
  s.setValue("engine/threads", threads);
  s.setValue("ui/language", language);
  s.setValue("ui/recentProjects", recent_projects);
}

void AppSettings::addRecentProject(const QString& path) {
  recent_projects.removeAll(path);
  recent_projects.prepend(path);
  while (recent_projects.size() > 8) recent_projects.removeLast();
}

}  // namespace olis::ui
