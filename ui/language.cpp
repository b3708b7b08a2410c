#include "ui/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace olis::ui {

namespace {
// Our translators are children of the application object, found again by this name.
constexpr const char* kTranslatorName = "olis-translator";
}  // namespace

QList<QPair<QString, QString>> availableLanguages() {
  return {{QStringLiteral("en"), QStringLiteral("English")}, {QStringLiteral("de"), QStringLiteral("Deutsch")}};
}

QLocale uiLocale(const QString& override_code) {
  if (override_code.isEmpty()) return QLocale::system();
  return QLocale(override_code);
}

void removeTranslations() {
  QCoreApplication* app = QCoreApplication::instance();
  if (!app) return;
  const auto mine = app->findChildren<QTranslator*>(QLatin1String(kTranslatorName), Qt::FindDirectChildrenOnly);
  for (QTranslator* t : mine) {
    QCoreApplication::removeTranslator(t);
    delete t;
  }
}

bool installTranslations(const QLocale& locale) {
  removeTranslations();
  auto* qt = new QTranslator(QCoreApplication::instance());
  qt->setObjectName(QLatin1String(kTranslatorName));
  if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(qt);
  } else {
    delete qt;
  }
  auto* olis = new QTranslator(QCoreApplication::instance());
  olis->setObjectName(QLatin1String(kTranslatorName));
  // Compiled into the binary by qt_add_translations (resource prefix /i18n).
  if (olis->load(locale, QStringLiteral("olis"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
    QCoreApplication::installTranslator(olis);
    return true;
  }
  delete olis;
  return false;
}

}  // namespace olis::ui
