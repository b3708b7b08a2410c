#pragma once
// The Train tab: the project's training settings (TrainForm, training.olis.yaml beside project.olis.yaml),
// the buttons that queue the regularization-set, training and export jobs on the engine thread, and the
// run's progress as the paper shows it: a live loss plot and the metric curves of the sweep (TrainCharts),
// and the validation grid (ValidationGrid) with the suggested checkpoint.
//
// Everything shown is read back from the run's folder (core/jobs/train_logs.h: metrics.jsonl and the
// validation rounds; checkpoints/eval_metrics.jsonl), so a run opened later, resumed, or made by olis-cli
// looks the same. While a job runs, its per-step metrics arrive from the engine thread through queued calls.
#include <QString>
#include <QWidget>

#include <filesystem>
#include <optional>

#include "core/eval/checkpoint_metrics.h"
#include "core/jobs/project_training.h"
#include "core/jobs/train_settings.h"
#include "ui/ui_message.h"

class QCheckBox;
class QLabel;
class QPushButton;
class QTableWidget;

QT_BEGIN_NAMESPACE
class QLineSeries;
QT_END_NAMESPACE

namespace olis::ui {

class EngineWorker;
class MessageArea;
class ProjectController;
class ThumbnailLoader;
class TrainCharts;
class TrainForm;
class ValidationGrid;

class TrainTab : public QWidget {
  Q_OBJECT
 public:
  TrainTab(ProjectController* project, EngineWorker* engine, ThumbnailLoader* thumbnails, QWidget* parent = nullptr);

  // The base model new settings start from (the application settings' one).
  void setDefaultBaseModel(const QString& path);
  // The settings the form shows, over what the file held (keys without a field are kept; fields at their
  // defaults leave their keys out). On a value the settings table refuses, `error` gets its sentence.
  olis::jobs::TrainSettingsDoc formSettings(QString* error = nullptr) const;
  // The metric models the form shows (the caption suggestions use its CLIP).
  olis::jobs::MetricModelSettings metricModels() const;

  // For tests and the main window.
  TrainForm* form() const { return form_; }
  TrainCharts* charts() const { return charts_; }
  QLineSeries* lossSeries() const;
  QLineSeries* smoothedLossSeries() const;
  QLineSeries* dinoSeries() const;
  QLineSeries* clipISeries() const;
  QLineSeries* clipTSeries() const;
  QTableWidget* validationGrid() const;
  QLabel* suggestionLabel() const { return suggestion_; }
  MessageArea* messageArea() const { return messages_; }
  std::optional<int64_t> suggestedStep() const { return suggested_; }
  bool isBusy() const { return job_id_ != 0; }
  // The grid row of a validation step, or -1.
  int rowOfStep(int64_t step) const;

 Q_SIGNALS:
  void jobFinished(bool ok);

 public Q_SLOTS:
  void generateRegularizationSet();
  void train();
  // Keeps the current run aside (previous-run-N/) after asking, then trains from the start.
  void startNewRun();
  void stop();
  // Exports the checkpoint of the selected grid row (or the suggested one when nothing is selected).
  void exportSelected();
  // Reads the run's files again (loss, metrics, validation images, checkpoints).
  void reloadRun();

 private:
  void buildUi();
  // Saves the project and the settings; false (with the message shown) when they cannot be used.
  bool prepareRun();
  // Before training: true when the regularization set is there (or not used). Otherwise offers to generate it
  // first and queues it (training follows when it succeeds); false.
  bool regularizationSetReady();
  void launchTraining(bool resume);
  void launch(olis::jobs::ProjectJobOptions options, const QString& title);
  void onMetrics(const olis::jobs::TrainMetrics& m);
  void loadSweep();
  void setBusy(bool busy);
  std::filesystem::path outputDir() const;

  ProjectController* project_;
  EngineWorker* engine_;
  ThumbnailLoader* thumbnails_;
  TrainForm* form_;
  TrainCharts* charts_;
  ValidationGrid* grid_;
  QCheckBox* resume_;
  QPushButton* regset_button_;
  QPushButton* train_button_;
  QPushButton* stop_button_;
  QPushButton* export_button_;
  QPushButton* new_run_button_;
  MessageArea* messages_;
  QLabel* status_;
  QLabel* suggestion_;

  int job_id_ = 0;
  UiMessages job_messages_;  // what was shown when the job was queued, its warnings, and its error
  bool metrics_seen_ = false;
  bool train_after_regset_ = false;  // the set was queued because Train was asked for
  // Why the last job could not start, while the message about it is shown; it goes when that is fixed.
  enum class Blocker { None, NoFolder, NoModel, NoPhotos };
  Blocker blocker_ = Blocker::None;
  void clearResolvedBlocker();
  olis::jobs::ProjectTask job_task_ = olis::jobs::ProjectTask::Training;
  std::optional<int64_t> suggested_;
};

}  // namespace olis::ui
