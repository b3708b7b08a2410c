// Captions: the prompt engine's validation is shown inline while the user types, and <new> and the class
// name are highlighted.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextLayout>
#include <QtTest>

#include "tests/ui/ui_test_util.h"
#include "ui/caption_editor.h"
#include "ui/caption_highlighter.h"
#include "ui/main_window.h"
#include "ui/photo_list.h"
#include "ui/project_controller.h"
#include "ui/subject_panel.h"
#include "ui/subject_tab.h"

using olis::ui::CaptionEditor;
using olis::ui::MainWindow;

namespace {

void typeInto(CaptionEditor* editor, const QString& text) {
  editor->textEdit()->setFocus();
  editor->textEdit()->selectAll();
  QTest::keyClick(editor->textEdit(), Qt::Key_Delete);
  QTest::keyClicks(editor->textEdit(), text);
}

bool hasFormatAt(const QTextBlock& block, int pos, const QColor& foreground) {
  for (const QTextLayout::FormatRange& r : block.layout()->formats()) {
    if (pos >= r.start && pos < r.start + r.length && r.format.foreground().color() == foreground) return true;
  }
  return false;
}

bool hasWavyUnderlineAt(const QTextBlock& block, int pos) {
  for (const QTextLayout::FormatRange& r : block.layout()->formats()) {
    if (pos >= r.start && pos < r.start + r.length && r.format.underlineStyle() == QTextCharFormat::WaveUnderline)
      return true;
  }
  return false;
}

}  // namespace

class CaptionValidationTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void validationIsShownInlineAsYouType() {
    QTemporaryDir dir;
    QVERIFY(olis::test::writeImage(dir.filePath("a.png"), 600, 600, 1));
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.addPhotos({dir.filePath("a.png")});
    // The user types the class on the Subject panel.
    auto* cls = w.subjectTab()->subjectPanel()->classEdit();
    cls->setFocus();
    QTest::keyClicks(cls, "backpack");
    QCOMPARE(w.project()->project().subject.class_noun, std::string("backpack"));

    CaptionEditor* editor = w.subjectTab()->photoList()->captionEditor(0);
    QVERIFY(editor);
    typeInto(editor, "a red backpack on a rock");
    QCOMPARE(w.project()->caption(0), QString("a red backpack on a rock"));
    QString shown = editor->feedbackLabel()->text();
    QVERIFY2(shown.contains("no &lt;new&gt; placeholder"), qPrintable(shown));
    QVERIFY(!editor->feedback().ok());

    typeInto(editor, "a <new> on a rock");
    shown = editor->feedbackLabel()->text();
    QVERIFY2(shown.contains("does not appear") || shown.contains("directly before"), qPrintable(shown));

    typeInto(editor, "a <new> backpack on a rock");
    shown = editor->feedbackLabel()->text();
    QVERIFY2(shown.contains("Good caption"), qPrintable(shown));
    QVERIFY(editor->feedback().ok());

    // Highlighting: <new> and the class name have their own formats.
    const QTextBlock block = editor->textEdit()->document()->firstBlock();
    const QColor placeholder = olis::ui::CaptionHighlighter::placeholderFormat().foreground().color();
    const QColor klass = olis::ui::CaptionHighlighter::classFormat().foreground().color();
    QVERIFY(hasFormatAt(block, 2, placeholder));   // "<new>" starts at 2
    QVERIFY(hasFormatAt(block, 8, klass));         // "backpack" starts at 8
    QVERIFY(!hasFormatAt(block, 18, klass));       // "rock" is plain
  }

  void problemRangesAreUnderlined() {
    QTemporaryDir dir;
    QVERIFY(olis::test::writeImage(dir.filePath("a.png"), 600, 600, 1));
    MainWindow w;
    w.addPhotos({dir.filePath("a.png")});
    olis::jobs::SubjectSettings s;
    s.class_noun = "dog";
    s.kind = olis::jobs::SubjectKindSetting::Living;
    w.project()->setSubject(s);
    CaptionEditor* editor = w.subjectTab()->photoList()->captionEditor(0);
    editor->textEdit()->setPlainText("a <new> dog and a <new> dog");
    QVERIFY(editor->feedbackLabel()->text().contains("more than once"));
    const QTextBlock block = editor->textEdit()->document()->firstBlock();
    QVERIFY(hasWavyUnderlineAt(block, 18));   // the second <new>
    QVERIFY(!hasWavyUnderlineAt(block, 2));   // the first one is fine
  }

  void templateAppliesToAllAndSuggestionsShow() {
    QTemporaryDir dir;
    QVERIFY(olis::test::writeImage(dir.filePath("a.png"), 600, 600, 1));
    QVERIFY(olis::test::writeImage(dir.filePath("b.png"), 600, 600, 2));
    MainWindow w;
    w.addPhotos({dir.path()});
    auto* panel = w.subjectTab()->subjectPanel();
    QTest::keyClicks(panel->classEdit(), "stuffed animal");
    QVERIFY2(panel->suggestionLabel()->text().contains("bear plushie"), qPrintable(panel->suggestionLabel()->text()));
    panel->specificCombo()->setCurrentText("bear plushie");
    QCOMPARE(w.project()->project().subject.specific_class, std::string("bear plushie"));
    w.subjectTab()->templateEdit()->clear();
    QTest::keyClicks(w.subjectTab()->templateEdit(), "a <new> {class} on a shelf");
    w.subjectTab()->findChild<QPushButton*>("applyTemplate")->click();
    QCOMPARE(w.project()->caption(0), QString("a <new> bear plushie on a shelf"));
    QCOMPARE(w.project()->caption(1), QString("a <new> bear plushie on a shelf"));
    QCOMPARE(w.subjectTab()->photoList()->captionEditor(1)->text(), QString("a <new> bear plushie on a shelf"));
    QVERIFY(w.subjectTab()->photoList()->captionEditor(1)->feedback().ok());
  }

  // The template a project starts from asks for each photo's background, so applying it never makes the
  // captions identical (they would overfit and leave the regularization set's training backgrounds empty).
  void defaultTemplateKeepsEachPhotosBackground() {
    QTemporaryDir dir;
    QVERIFY(olis::test::writeImage(dir.filePath("a.png"), 600, 600, 1));
    QVERIFY(olis::test::writeImage(dir.filePath("b.png"), 600, 600, 2));
    MainWindow w;
    w.addPhotos({dir.path()});
    QTest::keyClicks(w.subjectTab()->subjectPanel()->classEdit(), "backpack");
    QCOMPARE(w.subjectTab()->templateEdit()->text(), QString("a <new> {class} {background}"));
    w.project()->setCaption(0, "a <new> backpack on a rock");
    w.subjectTab()->findChild<QPushButton*>("applyTemplate")->click();
    QCOMPARE(w.project()->caption(0), QString("a <new> backpack on a rock"));
    QCOMPARE(w.project()->caption(1), QString("a <new> backpack {background}"));
    QVERIFY(!w.subjectTab()->photoList()->captionEditor(1)->feedback().ok());  // "fill in the background"
  }
};

QTEST_MAIN(CaptionValidationTest)
#include "caption_validation_test.moc"
