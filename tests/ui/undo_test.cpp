// Edits are saved as they are made, so they are taken back in the app: Edit ▸ Undo brings back a removed photo
// with its caption, a caption edit and the template applied to all; File ▸ Revert to Last Opened discards the
// session's changes. Messages about a removed photo go with it.
#include <QAction>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "tests/ui/ui_test_util.h"
#include "ui/main_window.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"
#include "ui/subject_tab.h"

using olis::ui::MainWindow;

namespace {

QAction* menuAction(MainWindow& w, const QString& menu, const QString& text) {
  for (QAction* m : w.menuBar()->actions()) {
    if (m->text().remove('&') != menu || !m->menu()) continue;
    for (QAction* a : m->menu()->actions())
      if (a->text().remove('&').startsWith(text)) return a;
  }
  return nullptr;
}

QStringList photoNames(const olis::ui::ProjectController& c) {
  QStringList names;
  for (int i = 0; i < c.photoCount(); ++i) names << c.photoFileName(i);
  return names;
}

}  // namespace

class UndoTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void aRemovedPhotoComesBackWithUndo() {
    QTemporaryDir dir;
    for (int i = 0; i < 3; ++i) QVERIFY(olis::test::writeImage(dir.filePath(QString("p%1.png").arg(i)), 600, 600, i));
    QVERIFY(olis::test::writeImage(dir.filePath("small.png"), 300, 200, 9));
    MainWindow w;
    auto* c = w.project();
    w.addPhotos({dir.filePath("p0.png"), dir.filePath("p1.png"), dir.filePath("p2.png"), dir.filePath("small.png")});
    QVERIFY2(w.subjectTab()->messageArea()->plainText().contains("small.png is 300×200"),
             qPrintable(w.subjectTab()->messageArea()->plainText()));
    QString error;
    QVERIFY(c->saveAs(dir.filePath("project"), &error));
    c->setCaption(1, "a <new> dog on the sofa");

    c->removePhoto(3);
    // What was said about small.png ("It was added, but …") no longer holds; how to get it back does.
    const QString shown = w.subjectTab()->messageArea()->plainText();
    QVERIFY2(!shown.contains("was added"), qPrintable(shown));
    QVERIFY2(shown.contains("Removed small.png") && shown.contains("Undo"), qPrintable(shown));
    c->removePhoto(1);
    QCOMPARE(photoNames(*c), (QStringList{"p0.png", "p2.png"}));

    QAction* undo = menuAction(w, "Edit", "Undo");
    QVERIFY(undo);
    QVERIFY2(undo->isEnabled() && undo->text().contains("p1.png"), qPrintable(undo->text()));
    QCOMPARE(undo->shortcut(), QKeySequence(QKeySequence::Undo));
    undo->trigger();
    QCOMPARE(photoNames(*c), (QStringList{"p0.png", "p1.png", "p2.png"}));
    QCOMPARE(c->caption(1), QString("a <new> dog on the sofa"));
    QVERIFY(QFile::exists(c->photoPath(1)));  // the project's copy was kept
    undo->trigger();
    QCOMPARE(c->photoCount(), 4);
    menuAction(w, "Edit", "Redo")->trigger();
    QCOMPARE(c->photoCount(), 3);

    // Caption edits and the template applied to all.
    c->setCaption(0, "a <new> dog");
    c->setCaption(0, "a <new> dog on the grass");  // one typing session: one step
    c->setCaptionTemplate("a photo of <new> {class}");
    c->applyTemplateToAll();
    QCOMPARE(c->caption(1), QString("a photo of <new> "));
    undo->trigger();
    QCOMPARE(c->caption(1), QString("a <new> dog on the sofa"));
    QCOMPARE(c->caption(0), QString("a <new> dog on the grass"));
    undo->trigger();
    QCOMPARE(c->caption(0), QString());
    // Undone edits are saved as any other edit.
    QTRY_VERIFY_WITH_TIMEOUT(!c->isDirty(), 5000);
  }

  void revertDiscardsTheSessionsEdits() {
    QTemporaryDir dir;
    for (int i = 0; i < 2; ++i) QVERIFY(olis::test::writeImage(dir.filePath(QString("p%1.png").arg(i)), 600, 600, i));
    const QString folder = dir.filePath("project");
    {
      MainWindow w;
      w.addPhotos({dir.filePath("p0.png"), dir.filePath("p1.png")});
      w.project()->setCaption(0, "a <new> cat");
      QString error;
      QVERIFY(w.project()->saveAs(folder, &error));
    }
    MainWindow w;
    QAction* revert = menuAction(w, "File", "Revert to Last Opened");
    QVERIFY(revert);
    QVERIFY(!revert->isEnabled());  // nothing was opened yet
    QVERIFY(w.openProjectPath(folder));
    QVERIFY(revert->isEnabled());
    w.project()->removePhoto(1);
    w.project()->setCaption(0, "a <new> dog");
    QString error;
    QVERIFY(w.project()->save(&error));  // saved edits, as autosave would have
    QString asked;
    olis::test::answerNextMessageBox(&asked, QMessageBox::Discard);
    revert->trigger();
    QVERIFY2(asked.contains("cannot be undone"), qPrintable(asked));
    QCOMPARE(w.project()->photoCount(), 2);
    QCOMPARE(w.project()->caption(0), QString("a <new> cat"));
    QVERIFY(!w.project()->isDirty());
    MainWindow again;
    QVERIFY(again.openProjectPath(folder));
    QCOMPARE(again.project()->photoCount(), 2);
  }
};

QTEST_MAIN(UndoTest)
#include "undo_test.moc"
