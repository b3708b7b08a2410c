#pragma once
// The Personalize tab: a queue of projects (a booth's subjects), each running the one-click chain of
// core/jobs/personalize_job.h (suggested captions, regularization set, training with the sweep, export of the
// suggested checkpoint, sample grid). Each row shows its stage and progress and can be pinned to a device;
// rows on different devices run at once on their device's engine worker (ui/engine_pool.h), rows on the same
// device one after another. Cancelling a row stops only that row; starting it again resumes where it stopped.
// The queue is kept in the application settings.
#include <QList>
#include <QString>
#include <QWidget>

#include <memory>

#include "core/jobs/personalize_job.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace olis::ui {

class EnginePool;
class EngineWorker;
class MessageArea;
class ProjectController;

class PersonalizeTab : public QWidget {
  Q_OBJECT
 public:
  PersonalizeTab(ProjectController* project, EnginePool* engines, QWidget* parent = nullptr);

  // Adds a project folder (once) pinned to `device` (empty: the device chosen above the table). Returns its row.
  int addProject(const QString& folder, const QString& device = QString());
  int rowCount() const { return static_cast<int>(entries_.size()); }
  QString folder(int row) const { return entries_.value(row).folder; }
  QString device(int row) const { return entries_.value(row).device; }
  void setDevice(int row, const QString& device);
  bool isRunning(int row) const { return entries_.value(row).job_id != 0; }
  QString statusText(int row) const;  // "Training: running (resumed from step 200)"
  olis::jobs::PersonalizeState state(int row) const { return entries_.value(row).state; }
  QTableWidget* table() const { return table_; }
  MessageArea* messageArea() const { return messages_; }

 public Q_SLOTS:
  void start(int row);
  void startAll();
  void cancel(int row);
  void remove(int row);
  // The Jobs menu's Personalize: saves the open project, adds it and starts it.
  void personalizeCurrentProject();

 Q_SIGNALS:
  void entryFinished(int row, bool ok);

 private:
  struct Entry {
    QString folder;
    QString device;
    int job_id = 0;
    EngineWorker* worker = nullptr;
    std::shared_ptr<olis::jobs::PersonalizeJob> job;
    olis::jobs::PersonalizeState state;
    QString current;  // the running stage's text
    int progress = 0; // 0..1000
  };
  void watch(EngineWorker* worker);
  void onStage(const QString& folder, olis::jobs::PersonalizeStage stage, const olis::jobs::StageRecord& record);
  void onJobEnded(int id, const QString& outcome, bool ok);
  int rowOfJob(int id) const;
  int rowOfFolder(const QString& folder) const;
  void refreshRow(int row);
  void refreshButtons();
  void showGrid();
  void saveQueue() const;
  void loadQueue();

  ProjectController* project_;
  EnginePool* engines_;
  QList<Entry> entries_;
  QComboBox* new_device_;
  QCheckBox* suggest_captions_;
  QTableWidget* table_;
  QPushButton* start_;
  QPushButton* start_all_;
  QPushButton* cancel_;
  QPushButton* remove_;
  QLabel* grid_;
  MessageArea* messages_;
};

}  // namespace olis::ui
