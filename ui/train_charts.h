#pragma once
// The Train tab's two charts over training steps: the loss (raw and smoothed, live while a job runs) and the
// sweep's metric curves (DINO, CLIP-I, CLIP-T of each validation round) with the suggested checkpoint marked.
#include <QString>
#include <QWidget>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/eval/checkpoint_metrics.h"
#include "core/jobs/train_logs.h"

QT_BEGIN_NAMESPACE
class QChart;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace olis::ui {

// What the sweep suggests, for the label under the grid.
struct SweepSummary {
  std::optional<int64_t> suggested_step;
  QString text;  // why that checkpoint, or why none
};

class TrainCharts : public QWidget {
  Q_OBJECT
 public:
  explicit TrainCharts(QWidget* parent = nullptr);

  // The loss of a run read back from metrics.jsonl (replaces what is plotted).
  void showLoss(const std::vector<olis::jobs::StepMetrics>& steps);
  // One live step. A resumed run redoes the steps after its checkpoint: what the plot holds from `step` on goes.
  void appendLoss(int64_t step, double loss, double smoothed);
  void clearLoss();
  // The sweep's curves and the suggestion among the checkpoints still in `checkpoint_dir`. `metric_models_set`:
  // whether the settings name metric models (explains an empty sweep).
  SweepSummary showSweep(const olis::Expected<std::vector<olis::eval::CheckpointMetrics>>& records,
                         const std::filesystem::path& checkpoint_dir, const olis::eval::BestCheckpointRule& rule,
                         bool metric_models_set);
  void clearSweep();

  QLineSeries* lossSeries() const { return loss_; }
  QLineSeries* smoothedLossSeries() const { return smoothed_; }
  QLineSeries* dinoSeries() const { return dino_; }
  QLineSeries* clipISeries() const { return clip_i_; }
  QLineSeries* clipTSeries() const { return clip_t_; }
  QValueAxis* lossStepAxis() const { return loss_x_; }
  QValueAxis* metricStepAxis() const { return metric_x_; }

 private:
  void fitLossAxes();

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
  double max_loss_ = 0;
};

// Sets a step axis to [0, last] with ticks at whole steps only (1, 2, 5 × 10^k apart), so that "%d" labels
// never print a whole number at a fractional tick.
void setStepAxisRange(QValueAxis* axis, double last_step);

}  // namespace olis::ui
