#pragma once
// Settings: base model (a diffusers folder or a single .safetensors file, with its detected type),
// device, precision, output folder, threads, and the language.
#include <QDialog>

#include "ui/app_settings.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace olis::ui {

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SettingsDialog(const AppSettings& settings, QWidget* parent = nullptr);
  AppSettings settings() const;
  QLabel* modelTypeLabel() const { return model_type_; }
  bool isDetecting() const { return detecting_ > 0; }

 Q_SIGNALS:
  void detectionFinished();

 private:
  void detect();

  AppSettings base_;
  QLineEdit* model_;
  QLabel* model_type_;
  QComboBox* device_;
  QComboBox* precision_;
  QLineEdit* output_;
  QSpinBox* threads_;
  QComboBox* language_;
  int detecting_ = 0;
  int detect_generation_ = 0;
};

}  // namespace olis::ui
