#pragma once
// The subject photos, one row each: thumbnail, file name and size, the caption editor beside it, and
// buttons to move the photo up or down or remove it. Rows are rebuilt when photos are added, removed or
// reordered; caption edits go straight to the ProjectController.
#include <QList>
#include <QScrollArea>

class QLabel;
class QVBoxLayout;

namespace olis::ui {

class CaptionEditor;
class CaptionSuggester;
class ProjectController;
class ThumbnailLoader;

class PhotoListView : public QScrollArea {
  Q_OBJECT
 public:
  PhotoListView(ProjectController* project, ThumbnailLoader* thumbnails, QWidget* parent = nullptr);

  int rowCount() const { return static_cast<int>(rows_.size()); }
  CaptionEditor* captionEditor(int row) const;
  QLabel* thumbnailLabel(int row) const;
  static constexpr int kThumbnailPx = 128;  // logical pixels; scaled by the device pixel ratio
  // Where the caption editors get their suggestions from.
  void setSuggester(CaptionSuggester* suggester);

 public Q_SLOTS:
  void rebuild();
  void refreshSubject();
  void refreshSuggestions();

 private:
  struct Row {
    QWidget* widget = nullptr;
    QLabel* thumbnail = nullptr;
    CaptionEditor* editor = nullptr;
    QString path;
  };
  void onThumbnail(const QString& path, const QImage& image);

  ProjectController* project_;
  ThumbnailLoader* thumbnails_;
  CaptionSuggester* suggester_ = nullptr;
  QWidget* content_;
  QVBoxLayout* layout_;
  QList<Row> rows_;
};

}  // namespace olis::ui
