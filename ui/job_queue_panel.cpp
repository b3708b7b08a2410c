#include "ui/job_queue_panel.h"

#include <QDesktopServices>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTime>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/engine_worker.h"

namespace olis::ui {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;
enum Column { kName = 0, kStatus = 1, kProgress = 2, kEta = 3 };
}  // namespace

JobQueuePanel::JobQueuePanel(EngineWorker* engine, QWidget* parent) : QWidget(parent), engine_(engine) {
  setObjectName("JobQueuePanel");
  list_ = new QTreeWidget(this);
  list_->setObjectName("jobList");
  list_->setHeaderLabels({tr("Job"), tr("Status"), tr("Progress"), tr("Time left")});
  list_->setRootIsDecorated(false);
  list_->setUniformRowHeights(true);
  list_->header()->setSectionResizeMode(kName, QHeaderView::Stretch);
  list_->header()->setSectionResizeMode(kStatus, QHeaderView::ResizeToContents);
  list_->header()->setSectionResizeMode(kProgress, QHeaderView::Fixed);
  list_->header()->resizeSection(kProgress, 160);
  list_->header()->setSectionResizeMode(kEta, QHeaderView::ResizeToContents);
  list_->setMinimumHeight(80);

  log_ = new QPlainTextEdit(this);
  log_->setObjectName("jobLog");
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  log_->setPlaceholderText(tr("Messages from running jobs appear here."));

  preview_ = new QLabel(this);
  preview_->setObjectName("jobPreview");
  preview_->setAlignment(Qt::AlignCenter);
  preview_->setMinimumSize(96, 96);
  preview_->setMaximumWidth(200);
  preview_->hide();

  cancel_ = new QPushButton(tr("&Cancel job"), this);
  cancel_->setObjectName("cancelJob");
  cancel_->setToolTip(tr("Stop the selected job at its next step"));
  open_ = new QPushButton(tr("Open output folder"), this);
  open_->setObjectName("openOutput");
  clear_ = new QPushButton(tr("Clear finished"), this);
  clear_->setObjectName("clearFinished");

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(cancel_);
  buttons->addWidget(open_);
  buttons->addStretch(1);
  buttons->addWidget(clear_);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(list_);
  split->addWidget(log_);
  split->addWidget(preview_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setChildrenCollapsible(false);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(split, 1);
  layout->addLayout(buttons);

  connect(cancel_, &QPushButton::clicked, this, &JobQueuePanel::cancelSelected);
  connect(open_, &QPushButton::clicked, this, &JobQueuePanel::openSelectedOutput);
  connect(clear_, &QPushButton::clicked, this, &JobQueuePanel::clearFinished);
  connect(list_, &QTreeWidget::itemSelectionChanged, this, &JobQueuePanel::updateButtons);
  connect(list_, &QTreeWidget::itemDoubleClicked, this, [this] { openSelectedOutput(); });

  addEngine(engine_);
  updateButtons();
}

void JobQueuePanel::addEngine(EngineWorker* engine) {
  connect(engine, &EngineWorker::queued, this,
          [this, engine](int id, const QString& name, const QString& out) { onQueued(engine, id, name, out); });
  connect(engine, &EngineWorker::started, this, &JobQueuePanel::onStarted);
  connect(engine, &EngineWorker::progressed, this, &JobQueuePanel::onProgressed);
  connect(engine, &EngineWorker::logLine, this, &JobQueuePanel::appendLog);
  connect(engine, &EngineWorker::previewReady, this, [this](int, const QImage& image) {
    if (image.isNull()) return;
    preview_->setPixmap(QPixmap::fromImage(image).scaled(preview_->width(), 200, Qt::KeepAspectRatio,
                                                          Qt::SmoothTransformation));
    preview_->show();
  });
  connect(engine, &EngineWorker::succeeded, this, [this](int id, double seconds) {
    onFinished(id, tr("Done"), tr("finished in %1 s").arg(seconds, 0, 'f', 1));
  });
  connect(engine, &EngineWorker::failed, this,
          [this](int id, const QString& message) { onFinished(id, tr("Failed"), tr("failed: %1").arg(message)); });
  connect(engine, &EngineWorker::cancelled, this,
          [this](int id) { onFinished(id, tr("Cancelled"), tr("cancelled")); });
}

QString JobQueuePanel::formatEta(double seconds) {
  if (seconds < 0) return QString();
  const int s = static_cast<int>(seconds + 0.5);
  if (s < 60) return tr("%n s", nullptr, s);
  if (s < 3600) return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
  return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

void JobQueuePanel::onQueued(EngineWorker* engine, int id, const QString& name, const QString& outputDir) {
  Row row;
  row.engine = engine;
  row.name = engine == engine_ || engine->device().isEmpty() ? name : tr("%1 (%2)").arg(name, engine->device());
  row.outputDir = outputDir;
  row.item = new QTreeWidgetItem(list_);
  row.item->setText(kName, row.name);
  row.item->setToolTip(kName, row.name);
  row.item->setText(kStatus, tr("Waiting"));
  row.item->setData(kName, kIdRole, id);
  row.bar = new QProgressBar(list_);
  row.bar->setRange(0, 1000);
  row.bar->setValue(0);
  row.bar->setTextVisible(true);
  row.bar->setFormat(QStringLiteral("%p%"));
  list_->setItemWidget(row.item, kProgress, row.bar);
  rows_.insert(id, row);
  if (!list_->currentItem()) list_->setCurrentItem(row.item);
  updateButtons();
}

void JobQueuePanel::onStarted(int id) {
  auto it = rows_.find(id);
  if (it == rows_.end()) return;
  it->item->setText(kStatus, tr("Running"));
  list_->setCurrentItem(it->item);
  appendLog(id, tr("started"));
  updateButtons();
}

void JobQueuePanel::onProgressed(int id, qint64 step, qint64 total, double eta) {
  auto it = rows_.find(id);
  if (it == rows_.end()) return;
  if (total > 0) {
    it->bar->setRange(0, 1000);
    it->bar->setValue(static_cast<int>(1000.0 * static_cast<double>(step) / static_cast<double>(total)));
    it->bar->setFormat(QStringLiteral("%1 / %2").arg(step).arg(total));
  } else {
    it->bar->setRange(0, 0);  // busy indicator
  }
  it->item->setText(kEta, formatEta(eta));
}

void JobQueuePanel::onFinished(int id, const QString& status, const QString& logText) {
  auto it = rows_.find(id);
  if (it == rows_.end()) return;
  it->finished = true;
  it->item->setText(kStatus, status);
  it->item->setText(kEta, QString());
  if (status == tr("Done")) {
    it->bar->setRange(0, 1000);
    it->bar->setValue(1000);
  }
  appendLog(id, logText);
  updateButtons();
}

void JobQueuePanel::appendLog(int id, const QString& line) {
  const auto it = rows_.constFind(id);
  const QString name = it == rows_.constEnd() ? QString::number(id) : it->name;
  log_->appendPlainText(QStringLiteral("%1  [%2] %3").arg(QTime::currentTime().toString("HH:mm:ss"), name, line));
}

int JobQueuePanel::selectedId() const {
  const QTreeWidgetItem* item = list_->currentItem();
  return item ? item->data(kName, kIdRole).toInt() : 0;
}

void JobQueuePanel::cancelSelected() {
  const auto it = rows_.constFind(selectedId());
  if (it != rows_.constEnd()) (it->engine ? it->engine : engine_)->cancel(it.key());
}

void JobQueuePanel::openSelectedOutput() {
  const auto it = rows_.constFind(selectedId());
  if (it == rows_.constEnd() || it->outputDir.isEmpty()) return;
  QDir().mkpath(it->outputDir);
  QDesktopServices::openUrl(QUrl::fromLocalFile(it->outputDir));
}

void JobQueuePanel::clearFinished() {
  for (auto it = rows_.begin(); it != rows_.end();) {
    if (it->finished) {
      delete it->item;
      it = rows_.erase(it);
    } else {
      ++it;
    }
  }
  updateButtons();
}

void JobQueuePanel::updateButtons() {
  const auto it = rows_.constFind(selectedId());
  const bool have = it != rows_.constEnd();
  cancel_->setEnabled(have && !it->finished);
  open_->setEnabled(have && !it->outputDir.isEmpty());
  bool any_finished = false;
  for (const Row& r : rows_) any_finished = any_finished || r.finished;
  clear_->setEnabled(any_finished);
}

QString JobQueuePanel::statusText(int id) const {
  const auto it = rows_.constFind(id);
  return it == rows_.constEnd() ? QString() : it->item->text(kStatus);
}

int JobQueuePanel::progressValue(int id) const {
  const auto it = rows_.constFind(id);
  return it == rows_.constEnd() ? -1 : it->bar->value();
}

}  // namespace olis::ui
