#include "ui/train_form.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <variant>

#include "core/jobs/train_settings_keys.h"
#include "ui/model_picker.h"
#include "ui/project_controller.h"
#include "ui/setting_tips.h"

namespace olis::ui {

namespace fs = std::filesystem;
using olis::jobs::SettingValue;
using olis::jobs::TrainSettingsDoc;

namespace {

QString native(const fs::path& p) { return QDir::toNativeSeparators(QString::fromStdString(p.string())); }
fs::path toPath(const QString& s) { return fs::path(s.trimmed().toStdString()); }

// The defaults of the keys the family does not decide (checkpoint_every, regularization.count, ...).
const olis::jobs::TrainSettings& plainDefaults() {
  static const olis::jobs::TrainSettings defaults;
  return defaults;
}

// Form fields whose default value stands for "the family's default": at the default, the key always goes.
bool familyDecides(const std::string& key) {
  return key == "mode" || key == "steps" || key == "lr" || key == "resolution";
}

}  // namespace

std::string docText(const TrainSettingsDoc& d, const std::string& key) {
  auto it = d.values.find(key);
  return it == d.values.end() ? std::string() : olis::jobs::format_setting_value(it->second);
}

int64_t docInt(const TrainSettingsDoc& d, const std::string& key, int64_t fallback) {
  auto it = d.values.find(key);
  return it != d.values.end() && std::holds_alternative<int64_t>(it->second) ? std::get<int64_t>(it->second) : fallback;
}

double docNumber(const TrainSettingsDoc& d, const std::string& key, double fallback) {
  auto it = d.values.find(key);
  if (it == d.values.end()) return fallback;
  if (std::holds_alternative<double>(it->second)) return std::get<double>(it->second);
  if (std::holds_alternative<int64_t>(it->second)) return static_cast<double>(std::get<int64_t>(it->second));
  return fallback;
}

TrainForm::TrainForm(ProjectController* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName("TrainForm");
  save_timer_ = new QTimer(this);
  save_timer_->setSingleShot(true);
  save_timer_->setInterval(400);
  connect(save_timer_, &QTimer::timeout, this, [this] {
    QString error;
    if (saveSettings(&error)) {
      if (save_problem_shown_) Q_EMIT problem({});  // fixed: the message goes
      save_problem_shown_ = false;
    } else if (!error.isEmpty()) {
      save_problem_shown_ = true;
      Q_EMIT problem({{UiMessage::Level::Error, error}});
    }
  });
  buildUi();
  connect(project_, &ProjectController::projectReplaced, this, &TrainForm::loadSettings);
  connect(project_, &ProjectController::saved, this, [this] {
    // First save of a new project, or Save As into another folder: the settings follow the project.
    if (project_->folder() != settings_folder_) adoptFolder();
  });
  loadSettings();
}

void TrainForm::buildUi() {
  base_model_ = new ModelPicker(ModelRole::BaseModel, this);
  base_model_->lineEdit()->setObjectName("baseModel");
  mode_ = new QComboBox(this);
  mode_->setObjectName("mode");
  // No data: the key stays out of the file and the base model's family decides.
  mode_->addItem(tr("The paper's for the model"), QString());
  mode_->setItemData(0, tr("The paper's setting for the base model: SD 1.x/2.x: full fine-tune, SDXL: LoRA "
                           "(LoRA for every model with memory_profile 12gb)."), Qt::ToolTipRole);
  mode_->addItem(tr("LoRA, rank 32"), "lora");
  mode_->setItemData(1, tr("LoRA rank 32 on the UNet and both text encoders, plus the identifier's embeddings: the "
                           "paper's SDXL setting. Small files, quick to train."), Qt::ToolTipRole);
  mode_->addItem(tr("Full fine-tune"), "full");
  mode_->setItemData(2, tr("Every weight of the UNet and the text encoder is trained: the paper's SD setting. Needs "
                           "much more memory."), Qt::ToolTipRole);
  mode_->setToolTip(settingTip("mode"));
  steps_ = new QSpinBox(this);
  steps_->setObjectName("steps");
  steps_->setRange(0, 10000000);
  steps_->setToolTip(settingTip("steps"));
  lr_ = new QLineEdit(this);
  lr_->setObjectName("learningRate");
  lr_->setToolTip(settingTip("lr"));
  auto* lr_validator = new QDoubleValidator(0.0, 1.0, 12, lr_);
  lr_validator->setNotation(QDoubleValidator::ScientificNotation);
  lr_->setValidator(lr_validator);
  resolution_ = new QSpinBox(this);
  resolution_->setObjectName("resolution");
  resolution_->setRange(0, 2048);
  resolution_->setSingleStep(64);
  resolution_->setSuffix(tr(" px"));
  resolution_->setSpecialValueText(tr("the model's"));
  resolution_->setToolTip(settingTip("resolution"));
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
  reg_count_->setSpecialValueText(tr("none"));
  reg_count_->setToolTip(tr("Images of the class, generated by the base model, that keep it from forgetting what "
                            "other members of the class look like (prior preservation; the paper uses 2000). "
                            "0: no prior preservation."));
  device_ = new QComboBox(this);
  device_->addItem(tr("Automatic"), "auto");
  device_->setItemData(0, tr("CUDA when a GPU is available, else the CPU"), Qt::ToolTipRole);
  device_->addItem(tr("CPU"), "cpu");
  device_->addItem(tr("CUDA"), "cuda");
  clip_model_ = new ModelPicker(ModelRole::Clip, this);
  clip_model_->lineEdit()->setObjectName("clipModel");
  clip_model_->setPlaceholderText(tr("CLIP folder with both towers (optional)"));
  clip_model_->setToolTip(tr("A CLIP model folder such as openai/clip-vit-base-patch32: its vision tower gives "
                             "CLIP-I, its text tower CLIP-T."));
  clip_text_note_ = new QLabel(this);
  clip_text_note_->setObjectName("clipTextNote");
  clip_text_note_->setWordWrap(true);
  clip_text_note_->hide();
  dino_model_ = new ModelPicker(ModelRole::Dino, this);
  dino_model_->lineEdit()->setObjectName("dinoModel");
  dino_model_->setPlaceholderText(tr("DINO ViT-S/16 folder or file (optional)"));

  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);  // a narrow panel puts labels above their fields
  auto* model_label = new QLabel(tr("Base &model:"), this);
  model_label->setBuddy(base_model_->lineEdit());
  form->addRow(model_label, base_model_);
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
  mform->setRowWrapPolicy(QFormLayout::WrapLongRows);
  auto* clip_label = new QLabel(tr("CL&IP:"), this);
  clip_label->setBuddy(clip_model_->lineEdit());
  mform->addRow(clip_label, clip_model_);
  mform->addRow(QString(), clip_text_note_);
  auto* dino_label = new QLabel(tr("DI&NO:"), this);
  dino_label->setBuddy(dino_model_->lineEdit());
  mform->addRow(dino_label, dino_model_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(form);
  layout->addWidget(metrics_box);

  connect(base_model_, &ModelPicker::pathEdited, this, [this](const QString& path) {
    project_->setBaseModel(path);
    scheduleSave();
  });
  connect(project_, &ProjectController::baseModelChanged, this, [this](const QString& path) {
    if (path == base_model_->path()) return;
    base_model_->setPath(path);  // chosen in Settings: this project's settings file follows
    scheduleSave();
  });
  for (ModelPicker* m : {clip_model_, dino_model_}) connect(m, &ModelPicker::pathEdited, this, &TrainForm::scheduleSave);
  connect(lr_, &QLineEdit::editingFinished, this, &TrainForm::scheduleSave);
  for (QSpinBox* s : {steps_, resolution_, checkpoint_every_, eval_every_, reg_count_})
    connect(s, &QSpinBox::valueChanged, this, &TrainForm::scheduleSave);
  for (QComboBox* c : {mode_, device_}) connect(c, &QComboBox::currentIndexChanged, this, &TrainForm::scheduleSave);
  connect(mode_, &QComboBox::currentIndexChanged, this, &TrainForm::updateDefaultsText);
  updateDefaultsText();
}

void TrainForm::updateDefaultsText() {
  // The special value shows what "default" means for the chosen mode, short enough for a narrow panel.
  const QString mode = mode_->currentData().toString();
  if (mode.isEmpty()) {  // the family decides the mode, and the mode the steps and the learning rate
    steps_->setSpecialValueText(tr("paper default"));  // the tooltip says which (4000 full, 8000 LoRA)
    lr_->setPlaceholderText(tr("paper default (2e-6 full, 1e-4 LoRA)"));
    return;
  }
  const bool full = mode == QLatin1String("full");
  steps_->setSpecialValueText(full ? tr("paper default (4000)") : tr("paper default (8000)"));
  lr_->setPlaceholderText(full ? tr("paper default (2e-6)") : tr("paper default (1e-4)"));
}

void TrainForm::setDefaultBaseModel(const QString& path) {
  default_base_model_ = path;
  if (base_model_->path().isEmpty() && !path.isEmpty()) {
    base_model_->setPath(path);
    project_->setBaseModel(path);
    scheduleSave();
  }
}

fs::path TrainForm::outputDir() const {
  // As the file says it: relative paths are relative to the project folder (the settings file's).
  const fs::path out(docText(file_settings_, "output_dir"));
  if (out.is_absolute()) return out;
  if (project_->folder().isEmpty()) return {};
  return toPath(project_->folder()) / (out.empty() ? fs::path("training") : out);
}

void TrainForm::adoptFolder() {
  const QString folder = project_->folder();
  const fs::path file = toPath(folder) / olis::jobs::kTrainSettingsFileName;
  if (folder.isEmpty() || fs::exists(file) || (!settings_loaded_ && !settings_folder_.isEmpty())) {
    loadSettings();  // the new folder has its own settings (or the old ones were broken: never carried over)
    return;
  }
  // Keep what the form shows; paths that were the old folder's defaults become the new folder's.
  if (!settings_folder_.isEmpty()) {
    const fs::path old_dir = toPath(settings_folder_);
    if (fs::path(docText(file_settings_, "output_dir")) == old_dir / "training") file_settings_.erase("output_dir");
    if (fs::path(docText(file_settings_, "regularization.manifest")) == old_dir / "regularization.jsonl")
      file_settings_.erase("regularization.manifest");
  }
  settings_folder_ = folder;
  settings_loaded_ = true;
  QString error;
  if (!saveSettings(&error) && !error.isEmpty()) Q_EMIT problem({{UiMessage::Level::Error, error}});
  Q_EMIT reloaded();
}

void TrainForm::loadSettings() {
  save_timer_->stop();
  loading_ = true;
  settings_loaded_ = false;
  settings_folder_ = project_->folder();
  settings_mtime_ = {};
  file_settings_ = TrainSettingsDoc{};
  save_problem_shown_ = false;
  UiMessages messages;
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
        messages.push_back({UiMessage::Level::Error, tr("%1 (fix the file; Olis will not overwrite it)")
                                                         .arg(QString::fromStdString(s.error().message()))});
      }
    } else {
      if (!default_base_model_.isEmpty()) (void)file_settings_.set("base_model", default_base_model_.toStdString());
      settings_loaded_ = true;
    }
  }
  // Keys the file leaves out show the field's default (the family's, for mode, steps, lr and resolution).
  const auto& d = file_settings_;
  base_model_->setPath(native(docText(d, "base_model")));
  project_->setBaseModel(base_model_->path());
  mode_->setCurrentIndex(std::max(0, mode_->findData(QString::fromStdString(docText(d, "mode")))));
  steps_->setValue(static_cast<int>(docInt(d, "steps", 0)));
  lr_->setText(d.has("lr") ? QString::number(docNumber(d, "lr", 0), 'g', 12) : QString());
  resolution_->setValue(static_cast<int>(docInt(d, "resolution", 0)));
  checkpoint_every_->setValue(static_cast<int>(docInt(d, "checkpoint_every", plainDefaults().checkpoint_every)));
  eval_every_->setValue(static_cast<int>(docInt(d, "eval_every", plainDefaults().eval_every)));
  reg_count_->setValue(static_cast<int>(docInt(d, "regularization.count", plainDefaults().regularization.count)));
  const QString device = QString::fromStdString(d.has("device") ? docText(d, "device") : plainDefaults().device);
  int di = device_->findData(device);
  if (di < 0 && !device.isEmpty()) {  // e.g. cuda:1: shown and kept as it is
    device_->addItem(device, device);
    di = device_->count() - 1;
  }
  device_->setCurrentIndex(di >= 0 ? di : 0);
  clip_model_->setPath(native(docText(d, "metrics.clip")));
  dino_model_->setPath(native(docText(d, "metrics.dino")));
  // CLIP-T from another folder than the CLIP one (clip_text / tokenizer in the file): say so, since the form has
  // no field for it and the CLIP folder's own detection would say "no text tower".
  const std::string clip_text = docText(d, "metrics.clip_text");
  clip_text_note_->setVisible(!clip_text.empty());
  clip_model_->setShowNotes(clip_text.empty());
  clip_text_note_->setText(tr("CLIP-T uses the text tower in %1 (clip_text in training.olis.yaml).").arg(native(clip_text)));
  loading_ = false;
  Q_EMIT problem(messages);
  Q_EMIT reloaded();
}

TrainSettingsDoc TrainForm::formSettings(QString* error) const {
  TrainSettingsDoc d = file_settings_;
  // A field at its default leaves the key out (unless the file sets it, e.g. checkpoint_every: 500 written by
  // hand): the table's or the family's default applies.
  auto put = [&](const std::string& key, const SettingValue& v, bool is_default) {
    const bool empty = std::holds_alternative<std::string>(v) && std::get<std::string>(v).empty();
    if (is_default && (!d.has(key) || empty || familyDecides(key))) {
      d.erase(key);
      return;
    }
    if (auto ok = d.set(key, v); !ok && error && error->isEmpty()) *error = QString::fromStdString(ok.error().message());
  };
  const std::string model = base_model_->path().trimmed().toStdString();
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
  const auto& plain = plainDefaults();
  put("checkpoint_every", int64_t{checkpoint_every_->value()}, checkpoint_every_->value() == plain.checkpoint_every);
  put("eval_every", int64_t{eval_every_->value()}, eval_every_->value() == plain.eval_every);
  put("regularization.count", int64_t{reg_count_->value()}, reg_count_->value() == plain.regularization.count);
  const std::string device = device_->currentData().toString().toStdString();
  put("device", device, device == plain.device);
  const std::string clip = clip_model_->path().trimmed().toStdString(), dino = dino_model_->path().trimmed().toStdString();
  put("metrics.clip", clip, clip.empty());
  put("metrics.dino", dino, dino.empty());
  // Paths at their defaults stay implicit, so that the project folder can move.
  const QString folder = project_->folder();
  if (!folder.isEmpty()) {
    const fs::path dir = toPath(folder);
    if (fs::path(docText(d, "output_dir")) == dir / "training") d.erase("output_dir");
    if (fs::path(docText(d, "regularization.manifest")) == dir / "regularization.jsonl") d.erase("regularization.manifest");
  }
  return d;
}

olis::jobs::MetricModelSettings TrainForm::metricModels() const {
  // Through the table's own setters, so that paths resolve as the run resolves them.
  olis::jobs::TrainSettings s;
  const fs::path dir = project_->folder().isEmpty() ? fs::path() : toPath(project_->folder());
  for (const auto& [key, value] : formSettings().values)
    if (key.rfind("metrics.", 0) == 0)
      if (const auto* k = olis::jobs::find_train_setting(key); k && k->set) k->set(s, value, dir);
  return s.metrics;
}

void TrainForm::scheduleSave() {
  if (loading_) return;
  save_timer_->start();
  Q_EMIT settingsChanged();
}

bool TrainForm::saveSettings(QString* error) {
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
  if (!invalid.isEmpty()) {  // the table's own sentence for a value it would refuse ("resolution is 100, ...")
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

bool TrainForm::prepareForRun(UiMessages* messages) {
  const fs::path file = toPath(project_->folder()) / olis::jobs::kTrainSettingsFileName;
  std::error_code ec;
  if (fs::exists(file, ec) && fs::last_write_time(file, ec) != settings_mtime_) {
    loadSettings();  // edited by hand: the run uses the file as it is now
    if (settings_loaded_)
      messages->push_back({UiMessage::Level::Info, tr("%1 changed outside Olis; the form shows it as it is now.").arg(native(file))});
  }
  if (!settings_loaded_) {
    messages->push_back({UiMessage::Level::Error, tr("%1 could not be read; fix it first.").arg(native(file))});
    return false;
  }
  if (base_model_->path().isEmpty()) {
    messages->push_back({UiMessage::Level::Warning, tr("Choose a base model (a diffusers folder or a .safetensors file).")});
    return false;
  }
  save_timer_->stop();
  QString error;
  if (!saveSettings(&error)) {
    messages->push_back({UiMessage::Level::Error, error.isEmpty() ? tr("The training settings could not be saved.") : error});
    return false;
  }
  return true;
}

}  // namespace olis::ui
