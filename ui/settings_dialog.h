#pragma once
// Settings: the base model (the open project's; also the one new projects start with), device, precision,
// threads, and the language. Generated images go to the project's outputs/ folder.
#include <QDialog>

#include "ui/app_settings.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace olis::ui {

class ModelPicker;

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SettingsDialog(const AppSettings& settings, QWidget* parent = nullptr);
  AppSettings settings() const;
  QLabel* modelTypeLabel() const;
  ModelPicker* modelPicker() const { return model_; }
  bool isDetecting() const;

 Q_SIGNALS:
  void detectionFinished();

 private:
  AppSettings base_;
  ModelPicker* model_;
  QComboBox* device_;
  QComboBox* precision_;
  QSpinBox* threads_;
  QComboBox* language_;
};

}  // namespace olis::ui
