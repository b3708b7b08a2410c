#pragma once
// The Compare tab (the paper's Figures 1, 3 and 4): rows are models (the base model, checkpoints of this or
// other projects, LoRA files), columns are prompts, and every row of a column uses the same seeds. Rendering
// runs as a CompareJob (core/jobs/compare.h) on the engine thread into <project>/compare/grid-<time>/
// (grid.png + grid.json); validation images and earlier cells with identical parameters are reused. A
// click on a cell shows it large with its parameters.
#include <QWidget>

#include <memory>

#include "core/jobs/compare.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace olis::ui {

class CompareGridView;
class EngineWorker;
class MessageArea;
class ProjectController;
class ThumbnailLoader;

class CompareTab : public QWidget {
  Q_OBJECT
 public:
  CompareTab(ProjectController* project, EngineWorker* engine, ThumbnailLoader* thumbnails, QWidget* parent = nullptr);

  void addModel(const olis::jobs::CompareModel& model);
  QList<olis::jobs::CompareModel> models() const;
  void setPrompts(const QStringList& prompts);
  // The parameters the form makes (out_dir left empty); false with `error` when they cannot be used.
  bool formParams(olis::jobs::CompareParams* params, QString* error) const;
  CompareGridView* gridView() const { return grid_; }
  MessageArea* messageArea() const { return messages_; }
  bool isBusy() const { return job_id_ != 0; }
  const olis::jobs::CompareResult* lastResult() const { return last_ ? &last_->result() : nullptr; }

 public Q_SLOTS:
  void render();
  // The base model and the suggested checkpoint of the open project, its validation prompts and settings.
  void useProjectDefaults();

 Q_SIGNALS:
  void renderFinished(bool ok);

 private:
  void addBaseModel();
  void addCheckpointOfProject(const QString& folder, bool ask_step);
  void addLora();
  void loadLatestGrid();
  void setBusy(bool busy);

  ProjectController* project_;
  EngineWorker* engine_;
  QListWidget* rows_;
  QPlainTextEdit* prompts_;
  QLineEdit* seeds_;
  QComboBox* seed_scheme_;
  QSpinBox* steps_;
  QDoubleSpinBox* guidance_;
  QSpinBox* size_;
  QLineEdit* negative_;
  QPushButton* render_;
  QLabel* output_;
  MessageArea* messages_;
  CompareGridView* grid_;
  olis::jobs::CompareParams base_;  // the project's device, precision, base model, vocabulary, identifier
  std::shared_ptr<olis::jobs::CompareJob> job_, last_;
  int job_id_ = 0;
  QList<olis::jobs::CompareModel> models_;
};

}  // namespace olis::ui
