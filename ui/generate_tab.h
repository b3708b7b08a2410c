#pragma once
// The Generate tab: prompt, negative prompt, sampler, steps, guidance, seed, size, batch and an optional
// LoRA; results land in a gallery, and a click opens an image large with its parameters.
//
// Generation runs as an olis::jobs::GenerationJob on the engine thread. Its models come from a
// PipelineProvider (set by the main window); without one, or without a base model, the Generate button
// explains that no model is loaded.
#include <QWidget>

#include <functional>
#include <memory>

#include "core/jobs/generation_job.h"
#include "core/jobs/project.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace olis::ui {

class EngineWorker;
class MessageArea;
class ProjectController;


class GenerateTab : public QWidget {
  Q_OBJECT
 public:
  GenerateTab(ProjectController* project, EngineWorker* engine, QWidget* parent = nullptr);

  void setPipelineProvider(olis::jobs::PipelineProvider provider);
  // The job the current settings make, or nullptr with `error` set (no model, bad size, ...).
  std::shared_ptr<olis::jobs::GenerationJob> makeJob(QString* error) const;
  void setBaseModelPath(const QString& path);
  olis::jobs::GenerateSettings settings() const;
  // Adds an image to the gallery (`params`: its generation parameters, shown when opened).
  void addResult(const QString& image_path, const QString& parameters);
  QListWidget* gallery() const { return gallery_; }
  MessageArea* messageArea() const { return messages_; }
  QPushButton* generateButton() const { return generate_; }

 Q_SIGNALS:
  void generationFinished(bool ok);

 public Q_SLOTS:
  void generate();
  void openImage(int row);

 private:
  void loadFromProject();
  void storeToProject();
  void updateModelHint();

  ProjectController* project_;
  EngineWorker* engine_;
  olis::jobs::PipelineProvider provider_;
  std::shared_ptr<olis::jobs::GenerationJob> job_;
  QString base_model_;
  QPlainTextEdit* prompt_;
  QPlainTextEdit* negative_;
  QComboBox* sampler_;
  QSpinBox* steps_;
  QDoubleSpinBox* guidance_;
  QSpinBox* seed_;
  QComboBox* size_;
  QSpinBox* batch_;
  QLineEdit* lora_;
  QPushButton* generate_;
  MessageArea* messages_;
  QLabel* model_hint_;
  QListWidget* gallery_;
  int job_id_ = 0;
  bool loading_ = false;
};

}  // namespace olis::ui
