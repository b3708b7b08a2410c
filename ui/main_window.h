#pragma once
// The main window: the Subject, Prompts, Pools, Train, Personalize, Compare, Generate and Benchmark tabs,
// the job queue dock, menus with keyboard
// shortcuts, and drag and drop of photos (files or folders) anywhere on the window.
#include <QMainWindow>

#include <memory>

#include "ui/app_settings.h"

namespace olis::jobs {
class PipelineCache;
}

class QDockWidget;
class QMenu;
class QTabWidget;

namespace olis::ui {

class CaptionSuggester;
class CompareTab;
class DreamBenchTab;
class EnginePool;
class EngineWorker;
class GenerateTab;
class JobQueuePanel;
class PersonalizeTab;
class PoolView;
class ProjectController;
class PromptPreviewTab;
class SubjectTab;
class TrainTab;
class ThumbnailLoader;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  QTabWidget* tabs() const { return tabs_; }
  ProjectController* project() const { return project_; }
  EngineWorker* engine() const { return engine_.get(); }
  SubjectTab* subjectTab() const { return subject_; }
  PromptPreviewTab* promptTab() const { return prompts_; }
  PoolView* poolView() const { return pools_; }
  GenerateTab* generateTab() const { return generate_; }
  TrainTab* trainTab() const { return train_; }
  JobQueuePanel* jobPanel() const { return jobs_; }
  PersonalizeTab* personalizeTab() const { return personalize_; }
  CompareTab* compareTab() const { return compare_; }
  DreamBenchTab* dreamBenchTab() const { return bench_; }
  EnginePool* engines() const { return pool_; }
  CaptionSuggester* captionSuggester() const { return suggester_; }
  const AppSettings& appSettings() const { return settings_; }
  // The settings as the Settings dialog shows them: the base model is the open project's.
  AppSettings settingsForDialog() const;

  // Adds dropped or chosen files and folders to the project, showing the messages on the Subject tab.
  void addPhotos(const QStringList& paths);

 public Q_SLOTS:
  void newProject();
  void openProject();
  bool openProjectPath(const QString& path);
  bool saveProject();
  bool saveProjectAs();
  // Discards every change since the project was opened, after asking.
  void revertProject();
  void showSettings();
  void about();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void createMenus();
  void updateTitle();
  void updateRecentMenu();
  bool maybeKeepChanges();  // false when the user cancels

  AppSettings settings_;
  ProjectController* project_;
  ThumbnailLoader* thumbnails_;
  std::shared_ptr<olis::jobs::PipelineCache> pipelines_;  // loaded weights, used on the engine thread
  std::unique_ptr<EngineWorker> engine_;
  QTabWidget* tabs_;
  SubjectTab* subject_;
  TrainTab* train_;
  PromptPreviewTab* prompts_;
  PoolView* pools_;
  GenerateTab* generate_;
  EnginePool* pool_;
  CaptionSuggester* suggester_;
  PersonalizeTab* personalize_;
  CompareTab* compare_;
  DreamBenchTab* bench_;
  JobQueuePanel* jobs_;
  QDockWidget* jobs_dock_;
  QMenu* recent_menu_ = nullptr;
};

}  // namespace olis::ui
