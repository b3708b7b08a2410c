#pragma once
// UI language: the system locale unless the settings name one ("en", "de").
#include <QLocale>
#include <QString>

class QCoreApplication;
class QTranslator;

namespace olis::ui {

// Languages with a translation, as (code, native name) pairs; English is the source language.
QList<QPair<QString, QString>> availableLanguages();
// The locale to use for `override_code` ("" follows the system).
QLocale uiLocale(const QString& override_code);
// Loads Olis' translation (and Qt's own, for standard dialogs) for `locale` into the application.
// Returns true when an Olis translation was installed (English needs none and returns false).
bool installTranslations(const QLocale& locale);
// Removes what installTranslations() installed.
void removeTranslations();

}  // namespace olis::ui
