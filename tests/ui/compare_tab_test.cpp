// The Compare tab on a trained tiny project: the project's defaults give the base model and the newest
// checkpoint as rows and the validation prompts as columns; the checkpoint's validation images are reused,
// the base model's drawn; the grid PNG and JSON are saved; a click on a cell shows it with its parameters;
// reopening the project shows the latest grid again.
#include <torch/torch.h>

#include <QApplication>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "core/jobs/project_training.h"
#include "ui/compare_grid_view.h"
#include "ui/compare_tab.h"
#include "ui/image_viewer.h"
#include "ui/main_window.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"
#include "tests/ui/booth_test_util.h"

class CompareTabTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    torch::set_num_threads(2);
  }

  void anUnsavedProjectIsExplained() {
    olis::ui::MainWindow w;
    w.compareTab()->render();
    QVERIFY2(w.compareTab()->messageArea()->plainText().contains("Save the project"),
             qPrintable(w.compareTab()->messageArea()->plainText()));
  }

  void rendersAGridReusingValidationImages() {
    OLIS_REQUIRE_TINY_FIXTURES();
    QTemporaryDir dir;
    const QString p = dir.filePath("p");
    QVERIFY(olis::test::writeTinyProject(p, dir.filePath("cache")));
    olis::jobs::CancelToken cancel;
    olis::jobs::ProjectJobOptions regset, train;
    regset.task = olis::jobs::ProjectTask::RegularizationSet;
    train.task = olis::jobs::ProjectTask::Training;
    olis::jobs::ProjectJob(p.toStdString(), regset).run({}, cancel);
    olis::jobs::ProjectJob(p.toStdString(), train).run({}, cancel);

    olis::ui::MainWindow w;
    QString error;
    QVERIFY2(w.project()->open(p, &error), qPrintable(error));
    auto* tab = w.compareTab();
    tab->useProjectDefaults();
    QCOMPARE(tab->models().size(), 2);
    QCOMPARE(tab->models()[1].kind, olis::jobs::CompareModelKind::Checkpoint);
    // The validation prompts cycle through the DreamBench kinds: a background, then an accessory.
    QCOMPARE(tab->findChild<QPlainTextEdit*>("comparePrompts")->toPlainText(),
             QString("a <new> backpack in the jungle\na <new> backpack with a red ribbon tied around it"));
    QSignalSpy done(tab, &olis::ui::CompareTab::renderFinished);
    tab->render();
    QVERIFY(tab->isBusy());
    QVERIFY(done.wait(300000));
    QVERIFY2(done.first().at(0).toBool(), qPrintable(tab->messageArea()->plainText()));
    const auto* r = tab->lastResult();
    QVERIFY(r);
    QCOMPARE(r->reused, 2);    // the checkpoint of step 4: its validation images
    QCOMPARE(r->rendered, 2);  // the base model
    QVERIFY(QFile::exists(QString::fromStdString(r->grid_png.string())));
    QVERIFY(QFile::exists(QString::fromStdString(r->grid_json.string())));
    auto* grid = tab->gridView();
    QCOMPARE(grid->rowCount(), 2);
    QCOMPARE(grid->columnCount(), 2);
    QCOMPARE(grid->horizontalHeaderItem(0)->text(), QString("a <new> backpack in the jungle"));
    const QString params = grid->cellParameters(1, 1);
    QVERIFY2(params.contains("Prompt: a olis backpack with a red ribbon tied around it"), qPrintable(params));
    QVERIFY2(params.contains("Seed: 1001"), qPrintable(params));
    QVERIFY2(params.contains("step 4"), qPrintable(params));
    QVERIFY2(params.contains("validation image"), qPrintable(params));
    QVERIFY2(grid->cellParameters(0, 0).contains("Drawn for this grid"), qPrintable(grid->cellParameters(0, 0)));

    // A click opens the cell large with its parameters.
    QSignalSpy opened(grid, &olis::ui::CompareGridView::cellOpened);
    grid->openCell(1, 0);
    QCOMPARE(opened.count(), 1);
    auto* viewer = grid->findChild<olis::ui::ImageViewer*>("compareCellViewer");
    QVERIFY(viewer);
    QVERIFY(viewer->findChild<QPlainTextEdit*>()->toPlainText().contains("Seed: 1000"));
    viewer->close();

    // A second grid draws nothing.
    QSignalSpy again(tab, &olis::ui::CompareTab::renderFinished);
    QTest::qWait(1100);  // a new folder name (grid-<seconds>)
    tab->render();
    QVERIFY(again.wait(120000));
    QCOMPARE(tab->lastResult()->rendered, 0);
    QCOMPARE(tab->lastResult()->reused, 4);

    // Reopening the project shows the latest grid.
    QVERIFY(w.project()->open(p, &error));
    QCOMPARE(grid->rowCount(), 2);
  }
};

QTEST_MAIN(CompareTabTest)
#include "compare_tab_test.moc"
