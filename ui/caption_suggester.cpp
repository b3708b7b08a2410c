#include "ui/caption_suggester.h"

#include <QFileInfo>

#include "ui/engine_worker.h"
#include "ui/project_controller.h"

namespace olis::ui {

CaptionSuggester::CaptionSuggester(ProjectController* project, EngineWorker* engine, QObject* parent)
    : QObject(parent), project_(project), engine_(engine) {
  connect(engine_, &EngineWorker::succeeded, this, [this](int id, double) {
    if (id != job_id_) return;
    const auto& r = job_->result();
    int filled = 0;
    captions_.clear();
    scores_.clear();
    specific_.clear();
    for (const auto& n : r.specific_names) specific_ << QString::fromStdString(n.text);
    for (const auto& p : r.photos) {
      const QString path = QString::fromStdString(p.photo.string());
      for (const auto& c : p.captions) {
        captions_[path] << QString::fromStdString(c.caption);
        scores_[path] << c.score;
      }
    }
    // Fill the empty captions of the photos that are still in the project.
    for (int i = 0; i < project_->photoCount(); ++i) {
      const QString path = project_->photoPath(i);
      if (project_->caption(i).trimmed().isEmpty() && !captions_.value(path).isEmpty()) {
        project_->setCaption(i, captions_.value(path).front());
        ++filled;
      }
    }
    const int photos = static_cast<int>(r.photos.size());
    job_.reset();
    job_id_ = 0;
    Q_EMIT finished(filled, photos);
  });
  auto stopped = [this](int id, const QString& message) {
    if (id != job_id_) return;
    job_.reset();
    job_id_ = 0;
    Q_EMIT failed(message);
  };
  connect(engine_, &EngineWorker::failed, this, stopped);
  connect(engine_, &EngineWorker::cancelled, this, [this, stopped](int id) { stopped(id, tr("Cancelled.")); });
  connect(project_, &ProjectController::projectReplaced, this, [this] {
    captions_.clear();
    scores_.clear();
    specific_.clear();
  });
}

void CaptionSuggester::setClipModelProvider(std::function<olis::jobs::MetricModelSettings()> provider) {
  clip_provider_ = std::move(provider);
}

bool CaptionSuggester::start(QString* error) {
  if (isBusy()) return true;
  const auto& project = project_->project();
  const olis::jobs::MetricModelSettings m = clip_provider_ ? clip_provider_() : olis::jobs::MetricModelSettings{};
  if (m.clip.empty()) {
    *error = tr("Suggestions need a CLIP model: choose the CLIP folder under \"Metric models\" in the Train tab.");
    return false;
  }
  if (project.subject.class_noun.empty()) {
    *error = tr("Set the class of your subject first (for example dog): the suggestions name it.");
    return false;
  }
  if (project_->photoCount() == 0) {
    *error = tr("Add photos first: the suggestions describe what is in each photo.");
    return false;
  }
  olis::jobs::CaptionSuggestionRequest r;
  for (int i = 0; i < project_->photoCount(); ++i) r.photos.push_back(project_->photoPath(i).toStdString());
  r.subject = olis::jobs::project_subject(project);
  r.clip = {m.clip, m.clip_text, m.tokenizer, {}};
  for (const QString& f : pool_files_)
    if (QFileInfo::exists(f)) r.pool_files.push_back(f.toStdString());
  job_ = std::make_shared<olis::jobs::CaptionSuggestionJob>(r);
  job_id_ = engine_->enqueue(job_, tr("Suggest captions"));
  return true;
}

}  // namespace olis::ui
