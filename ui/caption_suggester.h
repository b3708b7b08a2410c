#pragma once
// Runs the caption suggestions of the open project's photos on the engine thread (CLIP ranks the pool's
// scenes against each photo, core/eval/caption_suggestions.h), fills the captions the user left empty with
// the best suggestion, and keeps the suggestions per photo for the caption editors.
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

#include "core/jobs/project_captions.h"
#include "core/jobs/train_settings.h"

namespace olis::ui {

class EngineWorker;
class ProjectController;

class CaptionSuggester : public QObject {
  Q_OBJECT
 public:
  CaptionSuggester(ProjectController* project, EngineWorker* engine, QObject* parent = nullptr);

  // Where the CLIP model comes from (the Train tab's metric models).
  void setClipModelProvider(std::function<olis::jobs::MetricModelSettings()> provider);
  void setUserPoolFiles(const QStringList& files) { pool_files_ = files; }
  bool isBusy() const { return job_id_ != 0; }
  // Queues the job; false with `error` saying why it cannot start (no CLIP model, no class, no photos).
  bool start(QString* error);

  // Suggestions of a photo (absolute path), best first, with their CLIP similarity.
  QStringList suggestions(const QString& photo) const { return captions_.value(photo); }
  QList<double> scores(const QString& photo) const { return scores_.value(photo); }
  // The specific class names CLIP ranks best first (empty when the class has no others).
  QStringList specificNames() const { return specific_; }

 Q_SIGNALS:
  // `filled`: empty captions that got the best suggestion.
  void finished(int filled, int photos);
  void failed(const QString& message);

 private:
  ProjectController* project_;
  EngineWorker* engine_;
  std::function<olis::jobs::MetricModelSettings()> clip_provider_;
  QStringList pool_files_;
  std::shared_ptr<olis::jobs::CaptionSuggestionJob> job_;
  int job_id_ = 0;
  QHash<QString, QStringList> captions_;
  QHash<QString, QList<double>> scores_;
  QStringList specific_;
};

}  // namespace olis::ui
