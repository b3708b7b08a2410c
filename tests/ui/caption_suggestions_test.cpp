// Suggested captions in the Subject tab: with the tiny CLIP towers, the Suggest button ranks the pool's
// scenes against each photo (the same order as the engine's ranking), fills the empty captions with the best
// one, leaves written captions alone, and offers the suggestions under each caption editor.
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "core/eval/caption_suggestions.h"
#include "core/jobs/project_captions.h"
#include "ui/caption_editor.h"
#include "ui/caption_suggester.h"
#include "ui/main_window.h"
#include "ui/message_area.h"
#include "ui/photo_list.h"
#include "ui/project_controller.h"
#include "ui/subject_tab.h"
#include "tests/ui/booth_test_util.h"

class CaptionSuggestionsTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void withoutAClipModelTheButtonSaysWhatIsMissing() {
    olis::ui::MainWindow w;
    w.captionSuggester()->setClipModelProvider([] { return olis::jobs::MetricModelSettings{}; });
    QVERIFY(w.subjectTab()->suggestButton()->isVisible() || !w.isVisible());
    w.subjectTab()->suggestButton()->click();
    QVERIFY2(w.subjectTab()->messageArea()->plainText().contains("CLIP"), qPrintable(w.subjectTab()->messageArea()->plainText()));
  }

  void suggestionsFollowClipAndFillEmptyCaptions() {
    OLIS_REQUIRE_TINY_FIXTURES();
    const QString f = olis::test::fixturesRoot();
    QTemporaryDir dir;
    olis::ui::MainWindow w;
    auto* project = w.project();
    olis::jobs::SubjectSettings subject;
    subject.class_noun = "dog";
    subject.kind = olis::jobs::SubjectKindSetting::Living;
    project->setSubject(subject);
    QStringList files;
    for (int i = 0; i < 3; ++i) {
      files << dir.filePath(QStringLiteral("p%1.png").arg(i));
      QVERIFY(olis::test::writeImage(files.back(), 300 + 20 * i, 320, 11 + i));
    }
    project->addPhotos(files);
    QCOMPARE(project->photoCount(), 3);
    project->setCaption(0, "a <new> dog on the grass");
    olis::jobs::MetricModelSettings m;
    m.clip = QDir(f).filePath("clip_vision_tiny").toStdString();
    m.clip_text = QDir(f).filePath("clip_text_tiny").toStdString();
    m.tokenizer = QDir(f).filePath("clip_tokenizer").toStdString();
    w.captionSuggester()->setClipModelProvider([m] { return m; });
    QSignalSpy done(w.captionSuggester(), &olis::ui::CaptionSuggester::finished);
    w.subjectTab()->suggestButton()->click();
    QVERIFY(!w.subjectTab()->suggestButton()->isEnabled());
    QVERIFY(done.wait(60000));
    QCOMPARE(done.first().at(0).toInt(), 2);  // two empty captions filled
    QVERIFY2(w.subjectTab()->messageArea()->plainText().contains("2 empty caption"), qPrintable(w.subjectTab()->messageArea()->plainText()));

    // The engine's ranking, computed here directly.
    auto ev = olis::eval::Evaluator::load({m.clip, m.clip_text, m.tokenizer, {}});
    std::vector<std::filesystem::path> photos;
    for (int i = 0; i < 3; ++i) photos.push_back(project->photoPath(i).toStdString());
    const auto expected = olis::eval::suggest_captions(ev, olis::value_or_throw(olis::prompts::load_pool_set({})),
                                                       olis::jobs::project_subject(project->project()), photos);
    auto* list = w.subjectTab()->photoList();
    for (int i = 0; i < 3; ++i) {
      QStringList want;
      for (const auto& c : expected.photos[static_cast<std::size_t>(i)].captions) want << QString::fromStdString(c.caption);
      QCOMPARE(list->captionEditor(i)->suggestions(), want);
      QVERIFY(want.front().startsWith("a <new> dog "));
    }
    QCOMPARE(project->caption(0), QString("a <new> dog on the grass"));
    QCOMPARE(project->caption(1), list->captionEditor(1)->suggestions().front());
    QCOMPARE(project->caption(2), list->captionEditor(2)->suggestions().front());
    // Taking a suggestion edits the caption like typing.
    list->captionEditor(0)->bestSuggestionButton()->click();
    QCOMPARE(project->caption(0), list->captionEditor(0)->suggestions().front());
    QVERIFY(project->isDirty());
  }
};

QTEST_MAIN(CaptionSuggestionsTest)
#include "caption_suggestions_test.moc"
