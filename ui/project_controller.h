#pragma once
// The open project as the UI sees it: wraps olis::jobs::Project (core/jobs/project.h), imports photos
// with their checks, and saves. Saving copies photos into <folder>/photos. Autosave writes the YAML file
// atomically a short while after an edit, so a crash loses at most the last few seconds of edits.
// A project file that failed to open is never written: the previous project stays open.
//
// Because edits are saved as they are made, they are taken back with Undo (photos added, removed or
// moved, caption edits, the template applied to all) and Revert to Last Opened (every change since the
// project was opened). The base model is the project's one choice for training and generation; its
// file is training.olis.yaml, which the Train tab's form reads and writes.
#include <QObject>
#include <QString>
#include <QTimer>

#include "core/jobs/project.h"
#include "ui/ui_message.h"

class QUndoStack;

namespace olis::ui {

class ProjectController : public QObject {
  Q_OBJECT
 public:
  explicit ProjectController(QObject* parent = nullptr);

  const olis::jobs::Project& project() const { return project_; }
  QString folder() const { return folder_; }          // empty for a project never saved
  QString projectFile() const;                         // <folder>/project.olis.yaml
  QString displayName() const;                         // folder name, or "Untitled"
  bool isDirty() const { return dirty_; }

  void newProject();
  // `path`: a project folder or its project.olis.yaml. On failure the current project is kept.
  bool open(const QString& path, QString* error);
  bool save(QString* error);
  bool saveAs(const QString& folder, QString* error);

  // Adds photos (files or folders). Returns messages for refused files, small photos and duplicates.
  UiMessages addPhotos(const QStringList& paths);
  void removePhoto(int index);
  void movePhoto(int from, int to);
  int photoCount() const { return static_cast<int>(project_.photos.size()); }
  QString photoPath(int index) const;  // absolute
  QString photoFileName(int index) const;
  QString caption(int index) const;
  void setCaption(int index, const QString& caption);
  // The hint about the number of photos; empty when 4 to 6.
  QString photoCountHint() const;

  void setSubject(const olis::jobs::SubjectSettings& subject);
  void setCaptionTemplate(const QString& text);
  // Fills every caption from the template ({class} becomes the class name). Returns how many changed.
  int applyTemplateToAll();
  // Captions from .txt files next to the photos' originals or in `folder`, matched by file name.
  int importSidecars(const QString& folder);
  // Writes photo.txt next to each project photo, with <new> replaced by the identifier.
  bool exportSidecars(const QString& folder, QString* error);

  void setPreview(const olis::jobs::PreviewSettings& preview);
  void setGenerate(const olis::jobs::GenerateSettings& generate);
  QString outputFolder() const;  // <folder>/outputs, or a temporary folder for an unsaved project

  void setAutosaveDelayMs(int ms) { autosave_.setInterval(ms); }

  // The base model of this project (a diffusers folder or a single .safetensors file), for training and
  // generation alike. Empty when none is chosen.
  QString baseModel() const { return base_model_; }
  void setBaseModel(const QString& path);

  // Undo / redo of the photo list and the captions.
  QUndoStack* undoStack() const { return undo_; }
  // Whether the project was opened from a file this session (Revert to Last Opened has a state to go back to).
  bool canRevert() const { return opened_; }
  // Puts the project back as it was when it was opened (photos, captions, subject, settings) and saves it.
  bool revertToOpened(QString* error);

 Q_SIGNALS:
  void projectReplaced();         // new or opened: every view reloads
  void photosChanged();           // added, removed or reordered
  void captionChanged(int index);
  void subjectChanged();
  void dirtyChanged(bool dirty);
  void saved(const QString& file);
  void autosaveFailed(const QString& message);
  void baseModelChanged(const QString& path);
  // A photo left the project: messages about it are stale. `by_user`: removed now (Undo brings it back), not by
  // an Undo or Redo.
  void photoRemoved(const QString& file_name, bool by_user);

 private:
  void markDirty();
  void autosave();
  bool writeFile(QString* error);
  bool copyPhotosIntoFolder(QString* error);
  friend class PhotosEdit;
  // Applies `edit` to the photo list and records it for Undo as one step (caption edits of one photo in a
  // row merge into one step: `merge_photo` >= 0).
  template <class Edit>
  void editPhotos(const QString& text, int merge_photo, Edit edit);
  // Sets the photo list (Undo / Redo) and tells the views what changed.
  void restorePhotos(const std::vector<olis::jobs::ProjectPhoto>& photos);
  void setCaptionNow(int index, const QString& caption);

  olis::jobs::Project project_;
  QString folder_;
  bool dirty_ = false;
  QTimer autosave_;
  QString base_model_;
  QUndoStack* undo_;
  olis::jobs::Project opened_state_;  // as opened, for Revert to Last Opened
  bool opened_ = false;
};

}  // namespace olis::ui
