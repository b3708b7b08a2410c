#include "ui/personalize_tab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/jobs/train_settings.h"
#include "ui/engine_pool.h"
#include "ui/engine_worker.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"

namespace olis::ui {

namespace {

using olis::jobs::PersonalizeStage;
using olis::jobs::StageState;
enum Column { kProject = 0, kDevice = 1, kStage = 2, kProgress = 3 };

QString stageName(PersonalizeStage s) {
  switch (s) {
    case PersonalizeStage::Captions: return PersonalizeTab::tr("Captions");
    case PersonalizeStage::RegularizationSet: return PersonalizeTab::tr("Regularization set");
    case PersonalizeStage::Training: return PersonalizeTab::tr("Training");
    case PersonalizeStage::Export: return PersonalizeTab::tr("Export");
    case PersonalizeStage::SampleGrid: return PersonalizeTab::tr("Sample grid");
  }
  return {};
}

QString stateName(StageState s) {
  switch (s) {
    case StageState::Pending: return PersonalizeTab::tr("waiting");
    case StageState::Running: return PersonalizeTab::tr("running");
    case StageState::Done: return PersonalizeTab::tr("done");
    case StageState::Skipped: return PersonalizeTab::tr("skipped");
    case StageState::Failed: return PersonalizeTab::tr("failed");
    case StageState::Cancelled: return PersonalizeTab::tr("stopped");
  }
  return {};
}

}  // namespace

PersonalizeTab::PersonalizeTab(ProjectController* project, EnginePool* engines, QWidget* parent)
    : QWidget(parent), project_(project), engines_(engines) {
  setObjectName("PersonalizeTab");
  auto* intro = new QLabel(tr("One click from photos to results: suggested captions, the regularization set, training "
                              "with the metric sweep, export of the suggested checkpoint and a sample grid. Queue "
                              "several projects; projects on different devices run at the same time."),
                           this);
  intro->setWordWrap(true);
  auto* add_current = new QPushButton(tr("Add this project"), this);
  add_current->setObjectName("addCurrentProject");
  auto* add_folder = new QPushButton(tr("Add project folder…"), this);
  new_device_ = new QComboBox(this);
  new_device_->setObjectName("newDevice");
  new_device_->addItems(EnginePool::availableDevices());
  new_device_->setCurrentText(engines_->mainDevice());
  new_device_->setToolTip(tr("The device new rows are pinned to"));
  suggest_captions_ = new QCheckBox(tr("Suggest captions for photos without one"), this);
  suggest_captions_->setChecked(true);
  auto* top = new QHBoxLayout;
  top->addWidget(add_current);
  top->addWidget(add_folder);
  top->addSpacing(12);
  top->addWidget(new QLabel(tr("Device:"), this));
  top->addWidget(new_device_);
  top->addSpacing(12);
  top->addWidget(suggest_captions_);
  top->addStretch(1);

  table_ = new QTableWidget(0, 4, this);
  table_->setObjectName("personalizeQueue");
  table_->setHorizontalHeaderLabels({tr("Project"), tr("Device"), tr("Stage"), tr("Progress")});
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(kProject, QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(kDevice, QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(kStage, QHeaderView::Stretch);
  table_->horizontalHeader()->setSectionResizeMode(kProgress, QHeaderView::Fixed);
  table_->horizontalHeader()->resizeSection(kProgress, 150);

  start_ = new QPushButton(tr("&Start"), this);
  start_->setObjectName("startPersonalize");
  start_->setToolTip(tr("Start the selected project, or continue it where it stopped"));
  start_all_ = new QPushButton(tr("Start all"), this);
  cancel_ = new QPushButton(tr("Stop"), this);
  cancel_->setObjectName("stopPersonalize");
  cancel_->setToolTip(tr("Stop the selected project after its current step; the other projects go on"));
  remove_ = new QPushButton(tr("Remove from queue"), this);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(start_all_);
  buttons->addWidget(cancel_);
  buttons->addStretch(1);
  buttons->addWidget(remove_);

  grid_ = new QLabel(this);
  grid_->setObjectName("personalizeGrid");
  grid_->setAlignment(Qt::AlignCenter);
  grid_->setMinimumHeight(120);
  grid_->setText(tr("The sample grid of the selected project appears here when it is done."));
  grid_->setWordWrap(true);
  messages_ = new MessageArea(this);

  auto* upper = new QWidget(this);
  auto* uv = new QVBoxLayout(upper);
  uv->setContentsMargins(0, 0, 0, 0);
  uv->addWidget(table_, 1);
  uv->addLayout(buttons);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(upper);
  split->addWidget(grid_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 2);
  split->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(top);
  layout->addWidget(messages_);
  layout->addWidget(split, 1);

  connect(add_current, &QPushButton::clicked, this, [this] {
    if (project_->folder().isEmpty()) {
      messages_->showMessages({{UiMessage::Level::Warning, tr("Save the project first (File ▸ Save As…).")}});
      return;
    }
    table_->selectRow(addProject(project_->folder()));
  });
  connect(add_folder, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add an Olis project folder"));
    if (!dir.isEmpty()) table_->selectRow(addProject(dir));
  });
  connect(start_, &QPushButton::clicked, this, [this] { start(table_->currentRow()); });
  connect(start_all_, &QPushButton::clicked, this, &PersonalizeTab::startAll);
  connect(cancel_, &QPushButton::clicked, this, [this] { cancel(table_->currentRow()); });
  connect(remove_, &QPushButton::clicked, this, [this] { remove(table_->currentRow()); });
  connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
    refreshButtons();
    showGrid();
  });
  for (EngineWorker* w : engines_->workers()) watch(w);
  connect(engines_, &EnginePool::workerAdded, this, &PersonalizeTab::watch);
  loadQueue();
  refreshButtons();
}

void PersonalizeTab::watch(EngineWorker* worker) {
  connect(worker, &EngineWorker::progressed, this, [this](int id, qint64 step, qint64 total, double) {
    const int row = rowOfJob(id);
    if (row < 0 || total <= 0) return;
    entries_[row].progress = static_cast<int>(1000.0 * static_cast<double>(step) / static_cast<double>(total));
    if (auto* bar = qobject_cast<QProgressBar*>(table_->cellWidget(row, kProgress))) {
      bar->setValue(entries_[row].progress);
      bar->setFormat(QStringLiteral("%1 / %2").arg(step).arg(total));
    }
  });
  connect(worker, &EngineWorker::succeeded, this, [this](int id, double) { onJobEnded(id, QString(), true); });
  connect(worker, &EngineWorker::failed, this, [this](int id, const QString& m) { onJobEnded(id, m, false); });
  connect(worker, &EngineWorker::cancelled, this, [this](int id) { onJobEnded(id, QString(), false); });
}

int PersonalizeTab::addProject(const QString& folder_in, const QString& device) {
  const QString folder = QDir(folder_in).absolutePath();
  if (const int existing = rowOfFolder(folder); existing >= 0) return existing;
  Entry e;
  e.folder = folder;
  e.device = EnginePool::canonicalDevice(device.isEmpty() ? new_device_->currentText() : device);
  if (auto s = olis::jobs::read_personalize_state(folder.toStdString())) e.state = *s;
  entries_.push_back(e);
  const int row = table_->rowCount();
  table_->insertRow(row);
  auto* name = new QTableWidgetItem(QFileInfo(folder).fileName());
  name->setToolTip(QDir::toNativeSeparators(folder));
  table_->setItem(row, kProject, name);
  auto* combo = new QComboBox(table_);
  combo->addItems(EnginePool::availableDevices());
  if (combo->findText(e.device) < 0) combo->addItem(e.device);
  combo->setCurrentText(e.device);
  connect(combo, &QComboBox::currentTextChanged, this, [this, combo](const QString& d) {
    for (int r = 0; r < table_->rowCount(); ++r)
      if (table_->cellWidget(r, kDevice) == combo) setDevice(r, d);
  });
  table_->setCellWidget(row, kDevice, combo);
  table_->setItem(row, kStage, new QTableWidgetItem);
  auto* bar = new QProgressBar(table_);
  bar->setRange(0, 1000);
  bar->setValue(e.state.finished() ? 1000 : 0);
  table_->setCellWidget(row, kProgress, bar);
  refreshRow(row);
  saveQueue();
  refreshButtons();
  return row;
}

void PersonalizeTab::setDevice(int row, const QString& device) {
  if (row < 0 || row >= rowCount() || isRunning(row)) return;
  entries_[row].device = EnginePool::canonicalDevice(device);
  if (auto* combo = qobject_cast<QComboBox*>(table_->cellWidget(row, kDevice)); combo && combo->currentText() != entries_[row].device) {
    if (combo->findText(entries_[row].device) < 0) combo->addItem(entries_[row].device);
    combo->setCurrentText(entries_[row].device);
  }
  saveQueue();
}

void PersonalizeTab::start(int row) {
  if (row < 0 || row >= rowCount() || isRunning(row)) return;
  Entry& e = entries_[row];
  if (e.folder == QDir(project_->folder()).absolutePath() && project_->isDirty()) {
    QString error;
    if (!project_->save(&error)) {
      messages_->showMessages({{UiMessage::Level::Error, tr("The project could not be saved: %1").arg(error)}});
      return;
    }
  }
  if (!QFileInfo::exists(QDir(e.folder).filePath(QString::fromLatin1(olis::jobs::kTrainSettingsFileName)))) {
    messages_->showMessages({{UiMessage::Level::Warning,
                              tr("%1 has no training settings yet: open it and choose its base model in the Train tab.")
                                  .arg(QFileInfo(e.folder).fileName())}});
    return;
  }
  olis::jobs::PersonalizeOptions o;
  o.device = e.device.toStdString();
  o.suggest_captions = suggest_captions_->isChecked();
  QPointer<PersonalizeTab> self(this);
  const QString folder = e.folder;
  o.on_stage = [self, folder](PersonalizeStage stage, const olis::jobs::StageRecord& record) {
    // On the engine thread: hand the change to the UI thread.
    QMetaObject::invokeMethod(QCoreApplication::instance(), [self, folder, stage, record] {
      if (self) self->onStage(folder, stage, record);
    }, Qt::QueuedConnection);
  };
  e.job = std::make_shared<olis::jobs::PersonalizeJob>(folder.toStdString(), o);
  e.worker = engines_->worker(e.device);
  e.progress = 0;
  e.current = tr("Waiting for %1").arg(e.device);
  e.job_id = e.worker->enqueue(e.job, tr("Personalize %1").arg(QFileInfo(folder).fileName()));
  table_->cellWidget(row, kDevice)->setEnabled(false);
  refreshRow(row);
  refreshButtons();
}

void PersonalizeTab::startAll() {
  for (int r = 0; r < rowCount(); ++r)
    if (!isRunning(r) && !entries_[r].state.finished()) start(r);
}

void PersonalizeTab::cancel(int row) {
  if (row < 0 || row >= rowCount() || !isRunning(row)) return;
  entries_[row].worker->cancel(entries_[row].job_id);
}

void PersonalizeTab::remove(int row) {
  if (row < 0 || row >= rowCount() || isRunning(row)) return;
  entries_.removeAt(row);
  table_->removeRow(row);
  saveQueue();
  refreshButtons();
}

void PersonalizeTab::personalizeCurrentProject() {
  if (project_->folder().isEmpty()) {
    messages_->showMessages({{UiMessage::Level::Warning, tr("Save the project first (File ▸ Save As…), then "
                                                            "choose its base model in the Train tab.")}});
    return;
  }
  const int row = addProject(project_->folder());
  table_->selectRow(row);
  start(row);
}

void PersonalizeTab::onStage(const QString& folder, PersonalizeStage stage, const olis::jobs::StageRecord& record) {
  const int row = rowOfFolder(folder);
  if (row < 0) return;
  Entry& e = entries_[row];
  e.state.stages[stage] = record;
  e.current = record.message.empty() ? tr("%1: %2").arg(stageName(stage), stateName(record.state))
                                       : tr("%1: %2 (%3)").arg(stageName(stage), stateName(record.state),
                                                                QString::fromStdString(record.message));
  // The captions stage wrote project.olis.yaml: show the new captions if it is the open project.
  if (stage == PersonalizeStage::Captions && record.state == StageState::Done &&
      folder == QDir(project_->folder()).absolutePath() && !project_->isDirty()) {
    QString error;
    project_->open(folder, &error);
  }
  refreshRow(row);
}

void PersonalizeTab::onJobEnded(int id, const QString& outcome, bool ok) {
  const int row = rowOfJob(id);
  if (row < 0) return;
  Entry& e = entries_[row];
  if (auto s = olis::jobs::read_personalize_state(e.folder.toStdString())) e.state = *s;
  e.job.reset();
  e.job_id = 0;
  e.current.clear();
  table_->cellWidget(row, kDevice)->setEnabled(true);
  if (!ok && !outcome.isEmpty())
    messages_->showMessages({{UiMessage::Level::Error, tr("%1: %2").arg(QFileInfo(e.folder).fileName(), outcome)}});
  refreshRow(row);
  refreshButtons();
  if (table_->currentRow() == row) showGrid();
  Q_EMIT entryFinished(row, ok);
}

QString PersonalizeTab::statusText(int row) const {
  if (row < 0 || row >= rowCount()) return {};
  const Entry& e = entries_[row];
  if (e.job_id != 0 && !e.current.isEmpty()) return e.current;
  if (e.state.finished())
    return e.state.exported_step ? tr("Done: step %1 exported").arg(*e.state.exported_step) : tr("Done");
  for (auto stage : olis::jobs::kPersonalizeStages) {
    const auto it = e.state.stages.find(stage);
    const auto rec = it == e.state.stages.end() ? olis::jobs::StageRecord{} : it->second;
    if (rec.state == StageState::Done || rec.state == StageState::Skipped) continue;
    if (rec.state == StageState::Failed)
      return tr("%1 failed: %2").arg(stageName(stage), QString::fromStdString(rec.message));
    if (rec.state == StageState::Cancelled) return tr("%1: stopped; Start continues here").arg(stageName(stage));
    break;
  }
  return tr("Not started");
}

void PersonalizeTab::refreshRow(int row) {
  if (auto* item = table_->item(row, kStage)) {
    item->setText(statusText(row));
    item->setToolTip(statusText(row));
  }
  if (auto* bar = qobject_cast<QProgressBar*>(table_->cellWidget(row, kProgress)); bar && !isRunning(row)) {
    bar->setValue(entries_[row].state.finished() ? 1000 : 0);
    bar->setFormat(QStringLiteral("%p%"));
  }
}

void PersonalizeTab::refreshButtons() {
  const int row = table_->currentRow();
  const bool have = row >= 0 && row < rowCount();
  start_->setEnabled(have && !isRunning(row));
  start_->setText(have && !entries_[row].state.stages.empty() && !entries_[row].state.finished() ? tr("&Continue") : tr("&Start"));
  cancel_->setEnabled(have && isRunning(row));
  remove_->setEnabled(have && !isRunning(row));
  start_all_->setEnabled(rowCount() > 0);
}

void PersonalizeTab::showGrid() {
  const int row = table_->currentRow();
  const QString path = row >= 0 && row < rowCount() ? QString::fromStdString(entries_[row].state.grid.string()) : QString();
  QImage image;
  if (!path.isEmpty() && image.load(path)) {
    const QSize box = grid_->size().boundedTo(QSize(1600, 1200)).expandedTo(QSize(200, 120));
    grid_->setPixmap(QPixmap::fromImage(image.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    grid_->setToolTip(QDir::toNativeSeparators(path));
  } else {
    grid_->setPixmap(QPixmap());
    grid_->setText(tr("The sample grid of the selected project appears here when it is done."));
  }
}

int PersonalizeTab::rowOfJob(int id) const {
  for (int r = 0; r < rowCount(); ++r)
    if (entries_[r].job_id == id && id != 0) return r;
  return -1;
}

int PersonalizeTab::rowOfFolder(const QString& folder) const {
  for (int r = 0; r < rowCount(); ++r)
    if (entries_[r].folder == folder) return r;
  return -1;
}

void PersonalizeTab::saveQueue() const {
  QStringList list;
  for (const Entry& e : entries_) list << e.device + QLatin1Char('|') + e.folder;
  QSettings().setValue(QStringLiteral("personalize/queue"), list);
}

void PersonalizeTab::loadQueue() {
  const QStringList list = QSettings().value(QStringLiteral("personalize/queue")).toStringList();
  for (const QString& item : list) {
    const int bar = item.indexOf(QLatin1Char('|'));
    if (bar > 0 && QFileInfo::exists(item.mid(bar + 1))) addProject(item.mid(bar + 1), item.left(bar));
  }
}

}  // namespace olis::ui
