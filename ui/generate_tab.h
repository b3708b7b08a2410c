#pragma once
// The Generate tab: prompt, negative prompt, sampler, steps, guidance, seed, size, batch, and the model: the
// project's base model alone or with one of the project's trained results (or another LoRA file). `<new>` in
// a prompt becomes the subject's identifier, as in the captions. Results land in a gallery that is read back
// from the project's outputs/generated/ when the project opens; a click opens an image large with its
// parameters.
//
// Generation runs as an olis::jobs::GenerationJob on the engine thread. Its models come from a
// PipelineProvider (set by the main window); without one, or without a base model, the Generate button
// explains that no model is loaded. A kept checkpoint is exported first (a ProjectJob on the same queue).
#include <QWidget>

#include <filesystem>
#include <functional>
#include <memory>

#include "core/jobs/generation_job.h"
#include "core/jobs/project.h"
#include "core/jobs/project_training.h"

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
class ThumbnailLoader;
class TrainedResultsCombo;

class GenerateTab : public QWidget {
  Q_OBJECT
 public:
  GenerateTab(ProjectController* project, EngineWorker* engine, QWidget* parent = nullptr);

  void setPipelineProvider(olis::jobs::PipelineProvider provider);
  // The job the current settings make, or nullptr with `error` set (no model, bad size, ...).
  std::shared_ptr<olis::jobs::GenerationJob> makeJob(QString* error) const;
  // Sets the project's base model (the one training uses too).
  void setBaseModelPath(const QString& path);
  olis::jobs::GenerateSettings settings() const;
  // The prompt as the model gets it: `<new>` replaced by the subject's identifier.
  QString renderedPrompt() const;
  // Adds an image to the gallery (`params`: its generation parameters, shown when opened).
  void addResult(const QString& image_path, const QString& parameters);
  QListWidget* gallery() const { return gallery_; }
  MessageArea* messageArea() const { return messages_; }
  QPushButton* generateButton() const { return generate_; }
  TrainedResultsCombo* modelChoice() const { return model_choice_; }
  QLabel* modelHint() const { return model_hint_; }
  QPlainTextEdit* promptEdit() const { return prompt_; }

 Q_SIGNALS:
  void generationFinished(bool ok);

 public Q_SLOTS:
  void generate();
  void openImage(int row);
  // Lists the project's trained results again (after training, export, or a new run).
  void refreshResults();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void loadFromProject();
  void storeToProject();
  void updateModelHint();
  void updatePlaceholder();
  void loadGallery();
  void finishJob(bool ok, const QString& message);
  std::filesystem::path outputDir() const;  // the project's training output folder; empty when unsaved
  void onThumbnail(const QString& path, const QImage& image);

  ProjectController* project_;
  EngineWorker* engine_;
  ThumbnailLoader* thumbnails_;
  olis::jobs::PipelineProvider provider_;
  std::shared_ptr<olis::jobs::GenerationJob> job_;
  std::shared_ptr<olis::jobs::ProjectJob> export_job_;  // a checkpoint exported before generating with it
  QPlainTextEdit* prompt_;
  QPlainTextEdit* negative_;
  QComboBox* sampler_;
  QSpinBox* steps_;
  QDoubleSpinBox* guidance_;
  QSpinBox* seed_;
  QComboBox* size_;
  QSpinBox* batch_;
  TrainedResultsCombo* model_choice_;
  QWidget* lora_row_;
  QLineEdit* lora_;
  QPushButton* generate_;
  MessageArea* messages_;
  QLabel* model_hint_;
  QLabel* placeholder_;
  QListWidget* gallery_;
  int job_id_ = 0;
  bool loading_ = false;
};

}  // namespace olis::ui
