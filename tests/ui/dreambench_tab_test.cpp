// The Benchmark tab: the DreamBench protocol's "real images" row on a two-subject folder with the tiny CLIP
// and DINO towers; the per-subject table with the mean, the report read back from the output folder, and
// the CSV export.
#include <QCheckBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/dreambench_tab.h"
#include "ui/engine_worker.h"
#include "ui/message_area.h"
#include "tests/ui/booth_test_util.h"

class DreamBenchTabTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void anIncompleteFormIsExplained() {
    olis::ui::EngineWorker engine;
    olis::ui::DreamBenchTab tab(&engine);
    tab.field("subjects")->clear();
    tab.run();
    QVERIFY2(tab.messageArea()->plainText().contains("DreamBench folder"), qPrintable(tab.messageArea()->plainText()));
    QVERIFY(!tab.isBusy());
  }

  void realImagesRowTableAndCsv() {
    OLIS_REQUIRE_TINY_FIXTURES();
    const QString f = olis::test::fixturesRoot();
    QTemporaryDir dir;
    const QString bench = dir.filePath("bench");
    QVERIFY(QDir().mkpath(bench));
    QVERIFY(olis::test::writeTextFile(QDir(bench).filePath("prompts_and_classes.txt"),
                                      "Classes\n\nsubject_name,class\nduck_toy,toy\ndog2,dog\n\nPrompts\n\nObject Prompts\n\n"
                                      "prompt_list = [\n'a {0} {1} in the jungle'.format(unique_token, class_token)\n]\n\n"
                                      "Live Subject Prompts\n\nprompt_list = [\n'a {0} {1} in the snow'.format(unique_token, class_token)\n]\n"));
    for (const char* s : {"duck_toy", "dog2"}) {
      QVERIFY(QDir(bench).mkpath(s));
      for (int i = 0; i < 3; ++i)
        QVERIFY(olis::test::writeImage(QDir(bench).filePath(QStringLiteral("%1/%2.png").arg(s).arg(i)), 90, 80, i * 5 + static_cast<int>(strlen(s))));
    }
    olis::ui::EngineWorker engine;
    olis::ui::DreamBenchTab tab(&engine);
    tab.field("subjects")->setText(bench);
    tab.field("out")->setText(dir.filePath("out"));
    tab.field("clip")->setText(QDir(f).filePath("clip_vision_tiny"));
    tab.field("dino")->setText(QDir(f).filePath("dino_vits_tiny/model_hf_vit.safetensors"));
    tab.field("model")->clear();
    tab.realImagesCheck()->setChecked(true);
    QSignalSpy done(&tab, &olis::ui::DreamBenchTab::finished);
    tab.run();
    QVERIFY(done.wait(120000));
    QVERIFY2(done.first().at(0).toBool(), qPrintable(tab.messageArea()->plainText()));
    auto* t = tab.table();
    QCOMPARE(t->rowCount(), 3);
    QCOMPARE(t->item(0, 0)->text(), QString("duck_toy"));
    QCOMPARE(t->item(1, 0)->text(), QString("dog2"));
    QCOMPARE(t->item(2, 0)->text(), QString("mean over subjects"));
    const double a = t->item(0, 1)->text().toDouble(), b = t->item(1, 1)->text().toDouble(), mean = t->item(2, 1)->text().toDouble();
    QVERIFY(a > 0 && b > 0);
    QVERIFY(std::abs(mean - (a + b) / 2) < 2e-4);
    QCOMPARE(t->item(0, 3)->text(), QString("–"));  // no CLIP-T in the real-images row

    // CSV export, and the report read back from the output folder by a new tab.
    const QString csv = dir.filePath("table.csv");
    QString error;
    QVERIFY2(tab.exportCsv(csv, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QString("subject,dino,clip_i,clip_t,clip_t_object,real_images,generated_images,pairs"));
    QVERIFY(lines[1].startsWith("duck_toy,0."));
    QVERIFY(lines[3].startsWith("mean,"));
    QVERIFY(QFile::exists(QDir(dir.filePath("out")).filePath("report.csv")));
    olis::ui::DreamBenchTab reread(&engine);
    QCOMPARE(reread.table()->rowCount(), 3);  // the saved form points at the output folder with its report
    QCOMPARE(reread.table()->item(1, 1)->text(), t->item(1, 1)->text());
  }
};

QTEST_MAIN(DreamBenchTabTest)
#include "dreambench_tab_test.moc"
