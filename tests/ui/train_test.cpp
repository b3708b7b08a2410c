// The Train tab: the regularization-set, training and export jobs run from the GUI's job queue on the tiny
// SDXL fixture model as a lone single file (no tokenizer folder, no vocab_dir) with the tiny CLIP and DINO
// towers; Train before the regularization set offers to make it first; the loss plot fills live while the job
// runs, the metric curves and the validation grid (its columns named by their prompts) show each validation
// round, a checkpoint is suggested, the selected one is exported, the Generate tab uses the results, and a new
// run keeps the old one aside. Also: a project that was never saved, a settings file that does not parse (it
// is reported with its name and never overwritten), fields at their defaults stay out of the file (the base
// model's family decides), values the settings table refuses are explained and not saved, the input checks'
// warnings stay in view, and the form's fields are wide enough for their text.
#include <torch/torch.h>

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QValueAxis>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/engine_worker.h"
#include "ui/generate_tab.h"
#include "ui/train_charts.h"
#include "ui/train_form.h"
#include "ui/trained_results.h"
#include "ui/main_window.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"
#include "ui/train_tab.h"
#include "tests/ui/ui_test_util.h"

namespace {

QString readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Every tick of a step axis is a whole step, so its "%d" labels are true.
bool ticksAreWhole(const QValueAxis* axis) {
  if (axis->tickType() != QValueAxis::TicksDynamic) return false;
  const double interval = axis->tickInterval();
  return interval >= 1 && interval == std::floor(interval) && axis->min() == std::floor(axis->min());
}

bool writeText(const QString& path, const QString& text) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) == text.toUtf8().size();
}

}  // namespace

// Declares `fixtures` (the fixture folder) and `model` (the tiny SDXL model in it), or skips the test when
// the fixtures are absent (fails when CI is set).
#define OLIS_REQUIRE_TINY_MODEL(fixtures, model)                                                            \
  const QString fixtures = olis::test::fixturesRoot();                                                                  \
  const QString model = QDir(fixtures).filePath("ldm_single_file_sdxl_tiny");                               \
  if (!QFile::exists(QDir(model).filePath("model_index.json"))) {                                           \
    if (!qEnvironmentVariableIsEmpty("CI")) QFAIL(qPrintable("fixtures missing at " + fixtures + " and CI is set")); \
    QSKIP(qPrintable("fixtures not found at " + fixtures + " (set OLIS_FIXTURES)"));                        \
  }

class TrainTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    torch::set_num_threads(2);
  }

  void anUnsavedProjectIsExplained() {
    olis::ui::MainWindow w;
    auto* tab = w.trainTab();
    tab->findChild<QPushButton*>("trainButton")->click();
    QVERIFY2(tab->messageArea()->plainText().contains("Save the project first"), qPrintable(tab->messageArea()->plainText()));
    QCOMPARE(w.engine()->pendingCount(), 0);
  }

  void aBrokenSettingsFileIsNamedAndKept() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("p");
    {
      olis::ui::MainWindow w;
      QString error;
      QVERIFY2(w.project()->saveAs(folder, &error), qPrintable(error));
    }
    const QString settings = QDir(folder).filePath("training.olis.yaml");
    const QString broken = "base_model: /m\nmode: [lora\n";
    QVERIFY(writeText(settings, broken));
    olis::ui::MainWindow w;
    QString error;
    QVERIFY2(w.project()->open(folder, &error), qPrintable(error));
    auto* tab = w.trainTab();
    QVERIFY2(tab->messageArea()->plainText().contains("training.olis.yaml"), qPrintable(tab->messageArea()->plainText()));
    tab->findChild<QSpinBox*>("steps")->setValue(77);  // an edit must not overwrite the user's file
    QTest::qWait(700);
    tab->findChild<QPushButton*>("trainButton")->click();
    QCOMPARE(readAll(settings), broken);
    QCOMPARE(w.engine()->pendingCount(), 0);
  }

  void formEditsAreSavedAndReadBack() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("p");
    olis::ui::MainWindow w;
    QString error;
    QVERIFY(w.project()->saveAs(folder, &error));
    auto* tab = w.trainTab();
    tab->findChild<QLineEdit*>("baseModel")->setText("/models/sd15");
    tab->findChild<QSpinBox*>("steps")->setValue(1234);
    tab->findChild<QSpinBox*>("evalEvery")->setValue(250);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QDir(folder).filePath("training.olis.yaml")), 3000);
    QTRY_VERIFY_WITH_TIMEOUT(readAll(QDir(folder).filePath("training.olis.yaml")).contains("eval_every: 250"), 3000);
    auto s = olis::jobs::read_train_settings_doc(QDir(folder).filePath("training.olis.yaml").toStdString());
    QVERIFY2(s, s ? "" : s.error().what());
    QCOMPARE(std::get<int64_t>(s->values.at("steps")), int64_t{1234});
    QCOMPARE(QString::fromStdString(std::get<std::string>(s->values.at("base_model"))), QString("/models/sd15"));
    // Fields left at their defaults stay out of the file, so that the base model's family decides.
    QVERIFY(!s->has("mode"));
    QVERIFY(!s->has("lr"));
    QVERIFY(!s->has("resolution"));
    // The output folder and manifest stay implicit (relative to the project), so the folder can move.
    QVERIFY(!readAll(QDir(folder).filePath("training.olis.yaml")).contains("output_dir"));

    // Keys the form does not show, edited by hand, survive the next form edit.
    const QString file = QDir(folder).filePath("training.olis.yaml");
    QVERIFY(writeText(file, readAll(file) + "keep_last: 7\n"));
    tab->findChild<QSpinBox*>("checkpointEvery")->setValue(125);
    QTRY_VERIFY_WITH_TIMEOUT(readAll(file).contains("checkpoint_every: 125"), 3000);
    QVERIFY2(readAll(file).contains("keep_last: 7"), qPrintable(readAll(file)));

    // Save As: the settings follow the project, with the default paths of the new folder.
    const QString moved = dir.filePath("q");
    QVERIFY(w.project()->saveAs(moved, &error));
    const QString moved_file = QDir(moved).filePath("training.olis.yaml");
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(moved_file), 3000);
    QVERIFY2(readAll(moved_file).contains("checkpoint_every: 125"), qPrintable(readAll(moved_file)));
    QVERIFY(!readAll(moved_file).contains(folder));
  }

  // "The paper's for the model" leaves `mode` out of the file (the family decides); a chosen mode is written and
  // changes what the default steps mean. A value the settings table refuses is explained with the table's
  // sentence and not saved; the message goes once the value is fixed, and the file reads back into the form.
  void modeAndRefusedValuesFollowTheSettingsTable() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("p");
    const QString file = QDir(folder).filePath("training.olis.yaml");
    {
      olis::ui::MainWindow w;
      QString error;
      QVERIFY(w.project()->saveAs(folder, &error));
      auto* tab = w.trainTab();
      tab->findChild<QLineEdit*>("baseModel")->setText("/models/sdxl");
      auto* mode = tab->findChild<QComboBox*>("mode");
      auto* steps = tab->findChild<QSpinBox*>("steps");
      QCOMPARE(mode->currentData().toString(), QString());
      // The family decides: the field says "paper default", its tooltip which (4000 full, 8000 LoRA).
      QVERIFY2(steps->specialValueText().contains("paper default"), qPrintable(steps->specialValueText()));
      QVERIFY2(steps->toolTip().contains("4000") && steps->toolTip().contains("8000"), qPrintable(steps->toolTip()));
      mode->setCurrentIndex(mode->findData("full"));
      QTRY_VERIFY_WITH_TIMEOUT(readAll(file).contains("mode: full"), 3000);
      QVERIFY2(!steps->specialValueText().contains("8000"), qPrintable(steps->specialValueText()));
      mode->setCurrentIndex(0);
      QTRY_VERIFY_WITH_TIMEOUT(!readAll(file).contains("mode:"), 3000);
      QVERIFY(readAll(file).contains("/models/sdxl"));

      auto* resolution = tab->findChild<QSpinBox*>("resolution");
      resolution->setValue(100);  // not a multiple of 64
      QTRY_VERIFY_WITH_TIMEOUT(tab->messageArea()->plainText().contains("resolution is 100"), 3000);
      QVERIFY2(!readAll(file).contains("resolution"), qPrintable(readAll(file)));
      resolution->setValue(128);
      QTRY_VERIFY_WITH_TIMEOUT(readAll(file).contains("resolution: 128"), 3000);
      QVERIFY2(!tab->messageArea()->plainText().contains("resolution is"), qPrintable(tab->messageArea()->plainText()));
    }
    olis::ui::MainWindow w;
    QString error;
    QVERIFY2(w.project()->open(folder, &error), qPrintable(error));
    auto* tab = w.trainTab();
    QCOMPARE(tab->findChild<QSpinBox*>("resolution")->value(), 128);
    QCOMPARE(tab->findChild<QComboBox*>("mode")->currentIndex(), 0);
    QCOMPARE(tab->findChild<QSpinBox*>("steps")->value(), 0);
    QCOMPARE(tab->findChild<QSpinBox*>("checkpointEvery")->value(), 500);
    QCOMPARE(tab->findChild<QLineEdit*>("learningRate")->text(), QString());
  }

  void formEditsOfANewProjectSurviveTheFirstSave() {
    QTemporaryDir dir;
    olis::ui::MainWindow w;
    auto* tab = w.trainTab();
    tab->findChild<QLineEdit*>("baseModel")->setText("/models/sdxl");
    tab->findChild<QSpinBox*>("steps")->setValue(321);
    QString error;
    QVERIFY(w.project()->saveAs(dir.filePath("new"), &error));
    const QString file = QDir(dir.filePath("new")).filePath("training.olis.yaml");
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(file), 3000);
    QVERIFY2(readAll(file).contains("steps: 321"), qPrintable(readAll(file)));
    QVERIFY(readAll(file).contains("/models/sdxl"));
  }

  void messagesThatNoLongerHoldGo() {
    QTemporaryDir dir;
    olis::ui::MainWindow w;
    QString error;
    QVERIFY(w.project()->saveAs(dir.filePath("p"), &error));
    auto* tab = w.trainTab();
    auto* model = tab->findChild<QLineEdit*>("baseModel");
    model->clear();
    Q_EMIT model->editingFinished();
    tab->findChild<QPushButton*>("trainButton")->click();
    QVERIFY2(tab->messageArea()->plainText().contains("Choose a base model"), qPrintable(tab->messageArea()->plainText()));
    model->setText(dir.filePath("models/sd15.safetensors"));
    Q_EMIT model->editingFinished();
    QVERIFY2(!tab->messageArea()->plainText().contains("Choose a base model"), qPrintable(tab->messageArea()->plainText()));

    // "No metric models are set" goes as soon as one is chosen, before any file is saved or run made.
    QVERIFY2(tab->suggestionLabel()->text().contains("No metric models"), qPrintable(tab->suggestionLabel()->text()));
    auto* clip = tab->findChild<QLineEdit*>("clipModel");
    clip->setText(dir.filePath("clip"));
    Q_EMIT clip->editingFinished();
    QVERIFY2(!tab->suggestionLabel()->text().contains("No metric models"), qPrintable(tab->suggestionLabel()->text()));
  }

  void formFieldsShowTheirWholeText() {
    olis::ui::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.tabs()->setCurrentWidget(w.trainTab());
    QTest::qWait(50);
    auto* form = w.trainTab()->form();
    for (auto* box : form->findChildren<QAbstractSpinBox*>())
      QVERIFY2(box->width() >= box->sizeHint().width(),
               qPrintable(QString("%1: %2 px for %3 px of text").arg(box->text()).arg(box->width()).arg(box->sizeHint().width())));
    for (auto* combo : form->findChildren<QComboBox*>())
      QVERIFY2(combo->width() >= combo->sizeHint().width(),
               qPrintable(QString("%1: %2 px for %3 px").arg(combo->currentText()).arg(combo->width()).arg(combo->sizeHint().width())));
  }

  void photosToExportedLoraThroughTheGui() {
    OLIS_REQUIRE_TINY_MODEL(fixtures, fixture_model);
    Q_UNUSED(fixture_model);
    QTemporaryDir dir;
    const QString model = olis::test::copyLoneSingleFile(fixtures, dir.filePath("models"));
    QVERIFY(!model.isEmpty());
    const QString folder = dir.filePath("backpack");
    QStringList photos;
    for (int i = 0; i < 4; ++i) {
      photos << dir.filePath(QString("photo%1.png").arg(i));
      QVERIFY(olis::test::writeImage(photos.back(), 72 + 8 * i, 80, i + 1));
    }
    {
      olis::ui::MainWindow w;
      olis::jobs::SubjectSettings subject;
      subject.class_noun = "backpack";
      w.project()->setSubject(subject);
      w.project()->addPhotos(photos);
      QCOMPARE(w.project()->photoCount(), 4);
      w.project()->setCaption(0, "a <new> backpack on a rock");
      QString error;
      QVERIFY2(w.project()->saveAs(folder, &error), qPrintable(error));
    }
    // A single file with no tokenizer folder beside it, and no vocab_dir: Olis' own CLIP vocabulary is used.
    const QString settings = QString(
        "base_model: %1\nmode: lora\nlora_rank: 4\nsteps: 6\nlr: 0.001\n"
        "resolution: 64\ncheckpoint_every: 3\nkeep_last: 2\neval_every: 3\neval_steps: 2\nvalidation_prompts: 2\n"
        "device: cpu\nregularization: {count: 4, batch: 2, steps: 2, cache_root: %3}\n"
        "metrics: {clip: %2/clip_vision_tiny, dino: %2/dino_vits_tiny/model_hf_vit.safetensors}\n")
        .arg(model, fixtures, dir.filePath("regsets"));
    QVERIFY(writeText(QDir(folder).filePath("training.olis.yaml"), settings));

    olis::ui::MainWindow w;
    QString error;
    QVERIFY2(w.project()->open(folder, &error), qPrintable(error));
    w.engine()->setComputeThreads(1);  // ctest runs two tests at once on a 2-core machine
    auto* tab = w.trainTab();
    QSignalSpy finished(tab, &olis::ui::TrainTab::jobFinished);
    int live_points = 0;
    connect(tab->lossSeries(), &QLineSeries::pointAdded, this, [&live_points](int) { ++live_points; });

    // Train before the regularization set exists: asked before any model loads, Yes makes the set, then trains.
    QString asked;
    olis::test::answerNextMessageBox(&asked, QMessageBox::Yes);
    tab->findChild<QPushButton*>("trainButton")->click();
    QVERIFY2(asked.contains("regularization set"), qPrintable(asked));
    QVERIFY(tab->isBusy());
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(tab->messageArea()->plainText()));  // the set
    QVERIFY2(tab->isBusy(), "training follows the regularization set by itself");
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(tab->messageArea()->plainText()));  // training
    QCOMPARE(live_points, 6);  // one per step, while the job ran
    QCOMPARE(tab->lossSeries()->count(), 6);
    QCOMPARE(tab->smoothedLossSeries()->count(), 6);
    QVERIFY(ticksAreWhole(tab->charts()->lossStepAxis()));
    QVERIFY(ticksAreWhole(tab->charts()->metricStepAxis()));
    QCOMPARE(tab->dinoSeries()->count(), 2);  // validation rounds at steps 3 and 6
    QCOMPARE(tab->clipISeries()->count(), 2);
    QCOMPARE(tab->dinoSeries()->at(1).x(), 6.0);
    for (const auto& p : tab->dinoSeries()->points()) QVERIFY(p.y() > -1.0001 && p.y() < 1.0001);
    QVERIFY(tab->suggestedStep().has_value());
    QVERIFY2(tab->suggestionLabel()->text().contains(QString("Suggested checkpoint: step %1").arg(*tab->suggestedStep())),
             qPrintable(tab->suggestionLabel()->text()));
    auto* grid = tab->validationGrid();
    QCOMPARE(grid->rowCount(), 2);
    QCOMPARE(grid->columnCount(), 2);
    QVERIFY(grid->item(0, 1)->toolTip().contains("backpack"));
    for (int c = 0; c < 2; ++c)  // the columns are named by their prompts, not numbered
      QVERIFY2(grid->horizontalHeaderItem(c)->text().contains("backpack"), qPrintable(grid->horizontalHeaderItem(c)->text()));
    QTRY_VERIFY_WITH_TIMEOUT(!grid->item(1, 0)->icon().isNull(), 5000);  // thumbnails arrive off the UI thread

    // The end of training exported the suggested checkpoint into its step's folder.
    const int64_t step = *tab->suggestedStep();
    const QString exported = QDir(folder).filePath(QString("training/export/step-%1/lora_kohya.safetensors").arg(step, 8, 10, QChar('0')));
    QVERIFY2(QFile::exists(exported), qPrintable(exported));

    // Export the suggested row again (the folder is written anew).
    const int row = tab->rowOfStep(step);
    QVERIFY(row >= 0);
    QVERIFY(QFile::remove(exported));
    grid->selectRow(row);
    tab->findChild<QPushButton*>("exportButton")->click();
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(tab->messageArea()->plainText()));
    QVERIFY2(QFile::exists(exported), qPrintable(exported));

    // The Generate tab offers what training made, and <new> in its prompt is the identifier.
    auto* gen = w.generateTab();
    gen->refreshResults();
    auto* choice = gen->modelChoice();
    QStringList offered;
    for (int i = 0; i < choice->count(); ++i) offered << choice->itemText(i);
    QVERIFY2(offered.contains(QString("Trained LoRA (step %1)").arg(step)), qPrintable(offered.join(" | ")));
    const int64_t other = step == 3 ? 6 : 3;  // kept (keep_last 2) but not exported
    const QString on_demand = QString("Checkpoint of step %1 (exported when first used)").arg(other);
    QVERIFY2(offered.contains(on_demand), qPrintable(offered.join(" | ")));
    olis::jobs::GenerateSettings g = w.project()->project().generate;
    g.prompt = "a photo of <new> backpack";
    g.steps = 2;
    g.seed = 1;
    g.lora_path = exported.toStdString();
    w.project()->setGenerate(g);
    Q_EMIT w.project()->projectReplaced();  // the tab reloads its fields from the project
    QCOMPARE(choice->currentText(), QString("Trained LoRA (step %1)").arg(step));
    QSignalSpy generated(gen, &olis::ui::GenerateTab::generationFinished);
    gen->generateButton()->click();
    QVERIFY(generated.wait(300000));
    QVERIFY2(generated.takeFirst().at(0).toBool(), qPrintable(gen->messageArea()->plainText()));
    QCOMPARE(gen->gallery()->count(), 1);
    const QString params = gen->gallery()->item(0)->toolTip();
    QVERIFY2(params.startsWith("a photo of olis backpack"), qPrintable(params));
    // A kept checkpoint is exported when first used, then generates.
    choice->setCurrentIndex(choice->findText(on_demand));
    gen->generateButton()->click();
    QVERIFY(generated.wait(300000));
    QVERIFY2(generated.takeFirst().at(0).toBool(), qPrintable(gen->messageArea()->plainText()));
    QCOMPARE(gen->gallery()->count(), 2);
    QVERIFY(QFile::exists(QDir(folder).filePath(QString("training/export/step-%1/lora_kohya.safetensors").arg(other, 8, 10, QChar('0')))));
    QCOMPARE(choice->currentText(), QString("Trained LoRA (step %1)").arg(other));

    // A second training run continues the existing one (resume is ticked for a folder with checkpoints).
    QVERIFY(tab->findChild<QCheckBox*>("resume")->isChecked());
    tab->findChild<QPushButton*>("trainButton")->click();
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(tab->messageArea()->plainText()));
    QCOMPARE(tab->lossSeries()->count(), 6);

    // Unticked: training from the start keeps the old run aside, after asking.
    tab->findChild<QCheckBox*>("resume")->setChecked(false);
    asked.clear();
    olis::test::answerNextMessageBox(&asked, QMessageBox::Yes);
    tab->findChild<QPushButton*>("trainButton")->click();
    QVERIFY2(asked.contains("previous-run"), qPrintable(asked));
    QVERIFY(tab->isBusy());
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(tab->messageArea()->plainText()));
    QVERIFY(QFile::exists(QString(exported).replace("training/export", "training/previous-run-1/export")));
    const QStringList new_exports = QDir(QDir(folder).filePath("training/export")).entryList({"step-*"}, QDir::Dirs);
    QCOMPARE(new_exports.size(), 1);  // the new run's end-of-training export
    QVERIFY(QFile::exists(QDir(folder).filePath("training/export/" + new_exports.front() + "/lora_kohya.safetensors")));
    QCOMPARE(tab->lossSeries()->count(), 6);
    gen->refreshResults();
    QVERIFY2(choice->findText(QString("Previous run 1: Trained LoRA (step %1)").arg(step)) > 0, qPrintable(choice->itemText(1)));
  }

  // Inputs are checked before the model loads, in the GUI as in the CLI: a 16x16 photo is a warning that
  // names it, and a caption without <new> refuses the run with `captions check`'s message.
  void inputChecksWarnAndRefuseBeforeLoading() {
    OLIS_REQUIRE_TINY_MODEL(fixtures, model);
    QTemporaryDir dir;
    const QString folder = dir.filePath("tiny");
    {
      olis::ui::MainWindow w;
      olis::jobs::SubjectSettings subject;
      subject.class_noun = "backpack";
      w.project()->setSubject(subject);
      QVERIFY(olis::test::writeImage(dir.filePath("tiny.png"), 16, 16, 3));
      QVERIFY(olis::test::writeImage(dir.filePath("big.png"), 80, 80, 4));
      w.project()->addPhotos({dir.filePath("tiny.png"), dir.filePath("big.png")});
      w.project()->setCaption(0, "a <new> backpack on a rock");
      w.project()->setCaption(1, "a backpack in a kitchen");
      QString error;
      QVERIFY2(w.project()->saveAs(folder, &error), qPrintable(error));
    }
    QVERIFY(writeText(QDir(folder).filePath("training.olis.yaml"),
                      QString("base_model: %1\nvocab_dir: %2/clip_tokenizer\nresolution: 64\ndevice: cpu\n"
                              "regularization: {count: 0}\n").arg(model, fixtures)));
    olis::ui::MainWindow w;
    QString error;
    QVERIFY2(w.project()->open(folder, &error), qPrintable(error));
    auto* tab = w.trainTab();
    QSignalSpy finished(tab, &olis::ui::TrainTab::jobFinished);
    tab->findChild<QPushButton*>("trainButton")->click();
    QVERIFY(finished.wait(60000));
    QVERIFY(!finished.takeFirst().at(0).toBool());
    const QString text = tab->messageArea()->plainText();
    QVERIFY2(text.contains("is 16x16 pixels; training works at 64x64"), qPrintable(text));
    QVERIFY2(text.contains("The caption has no <new> placeholder"), qPrintable(text));
    QVERIFY2(text.contains("allow_caption_errors"), qPrintable(text));
  }

  void stopKeepsTheCheckpointAndTrainingContinues() {
    OLIS_REQUIRE_TINY_MODEL(fixtures, model);
    QTemporaryDir dir;
    const QString folder = dir.filePath("toy");
    {
      olis::ui::MainWindow w;
      olis::jobs::SubjectSettings subject;
      subject.class_noun = "toy";
      subject.specific_class = "duck toy";
      w.project()->setSubject(subject);
      QStringList photos;
      for (int i = 0; i < 4; ++i) {
        photos << dir.filePath(QString("p%1.png").arg(i));
        QVERIFY(olis::test::writeImage(photos.back(), 80, 80, 10 + i));
      }
      w.project()->addPhotos(photos);
      QString error;
      QVERIFY2(w.project()->saveAs(folder, &error), qPrintable(error));
    }
    // No regularization set (count 0) and no metric models: plain DreamBooth without prior preservation.
    const QString settings = QString(
        "base_model: %1\nmode: lora\nlora_rank: 4\nsteps: 40\nlr: 0.001\n"
        "resolution: 64\ncheckpoint_every: 2\ndevice: cpu\nregularization: {count: 0}\n")
        .arg(model);
    QVERIFY(writeText(QDir(folder).filePath("training.olis.yaml"), settings));
    olis::ui::MainWindow w;
    QString error;
    QVERIFY2(w.project()->open(folder, &error), qPrintable(error));
    w.engine()->setComputeThreads(1);  // ctest runs two tests at once on a 2-core machine
    auto* tab = w.trainTab();
    QSignalSpy finished(tab, &olis::ui::TrainTab::jobFinished);
    auto stopper = connect(tab->lossSeries(), &QLineSeries::pointAdded, tab, [tab](int index) { if (index == 2) tab->stop(); });
    tab->findChild<QPushButton*>("trainButton")->click();
    QVERIFY(finished.wait(300000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), false);  // stopped, not finished
    QVERIFY(tab->findChild<QLabel*>("trainStatus")->text().contains("Newest checkpoint"));
    QVERIFY(tab->lossSeries()->count() < 40);
    QVERIFY(tab->findChild<QCheckBox*>("resume")->isChecked());
    QVERIFY(!QDir(QDir(folder).filePath("training/export")).exists());
    disconnect(stopper);
    tab->findChild<QPushButton*>("trainButton")->click();  // continues to the end
    QVERIFY2(tab->isBusy(), qPrintable(tab->messageArea()->plainText()));
    QVERIFY(finished.wait(300000));
    QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(tab->messageArea()->plainText()));
    QCOMPARE(tab->lossSeries()->count(), 40);
    // No metric models, so nothing is suggested: the end of the run exports the last step.
    QVERIFY(QFile::exists(QDir(folder).filePath("training/export/step-00000040/lora_kohya.safetensors")));
    QCOMPARE(tab->validationGrid()->rowCount(), 0);  // eval_every 0: no validation rounds
  }
};

QTEST_MAIN(TrainTest)
#include "train_test.moc"
