#include "ui/project_controller.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUndoStack>

#include "core/prompts/caption.h"
#include "core/util/atomic_file.h"
#include "ui/photo_import.h"

namespace olis::ui {

using olis::jobs::ProjectPhoto;

namespace {
std::string to_std(const QString& s) { return s.toUtf8().toStdString(); }
QString from_std(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

bool samePhotos(const std::vector<ProjectPhoto>& a, const std::vector<ProjectPhoto>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const ProjectPhoto& x, const ProjectPhoto& y) {
    return x.file == y.file && x.caption == y.caption && x.content_hash == y.content_hash;
  });
}
}  // namespace

// One undoable change of the photo list: the list before and after.
class PhotosEdit : public QUndoCommand {
 public:
  PhotosEdit(ProjectController* c, const QString& text, std::vector<ProjectPhoto> before, std::vector<ProjectPhoto> after,
             int merge_photo)
      : QUndoCommand(text), c_(c), before_(std::move(before)), after_(std::move(after)), merge_photo_(merge_photo) {}
  void undo() override { c_->restorePhotos(before_); }
  void redo() override {
    if (first_) {
      first_ = false;  // pushed after the change was made
      return;
    }
    c_->restorePhotos(after_);
  }
  int id() const override { return merge_photo_ >= 0 ? 1 : -1; }
  bool mergeWith(const QUndoCommand* other) override {
    const auto* o = static_cast<const PhotosEdit*>(other);
    if (o->merge_photo_ != merge_photo_) return false;
    after_ = o->after_;
    setObsolete(samePhotos(before_, after_));
    return true;
  }

 private:
  ProjectController* c_;
  std::vector<ProjectPhoto> before_, after_;
  int merge_photo_;
  bool first_ = true;
};

template <class Edit>
void ProjectController::editPhotos(const QString& text, int merge_photo, Edit edit) {
  auto before = project_.photos;
  edit();
  if (samePhotos(before, project_.photos)) return;
  undo_->push(new PhotosEdit(this, text, std::move(before), project_.photos, merge_photo));
}

void ProjectController::restorePhotos(const std::vector<ProjectPhoto>& photos) {
  const auto old = std::move(project_.photos);
  project_.photos = photos;
  for (const auto& o : old) {
    const bool kept = std::any_of(photos.begin(), photos.end(), [&o](const ProjectPhoto& p) { return p.file == o.file; });
    if (!kept) Q_EMIT photoRemoved(QFileInfo(from_std(o.file)).fileName(), false);
  }
  const bool same_files = std::equal(old.begin(), old.end(), photos.begin(), photos.end(),
                                     [](const ProjectPhoto& x, const ProjectPhoto& y) { return x.file == y.file; });
  if (same_files) {
    for (size_t i = 0; i < photos.size(); ++i)
      if (old[i].caption != photos[i].caption) Q_EMIT captionChanged(static_cast<int>(i));
  } else {
    Q_EMIT photosChanged();
  }
  markDirty();
}

ProjectController::ProjectController(QObject* parent) : QObject(parent) {
  undo_ = new QUndoStack(this);
  autosave_.setSingleShot(true);
  autosave_.setInterval(2000);
  connect(&autosave_, &QTimer::timeout, this, &ProjectController::autosave);
}

QString ProjectController::projectFile() const {
  return folder_.isEmpty() ? QString() : QDir(folder_).filePath(QString::fromLatin1(olis::jobs::kProjectFileName));
}

QString ProjectController::displayName() const {
  return folder_.isEmpty() ? tr("Untitled") : QFileInfo(folder_).fileName();
}

void ProjectController::newProject() {
  autosave_.stop();
  project_ = olis::jobs::Project{};
  folder_.clear();
  dirty_ = false;
  opened_ = false;
  undo_->clear();
  Q_EMIT projectReplaced();
  Q_EMIT dirtyChanged(false);
}

bool ProjectController::open(const QString& path, QString* error) {
  QFileInfo info(path);
  const QString file = info.isDir() ? QDir(path).filePath(QString::fromLatin1(olis::jobs::kProjectFileName)) : path;
  auto loaded = olis::jobs::load_project(std::filesystem::path(to_std(file)));
  if (!loaded) {
    if (error) *error = from_std(loaded.error().message());
    return false;  // the current project and the damaged file are both left as they are
  }
  autosave_.stop();
  project_ = std::move(*loaded);
  folder_ = QFileInfo(file).absolutePath();
  dirty_ = false;
  opened_state_ = project_;
  opened_ = true;
  undo_->clear();
  Q_EMIT projectReplaced();
  Q_EMIT dirtyChanged(false);
  return true;
}

bool ProjectController::writeFile(QString* error) {
  auto r = olis::jobs::save_project(project_, std::filesystem::path(to_std(projectFile())));
  if (!r) {
    if (error) *error = from_std(r.error().message());
    return false;
  }
  dirty_ = false;
  Q_EMIT dirtyChanged(false);
  Q_EMIT saved(projectFile());
  return true;
}

bool ProjectController::save(QString* error) {
  if (folder_.isEmpty()) {
    if (error) *error = tr("The project has no folder yet; use Save As.");
    return false;
  }
  autosave_.stop();
  if (!copyPhotosIntoFolder(error)) return false;
  return writeFile(error);
}

bool ProjectController::saveAs(const QString& folder, QString* error) {
  if (!QDir().mkpath(folder)) {
    if (error) *error = tr("Cannot create the folder %1.").arg(folder);
    return false;
  }
  const QString old_folder = folder_;
  // Photos of the old project folder become absolute so that they are copied into the new one.
  if (!old_folder.isEmpty()) {
    for (auto& ph : project_.photos) {
      const QString f = from_std(ph.file);
      if (QFileInfo(f).isRelative()) ph.file = to_std(QDir(old_folder).absoluteFilePath(f));
    }
  }
  folder_ = QFileInfo(folder).absoluteFilePath();
  if (!copyPhotosIntoFolder(error) || !writeFile(error)) {
    folder_ = old_folder;
    return false;
  }
  return true;
}

bool ProjectController::copyPhotosIntoFolder(QString* error) {
  const QDir dir(folder_);
  const QString photos_dir = dir.filePath("photos");
  for (auto& ph : project_.photos) {
    const QString f = from_std(ph.file);
    if (QFileInfo(f).isRelative()) continue;  // already in the project
    if (!QDir().mkpath(photos_dir)) {
      if (error) *error = tr("Cannot create the folder %1.").arg(photos_dir);
      return false;
    }
    const QFileInfo src(f);
    QString name = src.fileName();
    for (int n = 2; QFileInfo::exists(QDir(photos_dir).filePath(name)); ++n) {
      name = QStringLiteral("%1-%2.%3").arg(src.completeBaseName()).arg(n).arg(src.suffix());
    }
    QFile in(f);
    if (!in.open(QIODevice::ReadOnly)) {
      if (error) *error = tr("Cannot read the photo %1: %2").arg(f, in.errorString());
      return false;
    }
    const QByteArray bytes = in.readAll();
    try {
      olis::write_file_atomic(std::filesystem::path(to_std(QDir(photos_dir).filePath(name))),
                              std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    } catch (const olis::Error& e) {
      if (error) *error = from_std(e.message());
      return false;
    }
    ph.file = to_std(QStringLiteral("photos/") + name);
  }
  return true;
}

void ProjectController::markDirty() {
  const bool was = dirty_;
  dirty_ = true;
  if (!was) Q_EMIT dirtyChanged(true);
  // Not restarted by later edits: the file is written at most `interval` after the first unsaved edit.
  if (!folder_.isEmpty() && !autosave_.isActive()) autosave_.start();
}

void ProjectController::autosave() {
  if (folder_.isEmpty() || !dirty_) return;
  QString error;
  if (!save(&error)) Q_EMIT autosaveFailed(error);
}

QString ProjectController::photoPath(int index) const {
  if (index < 0 || index >= photoCount()) return {};
  const QString f = from_std(project_.photos[static_cast<size_t>(index)].file);
  return QFileInfo(f).isRelative() ? QDir(folder_).absoluteFilePath(f) : f;
}

QString ProjectController::photoFileName(int index) const { return QFileInfo(photoPath(index)).fileName(); }

QString ProjectController::caption(int index) const {
  if (index < 0 || index >= photoCount()) return {};
  return from_std(project_.photos[static_cast<size_t>(index)].caption);
}

UiMessages ProjectController::addPhotos(const QStringList& paths) {
  UiMessages messages;
  std::vector<ProjectPhoto> fresh;
  for (const QString& path : expandPhotoPaths(paths)) {
    const QString name = QFileInfo(path).fileName();
    const PhotoInspection info = inspectPhoto(path);
    if (!info.readable_image) {
      messages.push_back({UiMessage::Level::Error, tr("%1 was not added: %2.").arg(name, info.error)});
      continue;
    }
    int duplicate_of = -1;
    for (int i = 0; i < photoCount(); ++i) {
      if (from_std(project_.photos[static_cast<size_t>(i)].content_hash) == info.content_hash) duplicate_of = i;
    }
    QString duplicate_name = duplicate_of >= 0 ? photoFileName(duplicate_of) : QString();
    for (const auto& p : fresh)  // added a moment ago, in the same drop
      if (from_std(p.content_hash) == info.content_hash) duplicate_name = QFileInfo(from_std(p.file)).fileName();
    if (!duplicate_name.isEmpty()) {
      messages.push_back({UiMessage::Level::Warning,
                          tr("%1 is the same photo as %2; it was not added again.").arg(name, duplicate_name)});
      continue;
    }
    const int short_side = qMin(info.size_px.width(), info.size_px.height());
    if (short_side < kMinimumShortSidePx) {
      messages.push_back({UiMessage::Level::Warning,
                          tr("%1 is %2×%3 pixels; Olis needs at least %4 pixels on the short side for sharp "
                             "results. It was added, but a larger photo would be better.")
                              .arg(name)
                              .arg(info.size_px.width())
                              .arg(info.size_px.height())
                              .arg(kMinimumShortSidePx)});
    }
    olis::jobs::ProjectPhoto photo;
    photo.file = to_std(path);
    photo.caption = to_std(readSidecarCaption(path));
    photo.content_hash = to_std(info.content_hash);
    fresh.push_back(std::move(photo));
  }
  const int added = static_cast<int>(fresh.size());
  if (added > 0) {
    messages.push_front({UiMessage::Level::Info, tr("Added %n photo(s).", nullptr, added)});
    editPhotos(tr("Add %n photo(s)", nullptr, added), -1, [&] {
      project_.photos.insert(project_.photos.end(), fresh.begin(), fresh.end());
      Q_EMIT photosChanged();
      markDirty();
    });
  }
  return messages;
}

void ProjectController::removePhoto(int index) {
  if (index < 0 || index >= photoCount()) return;
  const QString name = photoFileName(index);
  editPhotos(tr("Remove %1").arg(name), -1, [&] {
    project_.photos.erase(project_.photos.begin() + index);
    Q_EMIT photosChanged();
    markDirty();
  });
  Q_EMIT photoRemoved(name, true);
}

void ProjectController::movePhoto(int from, int to) {
  if (from < 0 || from >= photoCount() || to < 0 || to >= photoCount() || from == to) return;
  editPhotos(tr("Move %1").arg(photoFileName(from)), -1, [&] {
    auto photo = project_.photos[static_cast<size_t>(from)];
    project_.photos.erase(project_.photos.begin() + from);
    project_.photos.insert(project_.photos.begin() + to, std::move(photo));
    Q_EMIT photosChanged();
    markDirty();
  });
}

void ProjectController::setCaption(int index, const QString& caption) {
  if (index < 0 || index >= photoCount()) return;
  editPhotos(tr("Edit the caption of %1").arg(photoFileName(index)), index, [&] { setCaptionNow(index, caption); });
}

void ProjectController::setCaptionNow(int index, const QString& caption) {
  std::string& c = project_.photos[static_cast<size_t>(index)].caption;
  const std::string next = to_std(caption);
  if (c == next) return;
  c = next;
  Q_EMIT captionChanged(index);
  markDirty();
}

void ProjectController::setBaseModel(const QString& path) {
  const QString p = path.trimmed();
  if (p == base_model_) return;
  base_model_ = p;
  Q_EMIT baseModelChanged(p);
}

bool ProjectController::revertToOpened(QString* error) {
  if (!opened_) {
    if (error) *error = tr("The project was not opened from a file, so there is nothing to go back to.");
    return false;
  }
  autosave_.stop();
  project_ = opened_state_;
  undo_->clear();
  Q_EMIT projectReplaced();
  return save(error);
}

QString ProjectController::photoCountHint() const {
  const int n = photoCount();
  if (n == 0) return tr("Drop 4 to 6 photos of your subject here, or use Add Photos.");
  if (n < kRecommendedMinPhotos) {
    return tr("%n photo(s). DreamBooth learns a subject best from 4 to 6 photos; add a few more if you can.",
              nullptr, n);
  }
  if (n > kRecommendedMaxPhotos) {
    return tr("%n photos. More than 6 rarely helps and makes training slower; consider keeping the best 6.",
              nullptr, n);
  }
  return {};
}

void ProjectController::setSubject(const olis::jobs::SubjectSettings& subject) {
  auto& s = project_.subject;
  if (s.identifier == subject.identifier && s.class_noun == subject.class_noun &&
      s.specific_class == subject.specific_class && s.kind == subject.kind)
    return;
  s = subject;
  Q_EMIT subjectChanged();
  markDirty();
}

void ProjectController::setCaptionTemplate(const QString& text) {
  if (project_.caption_template == to_std(text)) return;
  project_.caption_template = to_std(text);
  markDirty();
}

int ProjectController::applyTemplateToAll() {
  const auto& s = project_.subject;
  olis::prompts::Subject subject;
  subject.identifier = s.identifier;
  subject.class_noun = s.class_noun;
  subject.specific_class = s.specific_class;
  int changed = 0;
  editPhotos(tr("Apply the template to all captions"), -1, [&] {
    for (int i = 0; i < photoCount(); ++i) {
      // Each photo keeps the background its caption describes ({background}); without one the placeholder
      // stays for the user to fill in, so the captions never all become the same.
      const QString text = from_std(olis::prompts::apply_caption_template(project_.caption_template, subject, to_std(caption(i))));
      if (caption(i) != text) {
        setCaptionNow(i, text);
        ++changed;
      }
    }
  });
  return changed;
}

int ProjectController::importSidecars(const QString& folder) {
  int found = 0;
  editPhotos(tr("Import captions"), -1, [&] {
    for (int i = 0; i < photoCount(); ++i) {
      const QFileInfo info(photoPath(i));
      QString text;
      if (!folder.isEmpty()) text = readSidecarCaption(QDir(folder).filePath(info.fileName()));
      if (text.isEmpty()) text = readSidecarCaption(info.filePath());
      if (text.isEmpty()) continue;
      // Other trainers write the identifier itself; Olis captions use the <new> placeholder.
      const QString id = from_std(project_.subject.identifier);
      if (!text.contains(QStringLiteral("<new>")) && !id.isEmpty()) {
        const QRegularExpression word(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(id)));
        const auto m = word.match(text);
        if (m.hasMatch()) text.replace(m.capturedStart(), m.capturedLength(), QStringLiteral("<new>"));
      }
      setCaptionNow(i, text);
      ++found;
    }
  });
  return found;
}

bool ProjectController::exportSidecars(const QString& folder, QString* error) {
  const QString id = from_std(project_.subject.identifier);
  for (int i = 0; i < photoCount(); ++i) {
    const QString c = caption(i);
    if (c.trimmed().isEmpty()) continue;
    const QFileInfo info(photoPath(i));
    const QString dir = folder.isEmpty() ? info.absolutePath() : folder;
    QString text = c;
    text.replace(QStringLiteral("<new>"), id);
    try {
      olis::write_file_atomic(std::filesystem::path(to_std(QDir(dir).filePath(info.completeBaseName() + ".txt"))),
                              to_std(text + "\n"));
    } catch (const olis::Error& e) {
      if (error) *error = from_std(e.message());
      return false;
    }
  }
  return true;
}

void ProjectController::setPreview(const olis::jobs::PreviewSettings& preview) {
  auto& p = project_.preview;
  if (p.count == preview.count && p.seed == preview.seed && p.show_dropout == preview.show_dropout) return;
  p = preview;
  markDirty();
}

void ProjectController::setGenerate(const olis::jobs::GenerateSettings& generate) {
  project_.generate = generate;
  markDirty();
}

QString ProjectController::outputFolder() const {
  if (!folder_.isEmpty()) return QDir(folder_).filePath("outputs");
  return QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation)).filePath("olis-untitled/outputs");
}

}  // namespace olis::ui
