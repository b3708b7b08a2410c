#include "ui/app_main.h"

#include <QApplication>

#include "olis/version.h"
#include "ui/main_window.h"

namespace olis::ui {

int run_application(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("Olis");
  QApplication::setOrganizationName("Olis");
  QApplication::setOrganizationDomain("olis.invalid");
  QApplication::setApplicationVersion(OLIS_VERSION_STRING);
  QApplication::setDesktopFileName("io.github.olis.Olis");
  MainWindow window;
  window.show();
  return app.exec();
}

}  // namespace olis::ui
