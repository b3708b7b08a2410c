// One base model per project: chosen in the Train tab, Generate and Settings show it; chosen in Settings, the
// Train tab and the project's training.olis.yaml follow; reopened, the project keeps its own model even when
// the application's default is another one.
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/ui/ui_test_util.h"
#include "ui/generate_tab.h"
#include "ui/main_window.h"
#include "ui/model_picker.h"
#include "ui/project_controller.h"
#include "ui/settings_dialog.h"
#include "ui/train_tab.h"

using olis::ui::MainWindow;

namespace {

QString readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Opens Settings, returns the base model it shows, and (when `choose` is set) picks that model and presses OK.
QString throughSettings(MainWindow& w, const QString& choose = QString()) {
  QString shown;
  olis::test::actOnNextModal<olis::ui::SettingsDialog>([&](olis::ui::SettingsDialog* d) {
    shown = d->modelPicker()->path();
    if (choose.isEmpty()) {
      d->reject();
      return;
    }
    d->modelPicker()->lineEdit()->setText(choose);
    Q_EMIT d->modelPicker()->lineEdit()->editingFinished();
    d->accept();
  });
  w.showSettings();
  return shown;
}

}  // namespace

class BaseModelTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void theTrainTabsChoiceIsTheProjects() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("p");
    const QString model = dir.filePath("models/sd15.safetensors");
    {
      MainWindow w;
      QString error;
      QVERIFY(w.project()->saveAs(folder, &error));
      auto* edit = w.trainTab()->findChild<QLineEdit*>("baseModel");
      edit->setText(model);
      Q_EMIT edit->editingFinished();
      QCOMPARE(w.project()->baseModel(), QDir::toNativeSeparators(model));
      const QString hint = w.generateTab()->modelHint()->text();
      QVERIFY2(hint.contains("sd15") && !hint.contains("No model loaded"), qPrintable(hint));
      QCOMPARE(throughSettings(w), QDir::toNativeSeparators(model));
      QTRY_VERIFY_WITH_TIMEOUT(readAll(QDir(folder).filePath("training.olis.yaml")).contains("sd15.safetensors"), 3000);
    }
    // Reopened with another default in the application settings: the project keeps its own model.
    MainWindow w;
    w.trainTab()->setDefaultBaseModel(dir.filePath("models/other.safetensors"));
    QVERIFY(w.openProjectPath(folder));
    QCOMPARE(w.project()->baseModel(), QDir::toNativeSeparators(model));
    QVERIFY(w.generateTab()->modelHint()->text().contains("sd15"));
  }

  void settingsChangeTheProjectsModel() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("p");
    MainWindow w;
    QString error;
    QVERIFY(w.project()->saveAs(folder, &error));
    const QString model = dir.filePath("models/sdxl");
    throughSettings(w, model);
    QCOMPARE(w.project()->baseModel(), QDir::toNativeSeparators(model));
    QCOMPARE(w.trainTab()->findChild<QLineEdit*>("baseModel")->text(), QDir::toNativeSeparators(model));
    QTRY_VERIFY_WITH_TIMEOUT(readAll(QDir(folder).filePath("training.olis.yaml")).contains("models/sdxl"), 3000);
    QVERIFY(w.generateTab()->modelHint()->text().contains("sdxl"));
  }
};

QTEST_MAIN(BaseModelTest)
#include "base_model_test.moc"
