#pragma once
// The Train tab's settings form and its file, training.olis.yaml beside project.olis.yaml. The form edits the
// file's document (core/jobs/train_settings.h: only the keys the file sets): a field left at its default
// leaves its key out, so that the base model's family decides (SD 1.x/2.x: full, 4000 steps, lr 2e-6; SDXL:
// LoRA, 8000, 1e-4). Keys without a field survive the form's saves; a value the settings table refuses is
// reported with the table's sentence and not saved; a file that does not parse is reported with its name
// and never overwritten; a file edited outside Olis is read again before it is saved or used.
#include <QString>
#include <QWidget>

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/jobs/train_settings.h"
#include "ui/ui_message.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace olis::ui {

class ModelPicker;
class ProjectController;

// Values of a settings document, with a fallback when the key is not set (or holds another type).
std::string docText(const olis::jobs::TrainSettingsDoc& doc, const std::string& key);
int64_t docInt(const olis::jobs::TrainSettingsDoc& doc, const std::string& key, int64_t fallback);
double docNumber(const olis::jobs::TrainSettingsDoc& doc, const std::string& key, double fallback);

class TrainForm : public QWidget {
  Q_OBJECT
 public:
  explicit TrainForm(ProjectController* project, QWidget* parent = nullptr);

  // The base model new settings start from (the application settings' one).
  void setDefaultBaseModel(const QString& path);
  // The settings the form shows, over what the file held (keys without a field are kept). A field left at
  // its default leaves its key out, so the base model's family decides (train_settings_defaults.h). On a
  // value the settings table refuses, `error` gets its sentence.
  olis::jobs::TrainSettingsDoc formSettings(QString* error = nullptr) const;
  // The metric models the form shows (relative paths against the project folder), for the sweep's curves and
  // the caption suggestions.
  olis::jobs::MetricModelSettings metricModels() const;
  // What the file held when last read or written (the run uses it).
  const olis::jobs::TrainSettingsDoc& fileSettings() const { return file_settings_; }
  bool settingsReadable() const { return settings_loaded_; }
  // The run's output folder (default <project>/training); empty for a project never saved.
  std::filesystem::path outputDir() const;

  // Before a job: reads the file again when it was edited outside Olis, then saves the form into it.
  // False with `messages` filled when the settings cannot be used.
  bool prepareForRun(UiMessages* messages);

  ModelPicker* baseModelPicker() const { return base_model_; }
  ModelPicker* clipPicker() const { return clip_model_; }
  ModelPicker* dinoPicker() const { return dino_model_; }

 Q_SIGNALS:
  // The settings changed (a form edit, or the file read again): views that depend on them refresh.
  void settingsChanged();
  // The file was read (another project, or the project moved): the run's folder may be another one.
  void reloaded();
  // A problem with the file, for the tab's message area.
  void problem(const UiMessages& messages);

 private:
  void buildUi();
  void loadSettings();
  void adoptFolder();
  bool saveSettings(QString* error);
  void scheduleSave();

  ProjectController* project_;
  QString default_base_model_;
  olis::jobs::TrainSettingsDoc file_settings_;  // what the file held (keys the form does not show survive)
  bool settings_loaded_ = false;             // false: the file is broken and must not be overwritten
  QString settings_folder_;                  // the project folder file_settings_ belong to
  std::filesystem::file_time_type settings_mtime_{};  // of the file when last read or written
  bool loading_ = false;
  bool save_problem_shown_ = false;  // the last save's problem is shown; a good save takes it away
  QTimer* save_timer_;

  void updateDefaultsText();

  ModelPicker* base_model_;
  QComboBox* mode_;
  QSpinBox* steps_;
  QLineEdit* lr_;
  QSpinBox* resolution_;
  QSpinBox* checkpoint_every_;
  QSpinBox* eval_every_;
  QSpinBox* reg_count_;
  QComboBox* device_;
  ModelPicker* clip_model_;
  ModelPicker* dino_model_;
  QLabel* clip_text_note_;
};

}  // namespace olis::ui
