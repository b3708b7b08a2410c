// Projects: save / open round trip through the UI, autosave, and a damaged project file.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/ui/ui_test_util.h"
#include "ui/caption_editor.h"
#include "ui/main_window.h"
#include "ui/photo_list.h"
#include "ui/project_controller.h"
#include "ui/subject_panel.h"
#include "ui/subject_tab.h"

using olis::ui::MainWindow;
using olis::ui::ProjectController;

namespace {
QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
}  // namespace

class ProjectTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void saveAndOpenRoundTrip() {
    QTemporaryDir photos, projects;
    QVERIFY(olis::test::writeImage(photos.filePath("one.png"), 600, 640, 1));
    QVERIFY(olis::test::writeImage(photos.filePath("two.png"), 700, 600, 2));
    const QString folder = projects.filePath("My Dog");
    {
      MainWindow w;
      w.addPhotos({photos.filePath("one.png"), photos.filePath("two.png")});
      auto* panel = w.subjectTab()->subjectPanel();
      QTest::keyClicks(panel->classEdit(), "dog");
      panel->identifierEdit()->clear();
      QTest::keyClicks(panel->identifierEdit(), "sks");
      panel->kindCombo()->setCurrentIndex(1);  // living
      QTest::keyClicks(w.subjectTab()->photoList()->captionEditor(0)->textEdit(), "a <new> dog on the sofa");
      QString error;
      QVERIFY2(w.project()->saveAs(folder, &error), qPrintable(error));
      QVERIFY(!w.project()->isDirty());
    }
    // The photos were copied into the project, so the originals may go away.
    QVERIFY(QFile::exists(folder + "/photos/one.png"));
    QVERIFY(QFile::exists(folder + "/photos/two.png"));
    QVERIFY(QFile::remove(photos.filePath("one.png")));
    const QString yaml = QString::fromUtf8(readAll(folder + "/project.olis.yaml"));
    QVERIFY2(yaml.contains("class_noun: dog"), qPrintable(yaml));  // human-readable

    MainWindow w2;
    QVERIFY(w2.openProjectPath(folder));
    const auto& p = w2.project()->project();
    QCOMPARE(p.subject.class_noun, std::string("dog"));
    QCOMPARE(p.subject.identifier, std::string("sks"));
    QCOMPARE(p.subject.kind, olis::jobs::SubjectKindSetting::Living);
    QCOMPARE(w2.project()->photoCount(), 2);
    QCOMPARE(w2.project()->caption(0), QString("a <new> dog on the sofa"));
    QVERIFY(QFile::exists(w2.project()->photoPath(0)));
    // The views show the opened project.
    QCOMPARE(w2.subjectTab()->subjectPanel()->classEdit()->text(), QString("dog"));
    QCOMPARE(w2.subjectTab()->photoList()->rowCount(), 2);
    QCOMPARE(w2.subjectTab()->photoList()->captionEditor(0)->text(), QString("a <new> dog on the sofa"));
    QVERIFY(w2.windowTitle().startsWith("My Dog"));
  }

  void autosaveWritesSoonAfterAnEdit() {
    QTemporaryDir photos, projects;
    QVERIFY(olis::test::writeImage(photos.filePath("one.png"), 600, 600, 1));
    ProjectController c;
    c.setAutosaveDelayMs(100);
    c.addPhotos({photos.filePath("one.png")});
    QString error;
    QVERIFY(c.saveAs(projects.filePath("p"), &error));
    c.setCaption(0, "a <new> cat asleep");
    QVERIFY(c.isDirty());
    QTRY_VERIFY_WITH_TIMEOUT(!c.isDirty(), 3000);
    QVERIFY(readAll(c.projectFile()).contains("a <new> cat asleep"));
    // No temporary files are left next to the project file.
    const QStringList left = QDir(projects.filePath("p")).entryList(QDir::Files);
    QCOMPARE(left, QStringList{"project.olis.yaml"});
  }

  void damagedProjectFileIsReportedAndLeftAlone() {
    QTemporaryDir projects;
    const QString folder = projects.filePath("broken");
    QVERIFY(QDir().mkpath(folder));
    const QString file = folder + "/project.olis.yaml";
    const QByteArray damaged = "schema: olis-project/1\nsubject:\n  class_noun: dog\n  kind: [living\nphotos:\n  - file: a.png\n";
    {
      QFile f(file);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(damaged);
    }
    MainWindow w;
    w.project()->setAutosaveDelayMs(50);
    QString shown;
    olis::test::answerNextMessageBox(&shown);
    QVERIFY(!w.openProjectPath(folder));
    QVERIFY2(shown.contains(file), qPrintable(shown));     // names the file
    QVERIFY2(shown.contains("line "), qPrintable(shown));  // and the line
    QVERIFY2(shown.contains("The file was not changed"), qPrintable(shown));
    // Edits after the failed open never touch the damaged file.
    w.project()->setCaptionTemplate("a <new> {class} edited");
    QTest::qWait(200);
    QCOMPARE(readAll(file), damaged);
    QVERIFY(w.project()->folder().isEmpty());
  }
};

QTEST_MAIN(ProjectTest)
#include "project_test.moc"
