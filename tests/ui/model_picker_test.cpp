// The model picker: a model folder is chosen with a folder dialog (not by finding model_index.json in a file
// dialog), a single checkpoint with a file dialog; what was picked is detected at once and shown ("✔ SDXL,
// single file"), problems are named. The metric-model pickers say what a CLIP folder measures.
#include <torch/torch.h>

#include <QApplication>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QtTest>

#include "core/io/safetensors.h"
#include "tests/ui/ui_test_util.h"
#include "ui/model_picker.h"

using olis::ui::ModelPicker;
using olis::ui::ModelRole;

namespace {

#define OLIS_REQUIRE_FIXTURE(fixtures, name)                                                                \
  const QString fixtures = olis::test::fixturesRoot();                                                      \
  if (!QFile::exists(QDir(fixtures).filePath(name))) {                                                      \
    if (!qEnvironmentVariableIsEmpty("CI")) QFAIL(qPrintable("fixtures missing at " + fixtures + " and CI is set")); \
    QSKIP(qPrintable("fixtures not found at " + fixtures + " (set OLIS_FIXTURES)"));                        \
  }

// Selects `path` in an open file dialog and accepts it. selectFile() leaves the name field alone while it has
// the focus (Qt 6.4), so the focus goes first, as when the user clicks in the list; a dialog that refuses to
// close is rejected, so that the test fails instead of waiting.
void chooseInDialog(QFileDialog* d, const QString& path) {
  if (QWidget* focused = QApplication::focusWidget()) focused->clearFocus();
  d->selectFile(path);
  static_cast<QDialog*>(d)->accept();
  if (d->isVisible()) d->reject();
}

// Waits for the detection and returns the text the user sees.
QString detectedText(ModelPicker& picker) {
  if (picker.isDetecting()) {
    QSignalSpy done(&picker, &ModelPicker::detectionFinished);
    done.wait(10000);
  }
  QTextDocument doc;
  doc.setHtml(picker.resultLabel()->text());
  return doc.toPlainText().remove(QChar(0x200B));
}

}  // namespace

class ModelPickerTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
  }

  void aModelFolderIsChosenAsAFolderAndDetectedAtOnce() {
    OLIS_REQUIRE_FIXTURE(fixtures, "ldm_single_file_sdxl_tiny/model_index.json");
    const QString folder = QDir::cleanPath(QDir(fixtures).absoluteFilePath("ldm_single_file_sdxl_tiny"));
    ModelPicker picker(ModelRole::BaseModel);
    QCOMPARE(detectedText(picker), QString("No base model chosen: generation and training need one."));
    QSignalSpy edited(&picker, &ModelPicker::pathEdited);
    bool folder_dialog = false;
    olis::test::actOnNextModal<QFileDialog>([&](QFileDialog* d) {
      folder_dialog = d->fileMode() == QFileDialog::Directory;
      d->setDirectory(folder);
      chooseInDialog(d, folder);
    });
    picker.browse(true);
    QVERIFY(folder_dialog);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(QFileInfo(picker.path()).canonicalFilePath(), QFileInfo(folder).canonicalFilePath());
    QCOMPARE(detectedText(picker), QString("✔ SDXL, diffusers folder, epsilon"));

    // A single checkpoint file: a file dialog for .safetensors.
    bool file_dialog = false;
    const QString file = QDir(folder).filePath("model.safetensors");
    olis::test::actOnNextModal<QFileDialog>([&](QFileDialog* d) {
      file_dialog = d->fileMode() == QFileDialog::ExistingFile && d->nameFilters().join(" ").contains("*.safetensors");
      chooseInDialog(d, file);
    });
    picker.browse(false);
    QVERIFY(file_dialog);
    QVERIFY2(detectedText(picker).startsWith("✔ SDXL, single file"), qPrintable(detectedText(picker)));
  }

  void whatCannotBeUsedIsNamed() {
    QTemporaryDir dir;
    ModelPicker picker(ModelRole::BaseModel);
    // Someone who still picks model_index.json means its folder.
    QVERIFY(QDir().mkpath(dir.filePath("sd/unet")));
    {
      QFile f(dir.filePath("sd/model_index.json"));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("{\"_class_name\": \"StableDiffusionPipeline\"}");
    }
    picker.lineEdit()->setText(dir.filePath("sd/model_index.json"));
    Q_EMIT picker.lineEdit()->editingFinished();
    QCOMPARE(picker.path(), QDir::toNativeSeparators(dir.filePath("sd")));
    QVERIFY2(detectedText(picker).startsWith("✖"), qPrintable(detectedText(picker)));

    // A folder of downloaded checkpoints: the file to choose is named.
    QVERIFY(QDir().mkpath(dir.filePath("downloads")));
    {
      QFile f(dir.filePath("downloads/juggernaut.safetensors"));
      QVERIFY(f.open(QIODevice::WriteOnly));
    }
    picker.lineEdit()->setText(dir.filePath("downloads"));
    Q_EMIT picker.lineEdit()->editingFinished();
    QVERIFY2(detectedText(picker).contains("juggernaut.safetensors"), qPrintable(detectedText(picker)));
    picker.setPath(dir.filePath("nothing-here"));
    QVERIFY2(detectedText(picker).contains("nothing-here"), qPrintable(detectedText(picker)));
  }

  void aClipFolderSaysWhetherItMeasuresClipT() {
    OLIS_REQUIRE_FIXTURE(fixtures, "clip_vision_tiny/model.safetensors");
    if (!QFile::exists(QDir(fixtures).filePath("clip_text_tiny/model.safetensors"))) QSKIP("no clip_text_tiny fixture");
    ModelPicker clip(ModelRole::Clip);
    clip.setPath(QDir(fixtures).filePath("clip_vision_tiny"));
    QString text = detectedText(clip);
    QVERIFY2(text.contains("CLIP-I") && text.contains("No text tower") && text.contains("CLIP-T"), qPrintable(text));

    // One folder holding both towers, as openai/clip-vit-base-patch32 does.
    QTemporaryDir dir;
    auto both = olis::value_or_throw(olis::io::load_safetensors(
        std::filesystem::path(QDir(fixtures).filePath("clip_vision_tiny/model.safetensors").toStdString())));
    for (const auto& [k, v] : olis::value_or_throw(olis::io::load_safetensors(
             std::filesystem::path(QDir(fixtures).filePath("clip_text_tiny/model.safetensors").toStdString()))))
      both.emplace(k, v);
    olis::io::save_safetensors(std::filesystem::path(dir.filePath("model.safetensors").toStdString()), both);
    clip.setPath(dir.path());
    text = detectedText(clip);
    QVERIFY2(text.contains("CLIP-I and CLIP-T") && !text.contains("No text tower"), qPrintable(text));

    ModelPicker dino(ModelRole::Dino);
    dino.setPath(QDir(fixtures).filePath("clip_vision_tiny"));
    QVERIFY2(detectedText(dino).contains("not a DINO"), qPrintable(detectedText(dino)));
    dino.setPath(QDir(fixtures).filePath("dino_vits_tiny/model_hf_vit.safetensors"));
    QVERIFY2(detectedText(dino).startsWith("✔ DINO"), qPrintable(detectedText(dino)));
  }
};

QTEST_MAIN(ModelPickerTest)
#include "model_picker_test.moc"
