#include "ui/screenshot_booth.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include "core/jobs/train_settings.h"
#include "ui/caption_suggester.h"
#include "ui/compare_grid_view.h"
#include "ui/compare_tab.h"
#include "ui/dreambench_tab.h"
#include "ui/image_viewer.h"
#include "ui/main_window.h"
#include "ui/screenshot_util.h"
#include "ui/message_area.h"
#include "ui/personalize_tab.h"
#include "ui/project_controller.h"
#include "ui/subject_tab.h"

namespace olis::ui {

namespace {

bool shoot(QWidget* w, const QString& path) { return saveScreenshot(w, path, 400); }  // thumbnails and layouts settle

void fail(const QString& what) { QTextStream(stderr) << "booth screenshots: " << what << "\n"; }

}  // namespace

bool runBoothScreenshots(MainWindow& window, const QString& out_dir, const QString& photos_dir, const QString& suffix,
                         const QString& settings, const QString& bench) {
  const QDir out(out_dir);
  auto name = [&](const char* base) { return out.filePath(QStringLiteral("%1%2.png").arg(QLatin1String(base), suffix)); };
  static QTemporaryDir folder;  // outlives the window's last autosave
  ProjectController* project = window.project();
  QTabWidget* tabs = window.tabs();
  bool ok = true;

  // A new project: the subject, the photos, no captions yet.
  window.newProject();
  olis::jobs::SubjectSettings subject;
  subject.class_noun = "dog";
  subject.kind = olis::jobs::SubjectKindSetting::Living;
  project->setSubject(subject);
  window.addPhotos({photos_dir});
  QString error;
  const QString dir = folder.filePath(QStringLiteral("booth%1").arg(suffix));
  if (!project->saveAs(dir, &error)) {
    fail(error);
    return false;
  }
  QFile::remove(QDir(dir).filePath(olis::jobs::kTrainSettingsFileName));
  if (!QFile::copy(settings, QDir(dir).filePath(olis::jobs::kTrainSettingsFileName))) {
    fail("cannot copy " + settings);
    return false;
  }
  project->open(dir, &error);  // the Train tab reads the settings (its CLIP model serves the suggestions)
  tabs->setCurrentWidget(window.subjectTab());
  ok = shoot(&window, name("09-booth-photos")) && ok;

  // Suggested captions.
  bool suggested = false;
  auto c1 = QObject::connect(window.captionSuggester(), &CaptionSuggester::finished, [&] { suggested = true; });
  auto c2 = QObject::connect(window.captionSuggester(), &CaptionSuggester::failed, [&](const QString& m) {
    fail("suggestions: " + m);
    suggested = true;
  });
  window.subjectTab()->suggestCaptions();
  if (!waitFor([&] { return suggested; }, 120000)) fail("the suggestions did not finish");
  QObject::disconnect(c1);
  QObject::disconnect(c2);
  ok = shoot(&window, name("10-suggested-captions")) && ok;

  // Personalize: the whole chain on the tiny model.
  PersonalizeTab* personalize = window.personalizeTab();
  tabs->setCurrentWidget(personalize);
  bool chained = false, chain_ok = false;
  auto c3 = QObject::connect(personalize, &PersonalizeTab::entryFinished, [&](int, bool r) {
    chained = true;
    chain_ok = r;
  });
  personalize->personalizeCurrentProject();
  waitFor([&] { return chained; }, 1200000);
  QObject::disconnect(c3);
  if (!chain_ok) fail("Personalize: " + personalize->messageArea()->plainText());
  ok = shoot(&window, name("11-personalize")) && ok && chain_ok;

  // Compare: the project's base model against its suggested checkpoint on the validation prompts.
  CompareTab* compare = window.compareTab();
  tabs->setCurrentWidget(compare);
  compare->useProjectDefaults();
  bool rendered = false, render_ok = false;
  auto c4 = QObject::connect(compare, &CompareTab::renderFinished, [&](bool r) {
    rendered = true;
    render_ok = r;
  });
  compare->render();
  waitFor([&] { return rendered; }, 600000);
  QObject::disconnect(c4);
  if (!render_ok) fail("Compare: " + compare->messageArea()->plainText());
  ok = shoot(&window, name("12-compare")) && ok && render_ok;
  if (render_ok && compare->gridView()->rowCount() > 1) {
    compare->gridView()->openCell(1, 0);
    if (auto* viewer = compare->gridView()->findChild<ImageViewer*>("compareCellViewer")) {
      viewer->resize(640, 760);
      ok = shoot(viewer, name("13-compare-cell")) && ok;
      viewer->close();
    }
  }

  // The DreamBench protocol's real-images row of three subjects with the tiny towers.
  if (!bench.isEmpty()) {
    DreamBenchTab* tab = window.dreamBenchTab();
    tabs->setCurrentWidget(tab);
    auto s = olis::jobs::load_train_settings(QDir(dir).filePath(olis::jobs::kTrainSettingsFileName).toStdString());
    if (s) {
      tab->field("subjects")->setText(bench);
      tab->field("out")->setText(folder.filePath(QStringLiteral("dreambench%1").arg(suffix)));
      tab->field("clip")->setText(QString::fromStdString(s->metrics.clip.string()));
      tab->field("clipText")->setText(QString::fromStdString(s->metrics.clip_text.string()));
      tab->field("tokenizer")->setText(QString::fromStdString(s->metrics.tokenizer.string()));
      tab->field("dino")->setText(QString::fromStdString(s->metrics.dino.string()));
      tab->field("only")->setText(QStringLiteral("backpack,dog,duck_toy"));
      tab->realImagesCheck()->setChecked(true);
      bool benched = false;
      auto c5 = QObject::connect(tab, &DreamBenchTab::finished, [&](bool) { benched = true; });
      tab->run();
      waitFor([&] { return benched; }, 300000);
      QObject::disconnect(c5);
      ok = shoot(&window, name("14-benchmark")) && ok && tab->table()->rowCount() == 4;
    }
  }
  return ok;
}

}  // namespace olis::ui
