#include "ui/app_main.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

#include "olis/version.h"
#include "ui/app_settings.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/screenshot_mode.h"

namespace olis::ui {

int run_application(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("Olis");
  QApplication::setOrganizationName("Olis");
  QApplication::setOrganizationDomain("olis.invalid");
  QApplication::setApplicationVersion(OLIS_VERSION_STRING);
  QApplication::setDesktopFileName("io.github.olis.Olis");

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Olis: personalize text-to-image diffusion models"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption lang({"l", "language"}, QStringLiteral("UI language (en, de); default: settings, then system."),
                          QStringLiteral("code"));
  QCommandLineOption shots(QStringLiteral("screenshot"), QStringLiteral("Write screenshots of every tab to DIR and quit."),
                           QStringLiteral("DIR"));
  QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("With --screenshot: build a demo project from this photo folder."),
                          QStringLiteral("FOLDER"));
  QCommandLineOption suffix(QStringLiteral("screenshot-suffix"), QStringLiteral("Suffix of screenshot file names."),
                            QStringLiteral("TEXT"));
  QCommandLineOption demo_train(QStringLiteral("demo-train"),
                                QStringLiteral("With --demo: train the demo project with these training settings and capture the Train tab."),
                                QStringLiteral("FILE"));
  QCommandLineOption demo_booth(QStringLiteral("demo-booth"),
                                QStringLiteral("With --demo: run the booth flow (suggested captions, Personalize, Compare) "
                                               "on a new project with these training settings and capture it."),
                                QStringLiteral("FILE"));
  parser.addOptions({lang, shots, demo, suffix, demo_train, demo_booth});
  parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("A project folder or project.olis.yaml to open."));
  parser.process(app);

  QSettings settings;
  const AppSettings app_settings = AppSettings::load(settings);
  const QString code = parser.isSet(lang) ? parser.value(lang) : app_settings.language;
  const QLocale locale = uiLocale(code);
  QLocale::setDefault(locale);
  installTranslations(locale);

  MainWindow window;
  if (parser.isSet(shots)) {
    return runScreenshots(window, parser.value(shots), parser.value(demo), parser.value(suffix),
                          parser.value(demo_train), parser.value(demo_booth));
  }
  if (!parser.positionalArguments().isEmpty()) window.openProjectPath(parser.positionalArguments().first());
  window.show();
  return app.exec();
}

}  // namespace olis::ui
