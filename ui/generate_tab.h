#pragma once
// The Generate tab: prompt, negative prompt, sampler, steps, guidance, seed, size, batch and an optional
// LoRA; results land in a gallery, and a click opens an image large with its parameters.
//
// Generation runs as an engine job made by a GenerationJobFactory. Until the image pipeline is part of
// this build no factory is set, and the Generate button explains that no model is loaded.
#include <QWidget>

#include <functional>
#include <memory>

#include "core/jobs/job.h"
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

struct GenerationRequest {
  olis::jobs::GenerateSettings settings;
  QString base_model_path;
  QString output_folder;
};
// Makes the job for a request; returns nullptr with `error` set when it cannot (e.g. no model).
using GenerationJobFactory =
    std::function<std::shared_ptr<olis::jobs::Job>(const GenerationRequest& request, QString* error)>;

class GenerateTab : public QWidget {
  Q_OBJECT
 public:
  GenerateTab(ProjectController* project, EngineWorker* engine, QWidget* parent = nullptr);

  void setJobFactory(GenerationJobFactory factory);
  void setBaseModelPath(const QString& path);
  olis::jobs::GenerateSettings settings() const;
  // Adds an image to the gallery (`params`: its generation parameters, shown when opened).
  void addResult(const QString& image_path, const olis::jobs::GenerateSettings& params);
  QListWidget* gallery() const { return gallery_; }
  MessageArea* messageArea() const { return messages_; }
  QPushButton* generateButton() const { return generate_; }

 public Q_SLOTS:
  void generate();
  void openImage(int row);

 private:
  void loadFromProject();
  void storeToProject();
  void updateModelHint();
  static QString describe(const olis::jobs::GenerateSettings& s);

  ProjectController* project_;
  EngineWorker* engine_;
  GenerationJobFactory factory_;
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
