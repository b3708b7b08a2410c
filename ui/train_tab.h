#pragma once
// The Train tab: the project's training settings (training.olis.yaml beside project.olis.yaml), the
// buttons that queue the regularization-set, training and export jobs on the engine thread, and the run's
// progress as the paper shows it: a live loss plot, the metric curves of the sweep (DINO, CLIP-I, CLIP-T
// per validation round) with the suggested checkpoint, and the validation grid (a row per validation
// round, a column per fixed prompt and seed).
//
// Everything shown is read back from the run's folder (metrics.jsonl, checkpoints/eval_metrics.jsonl,
// validation/step-*/), so a run opened later, resumed, or made by olis-cli looks the same. While a job
// runs, its per-step metrics arrive from the engine thread through queued calls.
#include <QHash>
#include <QPoint>
#include <QString>
#include <QWidget>

#include <optional>

#include "core/eval/checkpoint_metrics.h"
#include "core/jobs/project_training.h"
#include "core/jobs/train_settings.h"
#include "ui/ui_message.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

QT_BEGIN_NAMESPACE
class QChart;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace olis::ui {

class EngineWorker;
class MessageArea;
class ProjectController;
class ThumbnailLoader;

class TrainTab : public QWidget {
  Q_OBJECT
 public:
  TrainTab(ProjectController* project, EngineWorker* engine, ThumbnailLoader* thumbnails, QWidget* parent = nullptr);

  // The base model new settings start from (the application settings' one).
  void setDefaultBaseModel(const QString& path);
  // The settings the form shows, over what the file held (keys without a field are kept). A field left at
  // its default leaves its key out, so the base model's family decides (train_settings_defaults.h). On a
  // value the settings table refuses, `error` gets its sentence.
  olis::jobs::TrainSettingsDoc formSettings(QString* error = nullptr) const;

  // For tests and the main window.
  QLineSeries* lossSeries() const { return loss_; }
  QLineSeries* smoothedLossSeries() const { return smoothed_; }
  QLineSeries* dinoSeries() const { return dino_; }
  QLineSeries* clipISeries() const { return clip_i_; }
  QLineSeries* clipTSeries() const { return clip_t_; }
  QTableWidget* validationGrid() const { return grid_; }
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
  void stop();
  // Exports the checkpoint of the selected grid row (or the suggested one when nothing is selected).
  void exportSelected();
  // Reads the run's files again (loss, metrics, validation images, checkpoints).
  void reloadRun();

 private:
  void buildUi();
  void loadSettings();
  void adoptFolder();
  bool saveSettings(QString* error);
  void scheduleSave();
  // Saves the project and the settings; false (with the message shown) when they cannot be used.
  bool prepareRun();
  void launch(olis::jobs::ProjectJobOptions options, const QString& title);
  void onMetrics(const olis::jobs::TrainMetrics& m);
  void appendLoss(int64_t step, double loss, double smoothed);
  void fitLossAxes();
  // The sweep's log (checkpoints/eval_metrics.jsonl), read once per refresh for the curves and the grid.
  olis::Expected<std::vector<olis::eval::CheckpointMetrics>> readSweep() const;
  void loadMetricCurves(const olis::Expected<std::vector<olis::eval::CheckpointMetrics>>& records);
  void loadValidationGrid(const std::vector<olis::eval::CheckpointMetrics>& records);
  void loadSweep();
  void setBusy(bool busy);
  void onThumbnail(const QString& path, const QImage& image);
  std::filesystem::path outputDir() const;

  ProjectController* project_;
  EngineWorker* engine_;
  ThumbnailLoader* thumbnails_;
  QString default_base_model_;
  UiMessages job_messages_;                  // warnings (and the error) of the running job
  olis::jobs::TrainSettingsDoc file_settings_;  // what the file held (keys the form does not show survive)
  bool settings_loaded_ = false;             // false: the file is broken and must not be overwritten
  QString settings_folder_;                  // the project folder file_settings_ belong to
  std::filesystem::file_time_type settings_mtime_{};  // of the file when last read or written
  bool loading_ = false;
  QTimer* save_timer_;

  QLineEdit* base_model_;
  QComboBox* mode_;
  QSpinBox* steps_;
  QLineEdit* lr_;
  QSpinBox* resolution_;
  QSpinBox* checkpoint_every_;
  QSpinBox* eval_every_;
  QSpinBox* reg_count_;
  QComboBox* device_;
  QLineEdit* clip_model_;
  QLineEdit* dino_model_;
  QCheckBox* resume_;
  QPushButton* regset_button_;
  QPushButton* train_button_;
  QPushButton* stop_button_;
  QPushButton* export_button_;
  MessageArea* messages_;
  QLabel* status_;

  QChart* loss_chart_;
  QLineSeries* loss_;
  QLineSeries* smoothed_;
  QValueAxis* loss_x_;
  QValueAxis* loss_y_;
  QChart* metric_chart_;
  QLineSeries* dino_;
  QLineSeries* clip_i_;
  QLineSeries* clip_t_;
  QScatterSeries* best_marker_;
  QValueAxis* metric_x_;
  QValueAxis* metric_y_;
  QLabel* suggestion_;
  QTableWidget* grid_;
  QHash<QString, QPoint> grid_cells_;  // image path -> (row, column) waiting for its thumbnail

  int job_id_ = 0;
  bool metrics_seen_ = false;
  olis::jobs::ProjectTask job_task_ = olis::jobs::ProjectTask::Training;
  std::optional<int64_t> suggested_;
  double max_loss_ = 0;
};

}  // namespace olis::ui
