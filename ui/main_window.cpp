#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QUndoStack>

#include "core/jobs/pipeline_cache.h"
#include "olis/version.h"
#include "ui/caption_suggester.h"
#include "ui/compare_tab.h"
#include "ui/dreambench_tab.h"
#include "ui/engine_pool.h"
#include "ui/engine_worker.h"
#include "ui/generate_tab.h"
#include "ui/job_queue_panel.h"
#include "ui/personalize_tab.h"
#include "ui/photo_import.h"
#include "ui/pool_view.h"
#include "ui/project_controller.h"
#include "ui/prompt_preview_tab.h"
#include "ui/settings_dialog.h"
#include "ui/subject_tab.h"
#include "ui/thumbnail_loader.h"
#include "ui/train_tab.h"

namespace olis::ui {

namespace {
QString userPoolFile() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("pools/user-pool.yaml");
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName("MainWindow");
  setAcceptDrops(true);
  {
    QSettings s;
    settings_ = AppSettings::load(s);
  }
  project_ = new ProjectController(this);
  thumbnails_ = new ThumbnailLoader(this);
  engine_ = std::make_unique<EngineWorker>();
  engine_->setComputeThreads(settings_.threads);

  tabs_ = new QTabWidget(this);
  tabs_->setObjectName("tabs");
  tabs_->setDocumentMode(true);
  subject_ = new SubjectTab(project_, thumbnails_, tabs_);
  prompts_ = new PromptPreviewTab(project_, engine_.get(), tabs_);
  pools_ = new PoolView(userPoolFile(), tabs_);
  generate_ = new GenerateTab(project_, engine_.get(), tabs_);
  pipelines_ = std::make_shared<olis::jobs::PipelineCache>();
  pipelines_->set_placement(settings_.device.toStdString(), settings_.precision.toStdString());
  generate_->setPipelineProvider(pipelines_->provider());
  prompts_->setUserPoolFiles({pools_->userPoolFile()});
  train_ = new TrainTab(project_, engine_.get(), thumbnails_, tabs_);
  train_->setDefaultBaseModel(settings_.base_model_path);
  pool_ = new EnginePool(engine_.get(), settings_.device, this);
  suggester_ = new CaptionSuggester(project_, engine_.get(), this);
  suggester_->setClipModelProvider([this] { return train_->metricModels(); });
  suggester_->setUserPoolFiles({pools_->userPoolFile()});
  subject_->setCaptionSuggester(suggester_);
  personalize_ = new PersonalizeTab(project_, pool_, tabs_);
  compare_ = new CompareTab(project_, engine_.get(), thumbnails_, tabs_);
  bench_ = new DreamBenchTab(engine_.get(), tabs_);
  tabs_->addTab(subject_, tr("S&ubject"));
  tabs_->addTab(prompts_, tr("&Prompts"));
  tabs_->addTab(pools_, tr("P&ools"));
  tabs_->addTab(train_, tr("&Train"));
  tabs_->addTab(personalize_, tr("Personal&ize"));
  tabs_->addTab(compare_, tr("&Compare"));
  tabs_->addTab(generate_, tr("&Generate"));
  tabs_->addTab(bench_, tr("&Benchmark"));
  setCentralWidget(tabs_);

  jobs_ = new JobQueuePanel(engine_.get(), this);
  jobs_dock_ = new QDockWidget(tr("Jobs"), this);
  jobs_dock_->setObjectName("jobsDock");
  jobs_dock_->setWidget(jobs_);
  jobs_dock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                          QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::BottomDockWidgetArea, jobs_dock_);
  resizeDocks({jobs_dock_}, {140}, Qt::Vertical);
  connect(pool_, &EnginePool::workerAdded, jobs_, &JobQueuePanel::addEngine);

  createMenus();
  connect(project_, &ProjectController::dirtyChanged, this, &MainWindow::updateTitle);
  connect(project_, &ProjectController::projectReplaced, this, &MainWindow::updateTitle);
  connect(project_, &ProjectController::saved, this,
          [this](const QString& file) { statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(file)), 4000); });
  connect(project_, &ProjectController::autosaveFailed, this,
          [this](const QString& message) { statusBar()->showMessage(tr("Autosave failed: %1").arg(message)); });
  connect(engine_.get(), &EngineWorker::started, this, [this] { statusBar()->showMessage(tr("A job is running…")); });
  connect(engine_.get(), &EngineWorker::idle, this, [this] { statusBar()->showMessage(tr("Ready"), 3000); });
  connect(engine_.get(), &EngineWorker::failed, this,
          [this](int, const QString& message) { statusBar()->showMessage(tr("Job failed: %1").arg(message)); });
  connect(pools_, &PoolView::userPoolChanged, this,
          [this] { statusBar()->showMessage(tr("Pool file saved; sample again to use it."), 4000); });
  statusBar()->showMessage(tr("Ready"));
  setMinimumSize(640, 480);
  resize(1180, 780);
  updateTitle();
}

MainWindow::~MainWindow() {
  // Stop the engine threads before the views that listen to them go away.
  delete pool_;
  pool_ = nullptr;
  engine_.reset();
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* a = file->addAction(tr("&New Project"), this, &MainWindow::newProject);
  a->setShortcut(QKeySequence::New);
  a = file->addAction(tr("&Open Project…"), this, &MainWindow::openProject);
  a->setShortcut(QKeySequence::Open);
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  updateRecentMenu();
  file->addSeparator();
  a = file->addAction(tr("&Save"), this, &MainWindow::saveProject);
  a->setShortcut(QKeySequence::Save);
  a = file->addAction(tr("Save &As…"), this, &MainWindow::saveProjectAs);
  a->setShortcut(QKeySequence::SaveAs);
  QAction* revert = file->addAction(tr("Re&vert to Last Opened…"), this, &MainWindow::revertProject);
  revert->setEnabled(false);
  connect(project_, &ProjectController::projectReplaced, revert, [this, revert] { revert->setEnabled(project_->canRevert()); });
  file->addSeparator();
  a = file->addAction(tr("Add &Photos…"), subject_, &SubjectTab::addPhotosWithDialog);
  a->setShortcut(QKeySequence(tr("Ctrl+I")));
  file->addAction(tr("Add Photo &Folder…"), subject_, &SubjectTab::addFolderWithDialog);
  file->addSeparator();
  a = file->addAction(tr("&Quit"), this, &QWidget::close);
  a->setShortcut(QKeySequence::Quit);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  // Edits are saved as they are made; Undo takes them back (photos removed, added or moved, captions, the template).
  a = project_->undoStack()->createUndoAction(this, tr("&Undo"));
  a->setShortcut(QKeySequence::Undo);
  edit->addAction(a);
  a = project_->undoStack()->createRedoAction(this, tr("&Redo"));
  a->setShortcut(QKeySequence::Redo);
  edit->addAction(a);
  edit->addSeparator();
  a = edit->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
  a->setShortcut(QKeySequence(tr("Ctrl+,")));
  a->setMenuRole(QAction::PreferencesRole);

  QMenu* jobs = menuBar()->addMenu(tr("&Jobs"));
  a = jobs->addAction(tr("&Sample Prompts"), this, [this] {
    tabs_->setCurrentWidget(prompts_);
    prompts_->sample();
  });
  a->setShortcut(QKeySequence(tr("Ctrl+R")));
  jobs->addAction(tr("Generate &Regularization Set"), this, [this] {
    tabs_->setCurrentWidget(train_);
    train_->generateRegularizationSet();
  });
  a = jobs->addAction(tr("&Train"), this, [this] {
    tabs_->setCurrentWidget(train_);
    train_->train();
  });
  a->setShortcut(QKeySequence(tr("Ctrl+T")));
  a = jobs->addAction(tr("&Personalize"), this, [this] {
    tabs_->setCurrentWidget(personalize_);
    personalize_->personalizeCurrentProject();
  });
  a->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
  a->setToolTip(tr("Captions, regularization set, training, export and a sample grid in one go"));
  jobs->addAction(tr("Sugg&est Captions"), subject_, [this] {
    tabs_->setCurrentWidget(subject_);
    subject_->suggestCaptions();
  });
  a = jobs->addAction(tr("Render Co&mpare Grid"), this, [this] {
    tabs_->setCurrentWidget(compare_);
    compare_->render();
  });
  a = jobs->addAction(tr("&Generate"), this, [this] {
    tabs_->setCurrentWidget(generate_);
    generate_->generate();
  });
  a->setShortcut(QKeySequence(tr("Ctrl+G")));
  a = jobs->addAction(tr("&Cancel Selected Job"), jobs_, &JobQueuePanel::cancelSelected);
  a->setShortcut(QKeySequence(tr("Ctrl+.")));
  a = jobs->addAction(tr("Cancel &All Jobs"), this, [this] {
    for (EngineWorker* w : pool_->workers()) w->cancelAll();
  });
  jobs->addSeparator();
  a = jobs_dock_->toggleViewAction();
  a->setText(tr("Show &Job Queue"));
  a->setShortcut(QKeySequence(tr("Ctrl+J")));
  jobs->addAction(a);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < tabs_->count(); ++i) {
    QString title = tabs_->tabText(i);
    title.remove(QLatin1Char('&'));
    a = view->addAction(title, this, [this, i] { tabs_->setCurrentIndex(i); });
    a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
  }

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Olis"), this, &MainWindow::about);
}

void MainWindow::updateRecentMenu() {
  recent_menu_->clear();
  for (const QString& path : settings_.recent_projects) {
    recent_menu_->addAction(QDir::toNativeSeparators(path), this, [this, path] {
      if (maybeKeepChanges()) openProjectPath(path);
    });
  }
  recent_menu_->setEnabled(!settings_.recent_projects.isEmpty());
}

void MainWindow::updateTitle() {
  setWindowTitle(tr("%1[*] — Olis").arg(project_->displayName()));
  setWindowModified(project_->isDirty());
}

void MainWindow::addPhotos(const QStringList& paths) {
  tabs_->setCurrentWidget(subject_);
  subject_->showMessages(project_->addPhotos(paths));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QStringList paths = localPathsFromUrls(event->mimeData()->urls());
  if (paths.isEmpty()) return;
  event->acceptProposedAction();
  addPhotos(paths);
}

bool MainWindow::maybeKeepChanges() {
  if (!project_->isDirty()) return true;
  if (!project_->folder().isEmpty()) {
    QString error;
    if (project_->save(&error)) return true;
    QMessageBox::warning(this, tr("Olis"), tr("The project could not be saved: %1").arg(error));
    return false;
  }
  const auto answer = QMessageBox::question(this, tr("Olis"), tr("Save the new project before closing it?"),
                                            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Save) return saveProjectAs();
  return true;
}

void MainWindow::newProject() {
  if (maybeKeepChanges()) project_->newProject();
}

void MainWindow::openProject() {
  if (!maybeKeepChanges()) return;
  const QString file = QFileDialog::getOpenFileName(this, tr("Open an Olis project"), QString(),
                                                    tr("Olis projects (project.olis.yaml *.yaml)"));
  if (!file.isEmpty()) openProjectPath(file);
}

bool MainWindow::openProjectPath(const QString& path) {
  QString error;
  if (!project_->open(path, &error)) {
    QMessageBox::critical(this, tr("Cannot open the project"),
                          tr("%1\n\nThe file was not changed. Fix it in a text editor, or open another project.")
                              .arg(error));
    return false;
  }
  settings_.addRecentProject(project_->folder());
  QSettings s;
  settings_.save(s);
  updateRecentMenu();
  statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(project_->projectFile())), 4000);
  return true;
}

bool MainWindow::saveProject() {
  if (project_->folder().isEmpty()) return saveProjectAs();
  QString error;
  if (!project_->save(&error)) {
    QMessageBox::warning(this, tr("Olis"), tr("The project could not be saved: %1").arg(error));
    return false;
  }
  return true;
}

bool MainWindow::saveProjectAs() {
  const QString base = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a folder for the project"), base);
  if (dir.isEmpty()) return false;
  QString error;
  if (!project_->saveAs(dir, &error)) {
    QMessageBox::warning(this, tr("Olis"), tr("The project could not be saved: %1").arg(error));
    return false;
  }
  settings_.addRecentProject(project_->folder());
  QSettings s;
  settings_.save(s);
  updateRecentMenu();
  return true;
}

AppSettings MainWindow::settingsForDialog() const {
  // The base model shown is the project's: training and generation use it, and new projects start with it.
  AppSettings shown = settings_;
  if (!project_->baseModel().isEmpty()) shown.base_model_path = project_->baseModel();
  return shown;
}

void MainWindow::showSettings() {
  SettingsDialog dialog(settingsForDialog(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  settings_ = dialog.settings();
  QSettings s;
  settings_.save(s);
  project_->setBaseModel(settings_.base_model_path);
  train_->setDefaultBaseModel(settings_.base_model_path);
  engine_->setComputeThreads(settings_.threads);
  pool_->setMainDevice(settings_.device);
  pipelines_->set_placement(settings_.device.toStdString(), settings_.precision.toStdString());
}

void MainWindow::revertProject() {
  const auto answer = QMessageBox::question(
      this, tr("Revert to Last Opened"),
      tr("Put the photos, captions and subject of %1 back as they were when you opened it? Every change since then "
         "is discarded; this cannot be undone.").arg(project_->displayName()),
      QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
  if (answer != QMessageBox::Discard) return;
  QString error;
  if (!project_->revertToOpened(&error))
    QMessageBox::warning(this, tr("Olis"), tr("The project could not be reverted: %1").arg(error));
}

void MainWindow::about() {
  QMessageBox::about(this, tr("About Olis"),
                     tr("<h3>Olis %1</h3><p>Teaches a text-to-image diffusion model your subject from 4 to 6 "
                        "photos, with DreamBooth and a structured regularization set.</p>")
                         .arg(QStringLiteral(OLIS_VERSION_STRING)));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybeKeepChanges()) {
    event->ignore();
    return;
  }
  for (EngineWorker* w : pool_->workers()) w->cancelAll();
  event->accept();
}

}  // namespace olis::ui
