#include "ui/screenshot_mode.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTreeWidget>

#include "core/prompts/dreambench.h"
#include "ui/caption_editor.h"
#include "ui/engine_worker.h"
#include "ui/generate_tab.h"
#include "ui/main_window.h"
#include "ui/photo_list.h"
#include "ui/pool_view.h"
#include "ui/screenshot_booth.h"
#include "ui/screenshot_util.h"
#include "ui/project_controller.h"
#include "ui/prompt_preview_tab.h"
#include "ui/settings_dialog.h"
#include "ui/subject_tab.h"
#include "ui/message_area.h"
#include "ui/train_tab.h"

namespace olis::ui {

namespace {

bool save(QWidget* w, const QString& path) { return saveScreenshot(w, path, 150); }

}  // namespace

int runScreenshots(MainWindow& window, const QString& out_dir, const QString& demo_dir, const QString& suffix,
                   const QString& train_settings, const QString& booth_settings) {
  QDir().mkpath(out_dir);
  const QDir out(out_dir);
  QTemporaryDir project_dir;
  window.resize(1280, 820);
  window.show();
  waitFor([] { return false; }, 300);
  ProjectController* project = window.project();
  if (!demo_dir.isEmpty()) {
    const QString name = QFileInfo(demo_dir).fileName();
    olis::jobs::SubjectSettings subject;
    subject.identifier = "olis";
    if (const auto* db = olis::prompts::find_dreambench_subject(name.toStdString())) {
      subject.class_noun = db->class_noun;
      subject.specific_class = db->specific_class == db->class_noun ? std::string() : db->specific_class;
      subject.kind = db->kind == olis::prompts::SubjectKind::Object ? olis::jobs::SubjectKindSetting::Object
                     : db->kind == olis::prompts::SubjectKind::Living ? olis::jobs::SubjectKindSetting::Living
                                                                      : olis::jobs::SubjectKindSetting::Person;
    } else {
      subject.class_noun = name.toStdString();
    }
    project->setSubject(subject);
    window.addPhotos({demo_dir});
    // Captions that show both a good caption and the inline checks.
    const std::string cls = subject.specific_class.empty() ? subject.class_noun : subject.specific_class;
    const QStringList captions = {
        QStringLiteral("a <new> %1 on a wooden table").arg(QString::fromStdString(cls)),
        QStringLiteral("a <new> %1 in the garden").arg(QString::fromStdString(cls)),
        QStringLiteral("a photo of my %1 on the grass").arg(QString::fromStdString(cls)),
        QStringLiteral("a <new> %1 next to a window").arg(QString::fromStdString(cls)),
        QStringLiteral("a close-up of the <new> %1").arg(QString::fromStdString(cls)),
    };
    for (int i = 0; i < project->photoCount(); ++i) project->setCaption(i, captions.value(i, captions[0]));
    QString error;
    if (!project->saveAs(project_dir.filePath(name), &error)) QTextStream(stderr) << error << "\n";
  }
  auto* tabs = window.tabs();
  tabs->setCurrentWidget(window.subjectTab());
  waitFor([&] { return false; }, 1500);  // thumbnails come from the thread pool
  bool ok = save(&window, out.filePath(QStringLiteral("01-subject%1.png").arg(suffix)));

  tabs->setCurrentWidget(window.promptTab());
  bool finished = false;
  QObject::connect(window.promptTab(), &PromptPreviewTab::samplingFinished, [&] { finished = true; });
  window.promptTab()->sample();
  waitFor([&] { return finished; }, 30000);
  ok = save(&window, out.filePath(QStringLiteral("02-prompts%1.png").arg(suffix))) && ok;
  window.promptTab()->dropoutCheck()->setChecked(true);
  ok = save(&window, out.filePath(QStringLiteral("03-prompts-dropout%1.png").arg(suffix))) && ok;
  window.promptTab()->dropoutCheck()->setChecked(false);

  tabs->setCurrentWidget(window.poolView());
  waitFor([&] { return !window.poolView()->isLoading(); }, 30000);
  if (auto* top = window.poolView()->tree()->topLevelItem(0)) {
    top->setExpanded(true);
    if (top->childCount() > 0) top->child(0)->setExpanded(true);
  }
  ok = save(&window, out.filePath(QStringLiteral("04-pools%1.png").arg(suffix))) && ok;

  tabs->setCurrentWidget(window.generateTab());
  ok = save(&window, out.filePath(QStringLiteral("05-generate%1.png").arg(suffix))) && ok;

  if (!train_settings.isEmpty() && !project->folder().isEmpty()) {
    const QString target = QDir(project->folder()).filePath(QString::fromLatin1(olis::jobs::kTrainSettingsFileName));
    QFile::remove(target);
    if (!QFile::copy(train_settings, target)) {
      QTextStream(stderr) << "cannot copy " << train_settings << " to " << target << "\n";
      ok = false;
    } else {
      QString error;
      project->open(project->folder(), &error);  // the Train tab reads the settings again
      TrainTab* train = window.trainTab();
      tabs->setCurrentWidget(train);
      bool done = false, job_ok = true;
      auto connection = QObject::connect(train, &TrainTab::jobFinished, train, [&](bool r) { done = true; job_ok = job_ok && r; });
      train->generateRegularizationSet();
      job_ok = train->isBusy();  // false: the tab refused (its message says why)
      if (job_ok) waitFor([&] { return done; }, 600000);
      done = false;
      if (job_ok) {
        train->train();
        job_ok = train->isBusy();
        if (job_ok) waitFor([&] { return done; }, 1200000);
      }
      QObject::disconnect(connection);
      if (!job_ok) QTextStream(stderr) << "demo training failed: " << train->messageArea()->plainText() << "\n";
      waitFor([&] { return false; }, 1500);  // validation thumbnails
      ok = save(&window, out.filePath(QStringLiteral("08-train%1.png").arg(suffix))) && ok && job_ok;
      if (job_ok) {
        // The Generate tab with the trained LoRA and a prompt in the project's language.
        GenerateTab* gen = window.generateTab();
        olis::jobs::GenerateSettings g = project->project().generate;
        g.prompt = "a photo of <new> " + (project->project().subject.specific_class.empty() ? project->project().subject.class_noun
                                                                                           : project->project().subject.specific_class) +
                   " on the beach";
        g.steps = 4;
        g.seed = 7;
        // The end-of-run export: training/export/step-XXXXXXXX/ of the suggested (or last) step.
        std::error_code ec;
        const std::filesystem::path exports = std::filesystem::path(project->folder().toStdString()) / "training" / "export";
        for (const auto& e : std::filesystem::directory_iterator(exports, ec))
          if (std::filesystem::exists(e.path() / "lora_kohya.safetensors", ec)) g.lora_path = (e.path() / "lora_kohya.safetensors").string();
        project->setGenerate(g);
        Q_EMIT project->projectReplaced();  // the tabs read the project again
        tabs->setCurrentWidget(gen);
        bool generated = false;
        auto c = QObject::connect(gen, &GenerateTab::generationFinished, gen, [&](bool) { generated = true; });
        gen->generate();
        waitFor([&] { return generated; }, 300000);
        QObject::disconnect(c);
        waitFor([&] { return false; }, 1000);  // the thumbnail
        ok = save(&window, out.filePath(QStringLiteral("09-generate-trained%1.png").arg(suffix))) && ok;
      }
    }
  }

  if (!booth_settings.isEmpty() && !demo_dir.isEmpty()) {
    const QString parent = QFileInfo(demo_dir).absolutePath();
    const QString bench = QFile::exists(QDir(parent).filePath("prompts_and_classes.txt")) ? parent : QString();
    ok = runBoothScreenshots(window, out_dir, demo_dir, suffix, booth_settings, bench) && ok;
  }

  SettingsDialog dialog(window.settingsForDialog(), &window);
  dialog.show();
  waitFor([&] { return !dialog.isDetecting(); }, 10000);
  ok = save(&dialog, out.filePath(QStringLiteral("06-settings%1.png").arg(suffix))) && ok;
  dialog.close();

  tabs->setCurrentWidget(window.subjectTab());
  window.resize(800, 600);
  ok = save(&window, out.filePath(QStringLiteral("07-small-window%1.png").arg(suffix))) && ok;
  return ok ? 0 : 1;
}

}  // namespace olis::ui
