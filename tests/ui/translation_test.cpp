// The German translation: it loads, the window speaks German, and every source string is translated.
#include <QFile>
#include <QComboBox>
#include <QLineEdit>
#include <QMenuBar>
#include <QSpinBox>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest>

#include "ui/job_queue_panel.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/message_area.h"
#include "ui/photo_import.h"
#include "ui/project_controller.h"
#include "ui/setting_tips.h"
#include "ui/subject_tab.h"
#include "core/jobs/train_settings_keys.h"
#include "olis/build_paths.h"

class TranslationTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void cleanup() { olis::ui::removeTranslations(); }

  void germanLoadsAndTheWindowSpeaksGerman() {
    QVERIFY(olis::ui::installTranslations(QLocale(QLocale::German, QLocale::Germany)));
    olis::ui::MainWindow w;
    QStringList tabs;
    for (int i = 0; i < w.tabs()->count(); ++i) tabs << w.tabs()->tabText(i).remove('&');
    QVERIFY2(tabs.contains("Motiv"), qPrintable(tabs.join(", ")));
    QVERIFY2(tabs.contains("Erzeugen"), qPrintable(tabs.join(", ")));
    QStringList menus;
    for (QAction* a : w.menuBar()->actions()) menus << a->text().remove('&');
    QVERIFY2(menus.contains("Datei"), qPrintable(menus.join(", ")));
    // Plurals and arguments are translated too.
    QCOMPARE(olis::ui::JobQueuePanel::formatEta(125), QString("2 min 5 s"));
    QCOMPARE(w.project()->photoCountHint(), QString("Ziehen Sie 4 bis 6 Fotos Ihres Motivs hierher oder "
                                                    "wählen Sie „Fotos hinzufügen“."));
  }

  void englishHasPluralsAndSwitchingBackWorks() {
    QVERIFY(olis::ui::installTranslations(QLocale(QLocale::German)));
    QVERIFY(olis::ui::installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)));
    olis::ui::MainWindow w;
    QCOMPARE(w.tabs()->tabText(0).remove('&'), QString("Subject"));
    const char* ctx = "olis::ui::ProjectController";
    QCOMPARE(QCoreApplication::translate(ctx, "Added %n photo(s).", nullptr, 1), QString("Added 1 photo."));
    QCOMPARE(QCoreApplication::translate(ctx, "Added %n photo(s).", nullptr, 3), QString("Added 3 photos."));
  }

  // The Train form's mode, steps, learning-rate and resolution tooltips come from the core key table;
  // the UI's copies of its texts must equal the table, and German shows them translated.
  void keyTableTooltipsAreTranslated() {
    for (const auto& d : olis::ui::translatedKeyDocs()) {
      const auto* k = olis::jobs::find_train_setting(d.key);
      QVERIFY2(k, d.key);
      QVERIFY2(k->doc == d.doc, qPrintable(QString("%1: the table's doc changed: %2").arg(d.key, k->doc.c_str())));
      QVERIFY2(k->default_doc == d.default_doc,
               qPrintable(QString("%1: the table's default changed: %2").arg(d.key, k->default_doc.c_str())));
    }
    const QString englishMode = olis::ui::settingTip("mode");
    QVERIFY2(englishMode.startsWith("full: fine-tune the entire model") && englishMode.endsWith("Default: full for SD "
             "1.x/2.x, lora for SDXL (the paper); lora for every family with memory_profile 12gb. (mode)"),
             qPrintable(englishMode));

    QVERIFY(olis::ui::installTranslations(QLocale(QLocale::German, QLocale::Germany)));
    olis::ui::MainWindow w;
    const QList<QWidget*> fields = {w.findChild<QComboBox*>("mode"), w.findChild<QSpinBox*>("steps"),
                                    w.findChild<QLineEdit*>("learningRate"), w.findChild<QSpinBox*>("resolution")};
    const QStringList keys = {"mode", "steps", "lr", "resolution"};
    for (int i = 0; i < fields.size(); ++i) {
      QVERIFY2(fields[i], qPrintable(keys[i]));
      const QString tip = fields[i]->toolTip();
      QVERIFY2(tip.contains("Standard: ") && tip.endsWith("(" + keys[i] + ")"), qPrintable(tip));
      const auto* k = olis::jobs::find_train_setting(keys[i].toStdString());
      QVERIFY2(!tip.contains(QString::fromStdString(k->doc)), qPrintable(tip));
      QVERIFY2(!tip.contains(QString::fromStdString(k->default_doc)), qPrintable(tip));
    }
  }

  void everyStringHasAGermanTranslation() {
    QFile ts(QStringLiteral(OLIS_SOURCE_DIR "/translations/olis_de.ts"));
    QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
    const QString text = QString::fromUtf8(ts.readAll());
    const int messages = static_cast<int>(text.count("<message"));
    QVERIFY2(messages > 200, qPrintable(QString::number(messages)));
    QRegularExpression unfinished(R"(<source>([^<]*)</source>\s*(?:<comment>[^<]*</comment>\s*)?<translation type="unfinished")");
    auto it = unfinished.globalMatch(text);
    QStringList missing;
    while (it.hasNext()) missing << it.next().captured(1);
    QVERIFY2(missing.isEmpty(), qPrintable("untranslated: " + missing.mid(0, 10).join(" | ")));
    QVERIFY(!text.contains("<translation></translation>"));
  }
};

QTEST_MAIN(TranslationTest)
#include "translation_test.moc"
