#pragma once
// A model path field as users pick models: a folder is chosen as a folder (a diffusers model, a CLIP or DINO
// folder), a single checkpoint as a .safetensors file, from one Browse menu that says which is which. Once a
// path is picked or typed, it is detected off the UI thread and the result is shown under the field:
// "✔ SDXL, single file, epsilon", or "✖" with the problem named.
#include <QWidget>

#include "ui/model_detection.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace olis::ui {

class ModelPicker : public QWidget {
  Q_OBJECT
 public:
  explicit ModelPicker(ModelRole role, QWidget* parent = nullptr);

  QString path() const;
  // Shows `path` and detects it; does not emit pathEdited.
  void setPath(const QString& path);
  void setPlaceholderText(const QString& text);
  // Whether the detection's note (e.g. "no text tower, so no CLIP-T") is shown; off where the form says otherwise.
  void setShowNotes(bool show);
  QLineEdit* lineEdit() const { return edit_; }
  QPushButton* browseButton() const { return browse_; }
  QLabel* resultLabel() const { return result_; }
  const DetectedModel& detected() const { return detected_; }
  bool isDetecting() const { return detecting_ > 0; }
  // Asks the user for a folder (`folder` true) or a file; picks it as if chosen from the Browse menu.
  void browse(bool folder);

 Q_SIGNALS:
  void pathEdited(const QString& path);  // the user typed (and left the field) or browsed
  void detectionFinished();

 private:
  void detect();
  void pick(const QString& path);

  ModelRole role_;
  QLineEdit* edit_;
  QPushButton* browse_;
  QLabel* result_;
  DetectedModel detected_;
  QString detected_path_;
  bool show_notes_ = true;
  int detecting_ = 0;
  int generation_ = 0;
};

}  // namespace olis::ui
