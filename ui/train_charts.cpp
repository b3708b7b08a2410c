#include "ui/train_charts.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSplitter>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace olis::ui {

namespace fs = std::filesystem;

namespace {

QString score(double v) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', 3); }

QLineSeries* addLine(QChart* chart, const QString& name, QValueAxis* x, QValueAxis* y) {
  auto* s = new QLineSeries(chart);
  s->setName(name);
  chart->addSeries(s);
  s->attachAxis(x);
  s->attachAxis(y);
  return s;
}

// A chart over training steps: x = step (whole numbers), y formatted with `y_format`.
QChart* makeStepChart(const QString& title, const QString& x_title, const QString& y_format, QValueAxis** x, QValueAxis** y) {
  auto* chart = new QChart;
  chart->setTitle(title);
  *x = new QValueAxis(chart);
  (*x)->setTitleText(x_title);
  (*x)->setLabelFormat(QStringLiteral("%d"));
  (*x)->setTickType(QValueAxis::TicksDynamic);
  (*x)->setTickAnchor(0);
  *y = new QValueAxis(chart);
  (*y)->setLabelFormat(y_format);
  chart->addAxis(*x, Qt::AlignBottom);
  chart->addAxis(*y, Qt::AlignLeft);
  setStepAxisRange(*x, 1);
  return chart;
}

QChartView* makeChartView(QChart* chart, QWidget* parent) {
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  auto* view = new QChartView(chart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumHeight(240);
  return view;
}

}  // namespace

void setStepAxisRange(QValueAxis* axis, double last_step) {
  const double last = std::max(1.0, std::ceil(last_step));
  // The smallest whole interval of the form {1, 2, 5} × 10^k that gives at most 6 intervals.
  double interval = 1;
  for (double base = 1; interval * 6 < last; base *= 10) {
    for (double m : {1.0, 2.0, 5.0}) {
      interval = m * base;
      if (interval * 6 >= last) break;
    }
  }
  axis->setTickInterval(interval);
  axis->setRange(0, std::ceil(last / interval) * interval);
}

TrainCharts::TrainCharts(QWidget* parent) : QWidget(parent) {
  loss_chart_ = makeStepChart(tr("Training loss"), tr("step"), QStringLiteral("%.3g"), &loss_x_, &loss_y_);
  loss_ = addLine(loss_chart_, tr("loss"), loss_x_, loss_y_);
  loss_->setColor(QColor(160, 180, 210));
  smoothed_ = addLine(loss_chart_, tr("smoothed"), loss_x_, loss_y_);
  smoothed_->setColor(QColor(30, 80, 170));
  auto* loss_view = makeChartView(loss_chart_, this);
  loss_view->setObjectName("lossChart");

  metric_chart_ = makeStepChart(tr("Metrics of the validation images"), tr("step"), QStringLiteral("%.2f"), &metric_x_, &metric_y_);
  dino_ = addLine(metric_chart_, tr("DINO"), metric_x_, metric_y_);
  clip_i_ = addLine(metric_chart_, tr("CLIP-I"), metric_x_, metric_y_);
  clip_t_ = addLine(metric_chart_, tr("CLIP-T"), metric_x_, metric_y_);
  for (auto* s : {dino_, clip_i_, clip_t_}) s->setPointsVisible(true);
  best_marker_ = new QScatterSeries(metric_chart_);
  best_marker_->setName(tr("suggested"));
  best_marker_->setMarkerSize(14);
  best_marker_->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
  metric_chart_->addSeries(best_marker_);
  best_marker_->attachAxis(metric_x_);
  best_marker_->attachAxis(metric_y_);
  auto* metric_view = makeChartView(metric_chart_, this);
  metric_view->setObjectName("metricChart");

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(loss_view);
  split->addWidget(metric_view);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);
}

void TrainCharts::clearLoss() {
  loss_->clear();
  smoothed_->clear();
  max_loss_ = 0;
  fitLossAxes();
}

void TrainCharts::showLoss(const std::vector<olis::jobs::StepMetrics>& steps) {
  QList<QPointF> raw, smooth;
  max_loss_ = 0;
  for (const auto& s : steps) {
    // A step whose loss was not finite is NaN: plotted as a gap, never a crash.
    raw.append(QPointF(static_cast<double>(s.step), s.loss));
    smooth.append(QPointF(static_cast<double>(s.step), s.smoothed_loss));
    if (std::isfinite(s.loss)) max_loss_ = std::max(max_loss_, s.loss);
  }
  loss_->replace(raw);
  smoothed_->replace(smooth);
  fitLossAxes();
}

void TrainCharts::appendLoss(int64_t step, double loss, double smoothed) {
  while (loss_->count() > 0 && loss_->at(loss_->count() - 1).x() >= static_cast<double>(step)) {
    loss_->remove(loss_->count() - 1);
    if (smoothed_->count() > 0) smoothed_->remove(smoothed_->count() - 1);
  }
  loss_->append(static_cast<double>(step), loss);
  smoothed_->append(static_cast<double>(step), smoothed);
  if (std::isfinite(loss)) max_loss_ = std::max(max_loss_, loss);
  fitLossAxes();
}

void TrainCharts::fitLossAxes() {
  setStepAxisRange(loss_x_, loss_->count() > 0 ? loss_->at(loss_->count() - 1).x() : 1.0);
  loss_y_->setRange(0, max_loss_ > 0 ? max_loss_ * 1.05 : 1.0);
  loss_y_->applyNiceNumbers();
}

void TrainCharts::clearSweep() {
  dino_->clear();
  clip_i_->clear();
  clip_t_->clear();
  best_marker_->clear();
  setStepAxisRange(metric_x_, 1);
}

SweepSummary TrainCharts::showSweep(const olis::Expected<std::vector<olis::eval::CheckpointMetrics>>& records,
                                    const fs::path& checkpoint_dir, const olis::eval::BestCheckpointRule& rule,
                                    bool metric_models_set) {
  clearSweep();
  SweepSummary summary;
  if (!records) {
    summary.text = QString::fromStdString(records.error().message());
    return summary;
  }
  double lo = 0, hi = 1, last = 1;
  for (const auto& r : *records) {
    const double x = static_cast<double>(r.step);
    last = std::max(last, x);
    for (auto [series, v] : {std::pair{dino_, r.dino}, {clip_i_, r.clip_i}, {clip_t_, r.clip_t}}) {
      if (std::isnan(v)) continue;
      series->append(x, v);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  setStepAxisRange(metric_x_, last);
  metric_y_->setRange(lo, hi);
  metric_y_->applyNiceNumbers();
  if (records->empty()) {
    summary.text = metric_models_set ? tr("The metric curves appear after the first validation round.")
                                     : tr("No metric models are set: choose CLIP and DINO folders to get the metric "
                                          "curves and a suggested checkpoint.");
    return summary;
  }
  auto best = olis::eval::suggest_existing_checkpoint(*records, checkpoint_dir, rule);
  if (!best) {
    summary.text = tr("No checkpoint can be suggested yet (no scored validation round has a checkpoint).");
    return summary;
  }
  const auto& b = *best;
  summary.suggested_step = b.step;
  best_marker_->append(static_cast<double>(b.step), std::isnan(b.dino) ? b.clip_i : b.dino);
  const bool any_clip_t = std::any_of(records->begin(), records->end(), [](const auto& r) { return !std::isnan(r.clip_t); });
  if (any_clip_t)
    summary.text = tr("Suggested checkpoint: step %1 (DINO %2, CLIP-I %3, CLIP-T %4): the best DINO among the "
                      "checkpoints whose CLIP-T is within %5 of the best.")
                       .arg(b.step).arg(score(b.dino), score(b.clip_i), score(b.clip_t))
                       .arg(rule.clip_t_margin);
  else
    summary.text = tr("Suggested checkpoint: step %1 (DINO %2, CLIP-I %3): the best DINO. CLIP-T was not measured "
                      "(the CLIP folder has no text tower), so prompt following is not weighed.")
                       .arg(b.step).arg(score(b.dino), score(b.clip_i));
  return summary;
}

}  // namespace olis::ui
