#include "ui/train_tab.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleValidator>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "core/eval/checkpoint_metrics.h"
#include "core/jobs/train_settings_keys.h"
#include "core/training/checkpoint.h"
#include "core/util/atomic_file.h"
#include "ui/engine_worker.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"
#include "ui/thumbnail_loader.h"

namespace olis::ui {

namespace fs = std::filesystem;
using olis::jobs::SettingValue;
using olis::jobs::TrainSettingsDoc;

namespace {

constexpr int kThumb = 96;
constexpr int kStepRole = Qt::UserRole + 1;

QString native(const fs::path& p) { return QDir::toNativeSeparators(QString::fromStdString(p.string())); }
fs::path toPath(const QString& s) { return fs::path(s.trimmed().toStdString()); }

// Values of the settings document, with a fallback when the key is not set.
std::string doc_text(const TrainSettingsDoc& d, const std::string& key) {
  auto it = d.values.find(key);
  return it == d.values.end() ? std::string() : olis::jobs::format_setting_value(it->second);
}
int64_t doc_int(const TrainSettingsDoc& d, const std::string& key, int64_t fallback) {
  auto it = d.values.find(key);
  return it != d.values.end() && std::holds_alternative<int64_t>(it->second) ? std::get<int64_t>(it->second) : fallback;
}
double doc_number(const TrainSettingsDoc& d, const std::string& key, double fallback) {
  auto it = d.values.find(key);
  return it != d.values.end() && std::holds_alternative<double>(it->second) ? std::get<double>(it->second) : fallback;
}
// The table's documentation of a key as a tooltip.
QString keyTip(const char* key) {
  const auto* k = olis::jobs::find_train_setting(key);
  return k ? QString::fromStdString(k->doc + " Default: " + k->default_doc + ". (" + key + ")") : QString();
}

QString score(double v) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', 3); }

QLineSeries* addLine(QChart* chart, const QString& name, QValueAxis* x, QValueAxis* y) {
  auto* s = new QLineSeries(chart);
  s->setName(name);
  chart->addSeries(s);
  s->attachAxis(x);
  s->attachAxis(y);
  return s;
}

// A chart over training steps: x = step (integers), y formatted with `y_format`.
QChart* makeStepChart(const QString& title, const QString& x_title, const QString& y_format, QValueAxis** x, QValueAxis** y) {
  auto* chart = new QChart;
  chart->setTitle(title);
  *x = new QValueAxis(chart);
  (*x)->setTitleText(x_title);
  (*x)->setLabelFormat(QStringLiteral("%d"));
  (*x)->setTickCount(5);
  *y = new QValueAxis(chart);
  (*y)->setLabelFormat(y_format);
  chart->addAxis(*x, Qt::AlignBottom);
  chart->addAxis(*y, Qt::AlignLeft);
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

TrainTab::TrainTab(ProjectController* project, EngineWorker* engine, ThumbnailLoader* thumbnails, QWidget* parent)
    : QWidget(parent), project_(project), engine_(engine), thumbnails_(thumbnails) {
  setObjectName("TrainTab");
  save_timer_ = new QTimer(this);
  save_timer_->setSingleShot(true);
  save_timer_->setInterval(400);
  connect(save_timer_, &QTimer::timeout, this, [this] {
    QString error;
    if (!saveSettings(&error) && !error.isEmpty()) messages_->showMessages({{UiMessage::Level::Error, error}});
  });
  buildUi();

  connect(project_, &ProjectController::projectReplaced, this, [this] {
    loadSettings();
    reloadRun();
  });
  connect(project_, &ProjectController::saved, this, [this] {
    // First save of a new project, or Save As into another folder: the settings follow the project.
    if (project_->folder() != settings_folder_) adoptFolder();
  });
  connect(thumbnails_, &ThumbnailLoader::thumbnailReady, this, &TrainTab::onThumbnail);
  auto finished = [this](int id, bool ok, const QString& message) {
    if (id != job_id_) return;
    job_id_ = 0;
    setBusy(false);
    if (!message.isEmpty()) {
      job_messages_.push_back({UiMessage::Level::Error, message});
      messages_->showMessages(job_messages_);
    }
    reloadRun();
    Q_EMIT jobFinished(ok);
  };
  // The input checks' warnings (a photo smaller than the resolution, a caption CLIP cuts, ...) stay in view.
  connect(engine_, &EngineWorker::logLine, this, [this](int id, const QString& line) {
    if (id != job_id_ || !line.startsWith(QLatin1String("warning: "))) return;
    job_messages_.push_back({UiMessage::Level::Warning, line.mid(9)});
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
  loadSettings();
  reloadRun();
}

void TrainTab::buildUi() {
  base_model_ = new QLineEdit(this);
  base_model_->setObjectName("baseModel");
  base_model_->setPlaceholderText(tr("a diffusers folder or a .safetensors file"));
  auto* browse = new QPushButton(tr("Browse…"), this);
  mode_ = new QComboBox(this);
  mode_->setObjectName("mode");
  mode_->addItem(tr("The paper's for the model (SD 1.x/2.x: full fine-tune, SDXL: LoRA)"), QString());
  mode_->addItem(tr("LoRA rank 32 + identifier embeddings (the paper's SDXL setting)"), "lora");
  mode_->addItem(tr("Full fine-tune of UNet and text encoder (the paper's SD setting)"), "full");
  mode_->setToolTip(keyTip("mode"));
  steps_ = new QSpinBox(this);
  steps_->setObjectName("steps");
  steps_->setRange(0, 10000000);
  steps_->setSpecialValueText(tr("paper default (4000 full, 8000 LoRA)"));
  steps_->setToolTip(keyTip("steps"));
  lr_ = new QLineEdit(this);
  lr_->setObjectName("learningRate");
  lr_->setPlaceholderText(tr("paper default (2e-6 full, 1e-4 LoRA)"));
  lr_->setToolTip(keyTip("lr"));
  auto* lr_validator = new QDoubleValidator(0.0, 1.0, 12, lr_);
  lr_validator->setNotation(QDoubleValidator::ScientificNotation);
  lr_->setValidator(lr_validator);
  resolution_ = new QSpinBox(this);
  resolution_->setRange(0, 2048);
  resolution_->setSingleStep(64);
  resolution_->setSpecialValueText(tr("the model's (512, 768 or 1024)"));
  resolution_->setToolTip(keyTip("resolution"));
  checkpoint_every_ = new QSpinBox(this);
  checkpoint_every_->setObjectName("checkpointEvery");
  checkpoint_every_->setRange(0, 10000000);
  checkpoint_every_->setSpecialValueText(tr("only at the end"));
  eval_every_ = new QSpinBox(this);
  eval_every_->setObjectName("evalEvery");
  eval_every_->setRange(0, 10000000);
  eval_every_->setSpecialValueText(tr("never"));
  eval_every_->setToolTip(tr("Validation images (and, with metric models, DINO / CLIP-I / CLIP-T) every this many steps. "
                             "Use the checkpoint interval so that the suggested checkpoint can be exported."));
  reg_count_ = new QSpinBox(this);
  reg_count_->setObjectName("regCount");
  reg_count_->setRange(0, 1000000);
  reg_count_->setSpecialValueText(tr("none (no prior preservation)"));
  device_ = new QComboBox(this);
  device_->addItem(tr("Automatic (CUDA when available)"), "auto");
  device_->addItem(tr("CPU"), "cpu");
  device_->addItem(tr("CUDA"), "cuda");
  clip_model_ = new QLineEdit(this);
  clip_model_->setObjectName("clipModel");
  clip_model_->setPlaceholderText(tr("CLIP ViT-B/32 folder (optional)"));
  dino_model_ = new QLineEdit(this);
  dino_model_->setObjectName("dinoModel");
  dino_model_->setPlaceholderText(tr("DINO ViT-S/16 folder or file (optional)"));
  resume_ = new QCheckBox(tr("Continue the existing run from its newest checkpoint"), this);
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
  messages_ = new MessageArea(this);
  status_ = new QLabel(this);
  status_->setObjectName("trainStatus");
  status_->setWordWrap(true);

  auto* model_row = new QHBoxLayout;
  model_row->addWidget(base_model_, 1);
  model_row->addWidget(browse);
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* model_label = new QLabel(tr("Base &model:"), this);
  model_label->setBuddy(base_model_);
  form->addRow(model_label, model_row);
  form->addRow(tr("M&ode:"), mode_);
  form->addRow(tr("Ste&ps:"), steps_);
  form->addRow(tr("&Learning rate:"), lr_);
  form->addRow(tr("Resol&ution:"), resolution_);
  form->addRow(tr("&Checkpoint every:"), checkpoint_every_);
  form->addRow(tr("&Validate every:"), eval_every_);
  form->addRow(tr("Re&gularization images:"), reg_count_);
  form->addRow(tr("&Device:"), device_);
  auto* metrics_box = new QGroupBox(tr("Metric models for the sweep"), this);
  auto* mform = new QFormLayout(metrics_box);
  mform->addRow(tr("CL&IP:"), clip_model_);
  mform->addRow(tr("DI&NO:"), dino_model_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(regset_button_);
  buttons->addWidget(train_button_);
  buttons->addWidget(stop_button_);
  auto* left = new QWidget(this);
  auto* lv = new QVBoxLayout(left);
  lv->setContentsMargins(0, 0, 0, 0);
  lv->addLayout(form);
  lv->addWidget(metrics_box);
  lv->addWidget(resume_);
  lv->addLayout(buttons);
  lv->addWidget(status_);
  lv->addWidget(messages_);
  lv->addStretch(1);
  left->setMinimumWidth(320);

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
  suggestion_ = new QLabel(this);
  suggestion_->setObjectName("suggestion");
  suggestion_->setWordWrap(true);

  grid_ = new QTableWidget(this);
  grid_->setObjectName("validationGrid");
  grid_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  grid_->setSelectionBehavior(QAbstractItemView::SelectRows);
  grid_->setSelectionMode(QAbstractItemView::SingleSelection);
  grid_->setIconSize(QSize(kThumb, kThumb));
  grid_->verticalHeader()->setDefaultSectionSize(kThumb + 8);
  grid_->horizontalHeader()->setDefaultSectionSize(kThumb + 8);
  grid_->setToolTip(tr("A row per validation round, a column per fixed prompt and seed"));

  auto* grid_box = new QWidget(this);
  auto* gv = new QVBoxLayout(grid_box);
  gv->setContentsMargins(0, 0, 0, 0);
  gv->addWidget(grid_, 1);
  auto* export_row = new QHBoxLayout;
  export_row->addWidget(suggestion_, 1);
  export_row->addWidget(export_button_);
  gv->addLayout(export_row);

  auto* charts = new QSplitter(Qt::Horizontal, this);
  charts->addWidget(loss_view);
  charts->addWidget(metric_view);
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(charts);
  right->addWidget(grid_box);
  right->setStretchFactor(1, 1);
  right->setSizes({280, 320});
  right->setChildrenCollapsible(false);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  split->setSizes({380, 760});
  split->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(browse, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Choose a base model"), base_model_->text(),
                                                   tr("Models (model_index.json *.safetensors)"));
    if (f.isEmpty()) return;
    base_model_->setText(QFileInfo(f).fileName() == QLatin1String("model_index.json") ? QFileInfo(f).absolutePath() : f);
    scheduleSave();
  });
  for (QLineEdit* e : {base_model_, lr_, clip_model_, dino_model_}) connect(e, &QLineEdit::editingFinished, this, &TrainTab::scheduleSave);
  for (QSpinBox* s : {steps_, resolution_, checkpoint_every_, eval_every_, reg_count_})
    connect(s, &QSpinBox::valueChanged, this, &TrainTab::scheduleSave);
  for (QComboBox* c : {mode_, device_}) connect(c, &QComboBox::currentIndexChanged, this, &TrainTab::scheduleSave);
  connect(regset_button_, &QPushButton::clicked, this, &TrainTab::generateRegularizationSet);
  connect(train_button_, &QPushButton::clicked, this, &TrainTab::train);
  connect(stop_button_, &QPushButton::clicked, this, &TrainTab::stop);
  connect(export_button_, &QPushButton::clicked, this, &TrainTab::exportSelected);
}

void TrainTab::setDefaultBaseModel(const QString& path) {
  default_base_model_ = path;
  if (base_model_->text().trimmed().isEmpty() && !path.isEmpty()) {
    base_model_->setText(path);
    scheduleSave();
  }
}

fs::path TrainTab::outputDir() const {
  const fs::path out(doc_text(file_settings_, "output_dir"));
  if (out.is_absolute()) return out;
  if (project_->folder().isEmpty()) return {};
  return toPath(project_->folder()) / (out.empty() ? fs::path("training") : out);
}

void TrainTab::adoptFolder() {
  const QString folder = project_->folder();
  const fs::path file = toPath(folder) / olis::jobs::kTrainSettingsFileName;
  if (folder.isEmpty() || fs::exists(file) || (!settings_loaded_ && !settings_folder_.isEmpty())) {
    loadSettings();  // the new folder has its own settings (or the old ones were broken: never carried over)
    reloadRun();
    return;
  }
  // Keep what the form shows; paths that were the old folder's defaults become the new folder's.
  if (!settings_folder_.isEmpty()) {
    const fs::path old_dir = toPath(settings_folder_);
    if (fs::path(doc_text(file_settings_, "output_dir")) == old_dir / "training") file_settings_.erase("output_dir");
    if (fs::path(doc_text(file_settings_, "regularization.manifest")) == old_dir / "regularization.jsonl")
      file_settings_.erase("regularization.manifest");
  }
  settings_folder_ = folder;
  settings_loaded_ = true;
  QString error;
  if (!saveSettings(&error) && !error.isEmpty()) messages_->showMessages({{UiMessage::Level::Error, error}});
  reloadRun();
}

void TrainTab::loadSettings() {
  save_timer_->stop();
  loading_ = true;
  settings_loaded_ = false;
  settings_folder_ = project_->folder();
  settings_mtime_ = {};
  file_settings_ = TrainSettingsDoc{};
  messages_->clear();
  const QString folder = project_->folder();
  if (!folder.isEmpty()) {
    const fs::path file = toPath(folder) / olis::jobs::kTrainSettingsFileName;
    if (fs::exists(file)) {
      auto s = olis::jobs::read_train_settings_doc(file);
      if (s) {
        file_settings_ = std::move(*s);
        settings_loaded_ = true;
        settings_mtime_ = fs::last_write_time(file);
      } else {
        // Never overwrite a file that did not parse: the user's text stays until they fix it.
        messages_->showMessages({{UiMessage::Level::Error,
                                  tr("%1 (fix the file; Olis will not overwrite it)").arg(QString::fromStdString(s.error().message()))}});
      }
    } else {
      if (!default_base_model_.isEmpty()) (void)file_settings_.set("base_model", default_base_model_.toStdString());
      settings_loaded_ = true;
    }
  }
  const auto& d = file_settings_;
  base_model_->setText(native(doc_text(d, "base_model")));
  mode_->setCurrentIndex(std::max(0, mode_->findData(QString::fromStdString(doc_text(d, "mode")))));
  steps_->setValue(static_cast<int>(doc_int(d, "steps", 0)));
  lr_->setText(d.has("lr") ? QString::number(doc_number(d, "lr", 0), 'g', 12) : QString());
  resolution_->setValue(static_cast<int>(doc_int(d, "resolution", 0)));
  checkpoint_every_->setValue(static_cast<int>(doc_int(d, "checkpoint_every", 500)));
  eval_every_->setValue(static_cast<int>(doc_int(d, "eval_every", 0)));
  reg_count_->setValue(static_cast<int>(doc_int(d, "regularization.count", 2000)));
  const QString device = QString::fromStdString(d.has("device") ? doc_text(d, "device") : std::string("auto"));
  int di = device_->findData(device);
  if (di < 0 && !device.isEmpty()) {  // e.g. cuda:1: shown and kept as it is
    device_->addItem(device, device);
    di = device_->count() - 1;
  }
  device_->setCurrentIndex(di >= 0 ? di : 0);
  clip_model_->setText(native(doc_text(d, "metrics.clip")));
  dino_model_->setText(native(doc_text(d, "metrics.dino")));
  loading_ = false;
}

TrainSettingsDoc TrainTab::formSettings(QString* error) const {
  TrainSettingsDoc d = file_settings_;
  // A field at its default leaves the key out (unless the file sets it): the family's default applies.
  auto put = [&](const std::string& key, const SettingValue& v, bool is_default) {
    const bool empty = std::holds_alternative<std::string>(v) && std::get<std::string>(v).empty();
    if (is_default && (!d.has(key) || empty || key == "mode" || key == "steps" || key == "lr" || key == "resolution")) {
      d.erase(key);
      return;
    }
    if (auto ok = d.set(key, v); !ok && error && error->isEmpty()) *error = QString::fromStdString(ok.error().message());
  };
  const std::string model = base_model_->text().trimmed().toStdString();
  put("base_model", model, model.empty());
  const QString mode = mode_->currentData().toString();
  put("mode", mode.toStdString(), mode.isEmpty());
  put("steps", int64_t{steps_->value()}, steps_->value() == 0);
  bool ok = false;
  const QString lr_text = lr_->text().trimmed();
  double lr = lr_text.toDouble(&ok);
  if (!ok) lr = QLocale().toDouble(lr_text, &ok);
  if (!lr_text.isEmpty() && !ok && error && error->isEmpty()) *error = tr("The learning rate '%1' is not a number.").arg(lr_text);
  put("lr", ok ? lr : 0.0, lr_text.isEmpty() || !ok);
  put("resolution", int64_t{resolution_->value()}, resolution_->value() == 0);
  put("checkpoint_every", int64_t{checkpoint_every_->value()}, checkpoint_every_->value() == 500);
  put("eval_every", int64_t{eval_every_->value()}, eval_every_->value() == 0);
  put("regularization.count", int64_t{reg_count_->value()}, reg_count_->value() == 2000);
  const std::string device = device_->currentData().toString().toStdString();
  put("device", device, device == "auto");
  const std::string clip = clip_model_->text().trimmed().toStdString(), dino = dino_model_->text().trimmed().toStdString();
  put("metrics.clip", clip, clip.empty());
  put("metrics.dino", dino, dino.empty());
  // Paths at their defaults stay implicit, so that the project folder can move.
  const QString folder = project_->folder();
  if (!folder.isEmpty()) {
    const fs::path dir = toPath(folder);
    if (fs::path(doc_text(d, "output_dir")) == dir / "training") d.erase("output_dir");
    if (fs::path(doc_text(d, "regularization.manifest")) == dir / "regularization.jsonl") d.erase("regularization.manifest");
  }
  return d;
}

void TrainTab::scheduleSave() {
  if (!loading_) save_timer_->start();
}

bool TrainTab::saveSettings(QString* error) {
  const QString folder = project_->folder();
  if (folder.isEmpty() || !settings_loaded_ || folder != settings_folder_) return false;
  const fs::path file = toPath(folder) / olis::jobs::kTrainSettingsFileName;
  std::error_code ec;
  if (fs::exists(file, ec) && fs::last_write_time(file, ec) != settings_mtime_) {
    // Edited outside Olis since it was read: keys the form does not show come from the file as it is now.
    auto now = olis::jobs::read_train_settings_doc(file);
    if (!now) {
      *error = tr("%1 (fix the file; Olis will not overwrite it)").arg(QString::fromStdString(now.error().message()));
      settings_loaded_ = false;
      return false;
    }
    file_settings_ = std::move(*now);
  }
  QString invalid;
  const auto s = formSettings(&invalid);
  if (!invalid.isEmpty()) {  // the file's own sentence for a value it would refuse ("resolution is 100, ...")
    *error = invalid;
    return false;
  }
  if (!s.has("base_model")) return false;  // parse would refuse the file; wait for a model
  if (auto ok = olis::jobs::save_train_settings(file, s); !ok) {
    *error = QString::fromStdString(ok.error().message());
    return false;
  }
  auto back = olis::jobs::read_train_settings_doc(file);
  if (back) file_settings_ = std::move(*back);
  settings_mtime_ = fs::last_write_time(file, ec);
  return true;
}

bool TrainTab::prepareRun() {
  messages_->clear();
  if (job_id_ != 0) return false;
  if (project_->folder().isEmpty()) {
    messages_->showMessages({{UiMessage::Level::Warning,
                              tr("Save the project first (File ▸ Save As…): training reads its photos and settings "
                                 "from the project folder.")}});
    return false;
  }
  {
    const fs::path file = toPath(project_->folder()) / olis::jobs::kTrainSettingsFileName;
    std::error_code ec;
    if (fs::exists(file, ec) && fs::last_write_time(file, ec) != settings_mtime_) {
      loadSettings();  // edited by hand: the run uses the file as it is now
      if (settings_loaded_)
        messages_->showMessages({{UiMessage::Level::Info,
                                  tr("%1 changed outside Olis; the form shows it as it is now.").arg(native(file))}});
    }
  }
  if (!settings_loaded_) {
    messages_->showMessages({{UiMessage::Level::Error,
                              tr("%1 could not be read; fix it first.")
                                  .arg(QDir::toNativeSeparators(QDir(project_->folder()).filePath(olis::jobs::kTrainSettingsFileName)))}});
    return false;
  }
  if (base_model_->text().trimmed().isEmpty()) {
    messages_->showMessages({{UiMessage::Level::Warning, tr("Choose a base model (a diffusers folder or a .safetensors file).")}});
    return false;
  }
  if (project_->photoCount() == 0) {
    messages_->showMessages({{UiMessage::Level::Warning, tr("Add 4 to 6 photos of the subject first.")}});
    return false;
  }
  QString error;
  if (project_->isDirty() && !project_->save(&error)) {
    messages_->showMessages({{UiMessage::Level::Error, error}});
    return false;
  }
  save_timer_->stop();
  if (!saveSettings(&error)) {
    messages_->showMessages({{UiMessage::Level::Error, error.isEmpty() ? tr("The training settings could not be saved.") : error}});
    return false;
  }
  return true;
}

void TrainTab::launch(olis::jobs::ProjectJobOptions options, const QString& title) {
  metrics_seen_ = false;
  job_task_ = options.task;
  auto job = std::make_shared<olis::jobs::ProjectJob>(toPath(project_->folder()), std::move(options));
  setBusy(true);
  status_->setText(tr("Queued: %1").arg(title));
  job_messages_.clear();
  job_id_ = engine_->enqueue(job, title);
}

void TrainTab::generateRegularizationSet() {
  if (!prepareRun()) return;
  olis::jobs::ProjectJobOptions o;
  o.task = olis::jobs::ProjectTask::RegularizationSet;
  launch(o, tr("Generate %n regularization image(s)", nullptr, reg_count_->value()));
}

void TrainTab::train() {
  if (!prepareRun()) return;
  const fs::path ckpts = outputDir() / "checkpoints";
  const bool has_run = !olis::training::list_checkpoints(ckpts).empty();
  if (has_run && !resume_->isChecked()) {
    messages_->showMessages({{UiMessage::Level::Warning,
                              tr("%1 holds checkpoints of an earlier run. Tick “Continue the existing run”, or "
                                 "remove that folder to start over.").arg(native(ckpts))}});
    return;
  }
  olis::jobs::ProjectJobOptions o;
  o.task = olis::jobs::ProjectTask::Training;
  o.train.resume = has_run && resume_->isChecked();
  if (!o.train.resume) {
    loss_->clear();
    smoothed_->clear();
    max_loss_ = 0;
  }
  const QString folder = project_->folder();
  o.train.on_metrics = [this, folder](const olis::jobs::TrainMetrics& m) {
    // On the engine thread: hand a copy to the UI thread, which ignores it once another project is open.
    QMetaObject::invokeMethod(
        this, [this, m, folder] { if (project_->folder() == folder) onMetrics(m); }, Qt::QueuedConnection);
  };
  launch(o, o.train.resume ? tr("Resume training") : tr("Train"));
}

void TrainTab::stop() {
  if (job_id_ != 0) engine_->cancel(job_id_);
}

void TrainTab::exportSelected() {
  messages_->clear();
  if (job_id_ != 0 || project_->folder().isEmpty()) return;
  std::optional<int64_t> step;
  const auto rows = grid_->selectionModel() ? grid_->selectionModel()->selectedRows() : QModelIndexList();
  if (!rows.isEmpty()) {
    auto* header = grid_->verticalHeaderItem(rows.front().row());
    if (header) step = header->data(kStepRole).toLongLong();
  } else {
    step = suggested_;
  }
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
                     static_cast<QWidget*>(export_button_)})
    w->setEnabled(!busy);
  stop_button_->setEnabled(busy);
}

void TrainTab::appendLoss(int64_t step, double loss, double smoothed) {
  // A resumed run redoes the steps after its checkpoint: drop what the plot holds from there on.
  while (loss_->count() > 0 && loss_->at(loss_->count() - 1).x() >= static_cast<double>(step)) {
    loss_->remove(loss_->count() - 1);
    if (smoothed_->count() > 0) smoothed_->remove(smoothed_->count() - 1);
  }
  loss_->append(static_cast<double>(step), loss);
  smoothed_->append(static_cast<double>(step), smoothed);
  if (std::isfinite(loss)) max_loss_ = std::max(max_loss_, loss);
}

void TrainTab::fitLossAxes() {
  const double last = loss_->count() > 0 ? loss_->at(loss_->count() - 1).x() : 1.0;
  loss_x_->setRange(0, std::max(1.0, last));
  loss_y_->setRange(0, max_loss_ > 0 ? max_loss_ * 1.05 : 1.0);
  loss_y_->applyNiceNumbers();
}

void TrainTab::onMetrics(const olis::jobs::TrainMetrics& m) {
  metrics_seen_ = true;
  QString text = tr("Step %1 of %2 · loss %3 (smoothed %4) · lr %5 · %6 it/s")
                     .arg(m.step).arg(m.total)
                     .arg(m.loss, 0, 'f', 4).arg(m.smoothed_loss, 0, 'f', 4)
                     .arg(m.lr, 0, 'g', 3).arg(m.it_per_second, 0, 'f', 2);
  if (m.eta_seconds >= 0) text += tr(" · about %1 s left").arg(qRound(m.eta_seconds));
  status_->setText(text);
  appendLoss(m.step, m.loss, m.smoothed_loss);
  fitLossAxes();
  if (!m.validation_images.empty()) loadSweep();
}

void TrainTab::reloadRun() {
  loss_->clear();
  smoothed_->clear();
  max_loss_ = 0;
  const fs::path out = outputDir();
  if (!out.empty()) {
    std::ifstream in(out / "metrics.jsonl");
    QList<QPointF> raw, smooth;
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("step") || !j["step"].is_number()) continue;
      // A step whose loss was not finite is written as null: plotted as NaN (a gap), never a crash.
      auto number = [&j](const char* key) {
        auto it = j.find(key);
        return it != j.end() && it->is_number() ? it->get<double>() : std::numeric_limits<double>::quiet_NaN();
      };
      const double step = j["step"].get<double>(), loss = number("loss");
      const double smoothed = j.contains("smoothed_loss") ? number("smoothed_loss") : loss;
      raw.append(QPointF(step, loss));
      smooth.append(QPointF(step, smoothed));
      if (std::isfinite(loss)) max_loss_ = std::max(max_loss_, loss);
    }
    loss_->replace(raw);
    smoothed_->replace(smooth);
  }
  fitLossAxes();
  loadSweep();
  const auto checkpoints = out.empty() ? std::vector<olis::training::CheckpointRef>{}
                                       : olis::training::list_checkpoints(out / "checkpoints");
  const bool has_run = !checkpoints.empty();
  resume_->setEnabled(has_run);
  resume_->setChecked(has_run);
  if (job_id_ == 0) status_->setText(has_run ? tr("Newest checkpoint: step %1").arg(checkpoints.back().step) : QString());
}

olis::Expected<std::vector<olis::eval::CheckpointMetrics>> TrainTab::readSweep() const {
  const fs::path out = outputDir();
  if (out.empty()) return std::vector<olis::eval::CheckpointMetrics>{};
  return olis::eval::read_metrics_log(out / "checkpoints" / olis::eval::kMetricsLogName);
}

void TrainTab::loadSweep() {
  const auto records = readSweep();
  loadMetricCurves(records);  // first: the grid marks the suggested step
  loadValidationGrid(records ? *records : std::vector<olis::eval::CheckpointMetrics>{});
}

void TrainTab::loadMetricCurves(const olis::Expected<std::vector<olis::eval::CheckpointMetrics>>& records) {
  dino_->clear();
  clip_i_->clear();
  clip_t_->clear();
  best_marker_->clear();
  suggested_.reset();
  suggestion_->clear();
  const fs::path out = outputDir();
  if (out.empty()) return;
  const fs::path ckpts = out / "checkpoints";
  if (!records) {
    suggestion_->setText(QString::fromStdString(records.error().message()));
    return;
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
  metric_x_->setRange(0, last);
  metric_y_->setRange(lo, hi);
  metric_y_->applyNiceNumbers();
  if (records->empty()) {
    suggestion_->setText(file_settings_.has("metrics.clip") || file_settings_.has("metrics.dino")
                             ? tr("The metric curves appear after the first validation round.")
                             : tr("No metric models are set: choose CLIP and DINO folders to get the metric curves "
                                  "and a suggested checkpoint."));
    return;
  }
  olis::eval::BestCheckpointRule rule{doc_number(file_settings_, "metrics.clip_t_margin", 0.01)};
  if (auto best = olis::eval::suggest_existing_checkpoint(*records, ckpts, rule)) {
    const auto& b = *best;
    suggested_ = b.step;
    best_marker_->append(static_cast<double>(b.step), std::isnan(b.dino) ? b.clip_i : b.dino);
    const bool any_clip_t = std::any_of(records->begin(), records->end(), [](const auto& r) { return !std::isnan(r.clip_t); });
    if (any_clip_t)
      suggestion_->setText(tr("Suggested checkpoint: step %1 (DINO %2, CLIP-I %3, CLIP-T %4): the best DINO among the "
                              "checkpoints whose CLIP-T is within %5 of the best.")
                               .arg(b.step).arg(score(b.dino), score(b.clip_i), score(b.clip_t))
                               .arg(rule.clip_t_margin));
    else
      suggestion_->setText(tr("Suggested checkpoint: step %1 (DINO %2, CLIP-I %3): the best DINO. CLIP-T is not "
                              "measured (the CLIP folder has no text tower), so prompt following is not weighed.")
                               .arg(b.step).arg(score(b.dino), score(b.clip_i)));
  } else {
    suggestion_->setText(tr("No checkpoint can be suggested yet (no scored validation round has a checkpoint)."));
  }
}

void TrainTab::loadValidationGrid(const std::vector<olis::eval::CheckpointMetrics>& records) {
  grid_->clear();
  grid_->setRowCount(0);
  grid_->setColumnCount(0);
  grid_cells_.clear();
  const fs::path out = outputDir();
  if (out.empty()) return;
  const fs::path vdir = out / "validation";
  std::error_code ec;
  if (!fs::is_directory(vdir, ec)) return;
  std::map<int64_t, fs::path> rounds;
  for (const auto& e : fs::directory_iterator(vdir, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory() || name.rfind("step-", 0) != 0) continue;
    try {
      rounds[std::stoll(name.substr(5))] = e.path();
    } catch (const std::exception&) {
    }
  }
  std::map<int64_t, olis::eval::CheckpointMetrics> scored;
  for (const auto& r : records) scored[r.step] = r;
  const fs::path ckpts = out / "checkpoints";
  const qreal dpr = devicePixelRatioF();
  int columns = 0;
  for (const auto& [step, dir] : rounds) {
    // prompts.tsv: NN.png <tab> seed <tab> prompt
    std::vector<std::pair<std::string, std::string>> images;  // file, "seed N: prompt"
    std::ifstream tsv(dir / "prompts.tsv");
    std::string line;
    while (std::getline(tsv, line)) {
      const auto a = line.find('\t'), b = line.find('\t', a == std::string::npos ? a : a + 1);
      if (a == std::string::npos || b == std::string::npos) continue;
      images.emplace_back(line.substr(0, a), "seed " + line.substr(a + 1, b - a - 1) + ": " + line.substr(b + 1));
    }
    const int row = grid_->rowCount();
    grid_->insertRow(row);
    const bool has_ckpt = fs::exists(olis::training::checkpoint_path(ckpts, step));
    QString head = tr("step %1").arg(step);
    if (has_ckpt) head += QLatin1Char('\n') + tr("checkpoint");
    if (suggested_ && *suggested_ == step) head += QStringLiteral(" ★");
    auto* header = new QTableWidgetItem(head);
    header->setData(kStepRole, static_cast<qlonglong>(step));
    if (auto it = scored.find(step); it != scored.end())
      header->setToolTip(tr("DINO %1, CLIP-I %2, CLIP-T %3")
                             .arg(score(it->second.dino), score(it->second.clip_i), score(it->second.clip_t)));
    grid_->setVerticalHeaderItem(row, header);
    if (static_cast<int>(images.size()) > columns) {
      columns = static_cast<int>(images.size());
      grid_->setColumnCount(columns);
    }
    for (int c = 0; c < static_cast<int>(images.size()); ++c) {
      const QString path = QString::fromStdString((dir / images[c].first).string());
      auto* item = new QTableWidgetItem;
      item->setToolTip(QString::fromStdString(images[c].second));
      item->setData(Qt::UserRole, path);
      const QImage cached = thumbnails_->cached(path, QSize(kThumb, kThumb), dpr);
      if (!cached.isNull()) {
        item->setIcon(QIcon(QPixmap::fromImage(cached)));
      } else {
        grid_cells_.insert(path, QPoint(c, row));
        thumbnails_->request(path, QSize(kThumb, kThumb), dpr);
      }
      grid_->setItem(row, c, item);
      if (row == 0) {
        auto* col = new QTableWidgetItem(QString::number(c + 1));
        col->setToolTip(QString::fromStdString(images[c].second));
        grid_->setHorizontalHeaderItem(c, col);
      }
    }
  }
  if (grid_->rowCount() > 0) grid_->scrollToBottom();
}

void TrainTab::onThumbnail(const QString& path, const QImage& image) {
  auto it = grid_cells_.find(path);
  if (it == grid_cells_.end()) return;
  if (auto* item = grid_->item(it->y(), it->x()); item && item->data(Qt::UserRole).toString() == path)
    item->setIcon(QIcon(QPixmap::fromImage(image)));
  grid_cells_.erase(it);
}

int TrainTab::rowOfStep(int64_t step) const {
  for (int r = 0; r < grid_->rowCount(); ++r)
    if (auto* h = grid_->verticalHeaderItem(r); h && h->data(kStepRole).toLongLong() == step) return r;
  return -1;
}

}  // namespace olis::ui
