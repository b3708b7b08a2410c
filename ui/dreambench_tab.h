#pragma once
// The Benchmark tab: the DreamBench protocol (core/jobs/dreambench_job.h, as `olis-cli eval dreambench`)
// started from the GUI, its per-subject table (DINO, CLIP-I, CLIP-T, CLIP-T(object), mean over subjects)
// read back from report.json, and a CSV export. The form is kept in the application settings.
#include <QWidget>

#include <memory>

#include "core/eval/eval_report.h"
#include "core/jobs/dreambench_job.h"

class QCheckBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace olis::ui {

class EngineWorker;
class MessageArea;

class DreamBenchTab : public QWidget {
  Q_OBJECT
 public:
  DreamBenchTab(EngineWorker* engine, QWidget* parent = nullptr);

  // The job the form makes; false with `error` when the form is incomplete.
  bool formParams(olis::jobs::DreamBenchJobParams* params, QString* error) const;
  void showReport(const olis::eval::EvalReport& report);
  // Reads report.json from a folder (or the file); false with the reason shown.
  bool openReport(const QString& dir_or_file);
  bool exportCsv(const QString& file, QString* error) const;
  QTableWidget* table() const { return table_; }
  MessageArea* messageArea() const { return messages_; }
  QLineEdit* field(const QString& name) const;  // by object name, for tests
  QCheckBox* realImagesCheck() const { return real_images_; }
  bool isBusy() const { return job_id_ != 0; }

 public Q_SLOTS:
  void run();

 Q_SIGNALS:
  void finished(bool ok);

 private:
  // A line edit with a browse button; the edit is kept in fields_ under `name`.
  QWidget* pathField(const QString& name, bool folder, const QString& placeholder);
  void saveForm() const;
  void loadForm();

  EngineWorker* engine_;
  QList<QLineEdit*> fields_;
  QSpinBox* images_per_prompt_;
  QSpinBox* steps_;
  QSpinBox* size_;
  QCheckBox* real_images_;
  QPushButton* run_;
  QPushButton* export_;
  QTableWidget* table_;
  MessageArea* messages_;
  std::shared_ptr<olis::jobs::DreamBenchJob> job_;
  int job_id_ = 0;
  olis::eval::EvalReport report_;
};

}  // namespace olis::ui
