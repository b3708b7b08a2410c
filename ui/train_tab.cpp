#include "ui/train_tab.h"

#include <QCheckBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/jobs/run_history.h"
#include "core/training/checkpoint.h"
#include "ui/engine_worker.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"
#include "ui/train_charts.h"
#include "ui/train_form.h"
#include "ui/validation_grid.h"

namespace olis::ui {

namespace fs = std::filesystem;

namespace {

QString native(const fs::path& p) { return QDir::toNativeSeparators(QString::fromStdString(p.string())); }
fs::path toPath(const QString& s) { return fs::path(s.trimmed().toStdString()); }

}  // namespace

TrainTab::TrainTab(ProjectController* project, EngineWorker* engine, ThumbnailLoader* thumbnails, QWidget* parent)
    : QWidget(parent), project_(project), engine_(engine), thumbnails_(thumbnails) {
  setObjectName("TrainTab");
  buildUi();

  connect(form_, &TrainForm::reloaded, this, &TrainTab::reloadRun);
  connect(form_, &TrainForm::settingsChanged, this, &TrainTab::loadSweep);
  connect(form_, &TrainForm::problem, messages_, &MessageArea::showMessages);
  // A message saying what to do first goes once it is done.
  connect(project_, &ProjectController::baseModelChanged, this, &TrainTab::clearResolvedBlocker);
  connect(project_, &ProjectController::photosChanged, this, &TrainTab::clearResolvedBlocker);
  connect(project_, &ProjectController::saved, this, &TrainTab::clearResolvedBlocker);
  auto finished = [this](int id, bool ok, const QString& message) {
    if (id != job_id_) return;
    job_id_ = 0;
    setBusy(false);
    if (!message.isEmpty()) {
      job_messages_.push_back({UiMessage::Level::Error, message});
      messages_->showMessages(job_messages_);
    }
    reloadRun();
    const bool then_train = ok && train_after_regset_ && job_task_ == olis::jobs::ProjectTask::RegularizationSet;
    train_after_regset_ = false;
    Q_EMIT jobFinished(ok);
    if (then_train) train();
  };
  // The input checks' warnings (a photo smaller than the resolution, a caption CLIP cuts, ...) stay in view.
  connect(engine_, &EngineWorker::logLine, this, [this](int id, const QString& line) {
    static const QLatin1String kWarning("warning: ");
    if (id != job_id_ || !line.startsWith(kWarning)) return;
    job_messages_.push_back({UiMessage::Level::Warning, line.mid(kWarning.size())});
    messages_->showMessages(job_messages_);
  });
  connect(engine_, &EngineWorker::succeeded, this, [finished](int id, double) { finished(id, true, QString()); });
  connect(engine_, &EngineWorker::failed, this, [finished](int id, const QString& m) { finished(id, false, m); });
  connect(engine_, &EngineWorker::cancelled, this, [this, finished](int id) {
    const bool mine = id == job_id_ && job_task_ == olis::jobs::ProjectTask::Training;
    finished(id, false, QString());
    if (mine) status_->setText(tr("Stopped; train again to continue. %1").arg(status_->text()));
  });
  connect(engine_, &EngineWorker::progressed, this, [this](int id, qint64 step, qint64 total, double eta) {
    if (id != job_id_ || metrics_seen_) return;  // training shows its richer line from onMetrics
    QString text = tr("%1 of %2 done").arg(step).arg(total);
    if (eta >= 0) text += tr(", about %1 s left").arg(qRound(eta));
    status_->setText(text);
  });
  reloadRun();
}

void TrainTab::buildUi() {
  form_ = new TrainForm(project_, this);
  resume_ = new QCheckBox(tr("Continue the current run"), this);
  resume_->setToolTip(tr("Training goes on from the run's newest checkpoint; untick it to start again from the beginning"));
  resume_->setObjectName("resume");
  regset_button_ = new QPushButton(tr("1. Generate &regularization set"), this);
  regset_button_->setObjectName("regsetButton");
  train_button_ = new QPushButton(tr("2. Tr&ain"), this);
  train_button_->setObjectName("trainButton");
  train_button_->setDefault(true);
  stop_button_ = new QPushButton(tr("&Stop"), this);
  stop_button_->setObjectName("stopButton");
  stop_button_->setEnabled(false);
  export_button_ = new QPushButton(tr("&Export checkpoint"), this);
  export_button_->setObjectName("exportButton");
  export_button_->setToolTip(tr("Exports the checkpoint of the selected validation row, or the suggested one"));
  new_run_button_ = new QPushButton(tr("Start a &New Run…"), this);
  new_run_button_->setObjectName("newRunButton");
  new_run_button_->setToolTip(tr("Keeps the current run (checkpoints, validation images, exports) in a "
                                 "previous-run folder and trains again from the start"));
  messages_ = new MessageArea(this);
  status_ = new QLabel(this);
  status_->setObjectName("trainStatus");
  status_->setWordWrap(true);

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(regset_button_);
  buttons->addWidget(train_button_);
  buttons->addWidget(stop_button_);
  auto* left = new QWidget(this);
  auto* lv = new QVBoxLayout(left);
  lv->setContentsMargins(0, 0, 0, 0);
  lv->addWidget(form_);
  auto* run_row = new QHBoxLayout;
  run_row->addWidget(resume_, 1);
  run_row->addWidget(new_run_button_);
  lv->addLayout(run_row);
  lv->addLayout(buttons);
  lv->addWidget(status_);
  lv->addWidget(messages_);
  lv->addStretch(1);
  // A short window scrolls the form instead of squeezing its fields (the model pickers' detection line).
  auto* left_scroll = new QScrollArea(this);
  left_scroll->setWidget(left);
  left_scroll->setWidgetResizable(true);
  left_scroll->setFrameShape(QFrame::NoFrame);
  left_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  left_scroll->setMinimumWidth(340);

  charts_ = new TrainCharts(this);
  suggestion_ = new QLabel(this);
  suggestion_->setObjectName("suggestion");
  suggestion_->setWordWrap(true);
  grid_ = new ValidationGrid(thumbnails_, this);

  auto* grid_box = new QWidget(this);
  auto* gv = new QVBoxLayout(grid_box);
  gv->setContentsMargins(0, 0, 0, 0);
  gv->addWidget(grid_, 1);
  auto* export_row = new QHBoxLayout;
  export_row->addWidget(suggestion_, 1);
  export_row->addWidget(export_button_);
  gv->addLayout(export_row);

  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(charts_);
  right->addWidget(grid_box);
  right->setStretchFactor(1, 1);
  right->setSizes({280, 320});
  right->setChildrenCollapsible(false);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left_scroll);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  split->setSizes({380, 760});
  split->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(regset_button_, &QPushButton::clicked, this, &TrainTab::generateRegularizationSet);
  connect(train_button_, &QPushButton::clicked, this, &TrainTab::train);
  connect(new_run_button_, &QPushButton::clicked, this, &TrainTab::startNewRun);
  connect(stop_button_, &QPushButton::clicked, this, &TrainTab::stop);
  connect(export_button_, &QPushButton::clicked, this, &TrainTab::exportSelected);
}

QLineSeries* TrainTab::lossSeries() const { return charts_->lossSeries(); }
QLineSeries* TrainTab::smoothedLossSeries() const { return charts_->smoothedLossSeries(); }
QLineSeries* TrainTab::dinoSeries() const { return charts_->dinoSeries(); }
QLineSeries* TrainTab::clipISeries() const { return charts_->clipISeries(); }
QLineSeries* TrainTab::clipTSeries() const { return charts_->clipTSeries(); }
QTableWidget* TrainTab::validationGrid() const { return grid_; }
int TrainTab::rowOfStep(int64_t step) const { return grid_->rowOfStep(step); }

void TrainTab::setDefaultBaseModel(const QString& path) { form_->setDefaultBaseModel(path); }
olis::jobs::TrainSettingsDoc TrainTab::formSettings(QString* error) const { return form_->formSettings(error); }
olis::jobs::MetricModelSettings TrainTab::metricModels() const { return form_->metricModels(); }
fs::path TrainTab::outputDir() const { return form_->outputDir(); }

void TrainTab::clearResolvedBlocker() {
  const bool resolved = (blocker_ == Blocker::NoFolder && !project_->folder().isEmpty()) ||
                        (blocker_ == Blocker::NoModel && !project_->baseModel().isEmpty()) ||
                        (blocker_ == Blocker::NoPhotos && project_->photoCount() > 0);
  if (!resolved) return;
  blocker_ = Blocker::None;
  messages_->clear();
}

bool TrainTab::prepareRun() {
  messages_->clear();
  blocker_ = Blocker::None;
  if (job_id_ != 0) return false;
  if (project_->folder().isEmpty()) {
    messages_->showMessages({{UiMessage::Level::Warning,
                              tr("Save the project first (File ▸ Save As…): training reads its photos and settings "
                                 "from the project folder.")}});
    blocker_ = Blocker::NoFolder;
    return false;
  }
  UiMessages messages;
  if (!form_->prepareForRun(&messages)) {
    messages_->showMessages(messages);
    if (project_->baseModel().isEmpty()) blocker_ = Blocker::NoModel;
    return false;
  }
  if (project_->photoCount() == 0) {
    messages_->showMessages({{UiMessage::Level::Warning, tr("Add 4 to 6 photos of the subject first.")}});
    blocker_ = Blocker::NoPhotos;
    return false;
  }
  QString error;
  if (project_->isDirty() && !project_->save(&error)) {
    messages_->showMessages({{UiMessage::Level::Error, error}});
    return false;
  }
  messages_->showMessages(messages);  // e.g. "changed outside Olis"
  return true;
}

void TrainTab::launch(olis::jobs::ProjectJobOptions options, const QString& title) {
  metrics_seen_ = false;
  job_task_ = options.task;
  auto job = std::make_shared<olis::jobs::ProjectJob>(toPath(project_->folder()), std::move(options));
  setBusy(true);
  status_->setText(tr("Queued: %1").arg(title));
  job_messages_ = messages_->messages();  // e.g. "changed outside Olis": the job's warnings come below
  job_id_ = engine_->enqueue(job, title);
}

void TrainTab::generateRegularizationSet() {
  if (!prepareRun()) return;
  olis::jobs::ProjectJobOptions o;
  o.task = olis::jobs::ProjectTask::RegularizationSet;
  launch(o, tr("Generate %n regularization image(s)", nullptr,
               static_cast<int>(docInt(form_->fileSettings(), "regularization.count", olis::jobs::RegularizationSettings{}.count))));
}

bool TrainTab::regularizationSetReady() {
  auto p = olis::jobs::open_project_training(toPath(project_->folder()));
  if (!p) {
    messages_->showMessages({{UiMessage::Level::Error, QString::fromStdString(p.error().message())}});
    return false;
  }
  auto status = olis::jobs::regularization_set_status(*p);
  if (!status) {
    messages_->showMessages({{UiMessage::Level::Error, QString::fromStdString(status.error().message())}});
    return false;
  }
  if (status->state == olis::jobs::RegSetState::NotUsed || status->state == olis::jobs::RegSetState::Complete) return true;
  const int count = static_cast<int>(p->settings.regularization.count);
  QMessageBox box(QMessageBox::Question, tr("Regularization set first"),
                  status->state == olis::jobs::RegSetState::Missing
                      ? tr("Training with prior preservation needs the regularization set: %n image(s) of the class, "
                           "made by the base model. It has not been generated yet.", nullptr, count)
                      : tr("The regularization set (%n image(s) of the class) is not finished yet; generating it "
                           "again continues where it stopped.", nullptr, count),
                  QMessageBox::Yes | QMessageBox::Cancel, this);
  box.setInformativeText(tr("Generate it now and start training as soon as it is done?"));
  box.button(QMessageBox::Yes)->setText(tr("Generate, Then Train"));
  box.setDefaultButton(QMessageBox::Yes);
  if (box.exec() != QMessageBox::Yes) {
    messages_->showMessages({{UiMessage::Level::Info, tr("Generate the regularization set first (button 1), then train.")}});
    return false;
  }
  olis::jobs::ProjectJobOptions o;
  o.task = olis::jobs::ProjectTask::RegularizationSet;
  launch(o, tr("Generate %n regularization image(s)", nullptr, count));
  train_after_regset_ = true;
  return false;
}

void TrainTab::train() {
  if (!prepareRun()) return;
  const fs::path ckpts = outputDir() / "checkpoints";
  const auto checkpoints = olis::training::list_checkpoints(ckpts);
  if (!checkpoints.empty() && !resume_->isChecked()) {
    // Training from the start over an existing run: keep the old one aside rather than refuse or overwrite.
    startNewRun();
    return;
  }
  if (!regularizationSetReady()) return;
  launchTraining(!checkpoints.empty());
}

void TrainTab::startNewRun() {
  if (job_id_ != 0 || !prepareRun()) return;
  const fs::path out = outputDir();
  const auto checkpoints = olis::training::list_checkpoints(out / "checkpoints");
  if (!checkpoints.empty()) {
    const auto answer = QMessageBox::question(
        this, tr("Start a new run"),
        tr("The current run (newest checkpoint: step %1) is kept in a previous-run folder inside %2, with its "
           "validation images and exports. Training then starts from the beginning.")
            .arg(checkpoints.back().step).arg(native(out)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) return;
  }
  auto aside = olis::jobs::set_run_aside(out);
  if (!aside) {
    messages_->showMessages({{UiMessage::Level::Error, QString::fromStdString(aside.error().message())}});
    return;
  }
  reloadRun();
  const UiMessage kept{UiMessage::Level::Info, tr("The previous run is kept in %1.").arg(native(*aside))};
  if (!aside->empty()) messages_->showMessages({kept});
  // Without its regularization set this asks, queues the set and trains after it (from the start: the old
  // checkpoints are aside now).
  if (!regularizationSetReady()) return;
  launchTraining(false);
}

void TrainTab::launchTraining(bool resume) {
  olis::jobs::ProjectJobOptions o;
  o.task = olis::jobs::ProjectTask::Training;
  o.train.resume = resume;
  if (!resume) charts_->clearLoss();
  const QString folder = project_->folder();
  o.train.on_metrics = [this, folder](const olis::jobs::TrainMetrics& m) {
    // On the engine thread: hand a copy to the UI thread, which ignores it once another project is open.
    QMetaObject::invokeMethod(
        this, [this, m, folder] { if (project_->folder() == folder) onMetrics(m); }, Qt::QueuedConnection);
  };
  launch(o, resume ? tr("Resume training") : tr("Train"));
}

void TrainTab::stop() {
  if (job_id_ != 0) engine_->cancel(job_id_);
}

void TrainTab::exportSelected() {
  messages_->clear();
  if (job_id_ != 0 || project_->folder().isEmpty()) return;
  std::optional<int64_t> step = grid_->selectedStep();
  if (!step) step = suggested_;
  const fs::path ckpts = outputDir() / "checkpoints";
  if (step && !fs::exists(olis::training::checkpoint_path(ckpts, *step))) {
    messages_->showMessages({{UiMessage::Level::Warning,
                              tr("Step %1 has no checkpoint (it was not a checkpoint step, or an older one was "
                                 "removed). Choose a row marked “checkpoint”.").arg(*step)}});
    return;
  }
  if (!step && olis::training::list_checkpoints(ckpts).empty()) {
    messages_->showMessages({{UiMessage::Level::Warning, tr("There is no checkpoint to export yet.")}});
    return;
  }
  olis::jobs::ProjectJobOptions o;
  o.task = olis::jobs::ProjectTask::Export;
  o.export_step = step;
  launch(o, step ? tr("Export checkpoint %1").arg(*step) : tr("Export the newest checkpoint"));
}

void TrainTab::setBusy(bool busy) {
  for (QWidget* w : {static_cast<QWidget*>(regset_button_), static_cast<QWidget*>(train_button_),
                     static_cast<QWidget*>(export_button_), static_cast<QWidget*>(new_run_button_)})
    w->setEnabled(!busy);
  stop_button_->setEnabled(busy);
}

void TrainTab::onMetrics(const olis::jobs::TrainMetrics& m) {
  metrics_seen_ = true;
  QString text = tr("Step %1 of %2 · loss %3 (smoothed %4) · lr %5 · %6 it/s")
                     .arg(m.step).arg(m.total)
                     .arg(m.loss, 0, 'f', 4).arg(m.smoothed_loss, 0, 'f', 4)
                     .arg(m.lr, 0, 'g', 3).arg(m.it_per_second, 0, 'f', 2);
  if (m.eta_seconds >= 0) text += tr(" · about %1 s left").arg(qRound(m.eta_seconds));
  status_->setText(text);
  charts_->appendLoss(m.step, m.loss, m.smoothed_loss);
  if (!m.validation_images.empty()) loadSweep();
}

void TrainTab::reloadRun() {
  const fs::path out = outputDir();
  if (out.empty()) {
    charts_->clearLoss();
  } else if (auto steps = olis::jobs::read_step_metrics(out)) {
    charts_->showLoss(*steps);
  } else {
    charts_->clearLoss();
    messages_->showMessages({{UiMessage::Level::Warning, QString::fromStdString(steps.error().message())}});
  }
  loadSweep();
  const auto checkpoints = out.empty() ? std::vector<olis::training::CheckpointRef>{}
                                       : olis::training::list_checkpoints(out / "checkpoints");
  const bool has_run = !checkpoints.empty();
  resume_->setEnabled(has_run);
  resume_->setChecked(has_run);
  new_run_button_->setVisible(has_run);
  if (job_id_ == 0) status_->setText(has_run ? tr("Newest checkpoint: step %1").arg(checkpoints.back().step) : QString());
}

void TrainTab::loadSweep() {
  suggested_.reset();
  suggestion_->clear();
  const fs::path out = outputDir();
  if (out.empty()) {
    charts_->clearSweep();
    grid_->clearRounds();
    return;
  }
  const fs::path ckpts = out / "checkpoints";
  // The sweep's log, read once per refresh for the curves and the grid.
  const auto records = olis::eval::read_metrics_log(ckpts / olis::eval::kMetricsLogName);
  // The form, not the file: a metric model chosen a moment ago counts before the file is saved.
  const auto metrics = form_->metricModels();
  const auto summary = charts_->showSweep(records, ckpts, olis::eval::BestCheckpointRule{metrics.clip_t_margin}, metrics.any());
  suggested_ = summary.suggested_step;
  suggestion_->setText(summary.text);
  grid_->showRounds(olis::jobs::list_validation_rounds(out),
                    records ? *records : std::vector<olis::eval::CheckpointMetrics>{}, ckpts, suggested_);
}

}  // namespace olis::ui
