#pragma once
// The Train tab's settings form and its file, training.olis.yaml beside project.olis.yaml. Keys without a
// field survive the form's saves; a file that does not parse is reported with its name and never
// overwritten; a file edited outside Olis is read again before it is saved or used.
#include <QString>
#include <QWidget>

#include <filesystem>

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

class TrainForm : public QWidget {
  Q_OBJECT
 public:
  explicit TrainForm(ProjectController* project, QWidget* parent = nullptr);

  // The base model new settings start from (the application settings' one).
  void setDefaultBaseModel(const QString& path);
  // The settings the form shows, over what the file held.
  olis::jobs::TrainSettings formSettings() const;
  // What the file held when last read or written (the run uses it).
  const olis::jobs::TrainSettings& fileSettings() const { return file_settings_; }
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
  olis::jobs::TrainSettings file_settings_;  // what the file held (keys the form does not show survive)
  bool settings_loaded_ = false;             // false: the file is broken and must not be overwritten
  QString settings_folder_;                  // the project folder file_settings_ belong to
  std::filesystem::file_time_type settings_mtime_{};  // of the file when last read or written
  bool loading_ = false;
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
