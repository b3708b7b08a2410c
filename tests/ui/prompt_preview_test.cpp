// The prompt preview: sampling on the engine thread, the 20/60/20 counts and categories, the filter, the
// dropout view and the manifest export.
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "core/prompts/manifest.h"
#include "core/prompts/prompt_set.h"
#include "tests/ui/ui_test_util.h"
#include "ui/main_window.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"
#include "ui/prompt_preview_tab.h"

using olis::ui::MainWindow;
using olis::ui::PromptPreviewTab;

namespace {

bool sampleAndWait(PromptPreviewTab* tab) {
  QSignalSpy done(tab, &PromptPreviewTab::samplingFinished);
  tab->findChild<QPushButton*>("samplePrompts")->click();
  if (!done.wait(30000)) return false;
  return done.first().at(0).toBool();
}

QStringList prompts(const QTableWidget* t) {
  QStringList out;
  for (int r = 0; r < t->rowCount(); ++r) out << t->item(r, 2)->text();
  return out;
}

void setUpSubject(MainWindow& w, const QTemporaryDir& dir) {
  QVERIFY(olis::test::writeImage(dir.filePath("a.png"), 600, 600, 1));
  QVERIFY(olis::test::writeImage(dir.filePath("b.png"), 600, 600, 2));
  w.addPhotos({dir.path()});
  olis::jobs::SubjectSettings s;
  s.identifier = "olis";
  s.class_noun = "backpack";
  w.project()->setSubject(s);
  w.project()->setCaption(0, "a <new> backpack on a rock");
  w.project()->setCaption(1, "a <new> backpack in the snow");
}

}  // namespace

class PromptPreviewTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void countsAndCategories() {
    QTemporaryDir dir;
    MainWindow w;
    setUpSubject(w, dir);
    PromptPreviewTab* tab = w.promptTab();
    tab->countSpin()->setValue(50);
    tab->seedSpin()->setValue(7);
    QVERIFY(sampleAndWait(tab));
    QCOMPARE(tab->table()->rowCount(), 50);
    const auto expected = olis::prompts::category_counts(50);
    QCOMPARE(expected.training + expected.photoreal + expected.styled, 50);
    const QString summary = tab->summaryLabel()->text();
    QVERIFY2(summary.contains("50 prompts"), qPrintable(summary));
    QVERIFY2(summary.contains(QString("%1 from captions").arg(expected.training)), qPrintable(summary));
    QVERIFY2(summary.contains(QString("%1 photoreal").arg(expected.photoreal)), qPrintable(summary));
    QVERIFY2(summary.contains(QString("%1 styled").arg(expected.styled)), qPrintable(summary));

    auto* filter = tab->categoryFilter();
    filter->setCurrentIndex(filter->findData(static_cast<int>(olis::prompts::PromptCategory::Styled)));
    QCOMPARE(tab->visibleRowCount(), expected.styled);
    filter->setCurrentIndex(filter->findData(static_cast<int>(olis::prompts::PromptCategory::Training)));
    QCOMPARE(tab->visibleRowCount(), expected.training);
    for (int r = 0; r < tab->table()->rowCount(); ++r) {
      if (tab->table()->isRowHidden(r)) continue;
      QCOMPARE(tab->table()->item(r, 1)->text(), QString("From captions"));
      const QString p = tab->table()->item(r, 2)->text();
      QVERIFY2(p.contains("on a rock") || p.contains("in the snow"), qPrintable(p));  // the captions' backgrounds
    }
    filter->setCurrentIndex(0);
    QCOMPARE(tab->visibleRowCount(), 50);
    for (const QString& p : prompts(tab->table())) {
      QVERIFY2(!p.contains("olis"), qPrintable(p));  // regularization prompts never contain the identifier
      QVERIFY2(p.contains("backpack"), qPrintable(p));
    }
  }

  void seedsReseedDropoutAndExport() {
    QTemporaryDir dir;
    MainWindow w;
    setUpSubject(w, dir);
    PromptPreviewTab* tab = w.promptTab();
    tab->countSpin()->setValue(40);
    tab->seedSpin()->setValue(11);
    QVERIFY(sampleAndWait(tab));
    const QStringList first = prompts(tab->table());
    QVERIFY(sampleAndWait(tab));
    QCOMPARE(prompts(tab->table()), first);  // same seed, same prompts

    QSignalSpy done(tab, &PromptPreviewTab::samplingFinished);
    tab->findChild<QPushButton*>("reseed")->click();
    QVERIFY(done.wait(30000));
    QVERIFY(tab->seedSpin()->value() != 11);
    QVERIFY(prompts(tab->table()) != first);

    const QStringList full = prompts(tab->table());
    tab->dropoutCheck()->setChecked(true);
    const QStringList dropped = prompts(tab->table());
    QCOMPARE(dropped.size(), full.size());
    int shorter = 0;
    for (int i = 0; i < full.size(); ++i) {
      QVERIFY(dropped[i].size() <= full[i].size() + 1);  // articles may change: "a" -> "an"
      shorter += dropped[i].size() < full[i].size() ? 1 : 0;
    }
    QVERIFY2(shorter > 0, "dropout leaves some adjectives out");
    tab->dropoutCheck()->setChecked(false);
    QCOMPARE(prompts(tab->table()), full);

    const QString manifest = dir.filePath("out/reg.jsonl");
    QVERIFY(tab->exportManifest(manifest));
    auto items = olis::prompts::read_manifest(manifest.toStdString());
    QVERIFY(items);
    QCOMPARE(static_cast<int>(items->size()), 40);
    QCOMPARE(QString::fromStdString((*items)[0].prompt), full[0]);
  }

  void missingClassIsExplained() {
    MainWindow w;
    PromptPreviewTab* tab = w.promptTab();
    tab->findChild<QPushButton*>("samplePrompts")->click();
    QVERIFY(!tab->isSampling());
    QVERIFY(tab->messageArea()->plainText().contains("Set the class of your subject"));
    QCOMPARE(tab->table()->rowCount(), 0);
  }
};

QTEST_MAIN(PromptPreviewTest)
#include "prompt_preview_test.moc"
