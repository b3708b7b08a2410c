#pragma once
// Checks of photos the user adds: is it an image, its size (after EXIF orientation), and its content hash
// for duplicate detection. Reads only the image header and the file's bytes; decoding happens off the UI
// thread in ThumbnailLoader.
#include <QSize>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace olis::ui {

inline constexpr int kMinimumShortSidePx = 512;
inline constexpr int kRecommendedMinPhotos = 4;
inline constexpr int kRecommendedMaxPhotos = 6;

struct PhotoInspection {
  QString path;
  bool readable_image = false;
  QSize size_px;  // as displayed, i.e. after the EXIF orientation
  QString content_hash;  // hex SHA-256 of the file's bytes
  QString error;          // why it is not a readable image
};

// Files to consider for a drop or a file dialog: files as given; folders are listed (not recursively)
// and only their image files are taken, sorted by name.
QStringList expandPhotoPaths(const QStringList& paths);
QStringList localPathsFromUrls(const QList<QUrl>& urls);
PhotoInspection inspectPhoto(const QString& path);
QString fileContentHash(const QString& path);  // empty when unreadable
// The .txt caption next to a photo (photo.jpg -> photo.txt), trimmed; empty when there is none.
QString readSidecarCaption(const QString& photo_path);
// Name filter for file dialogs: "Images (*.jpg *.jpeg ...)".
QString imageFileDialogFilter();

}  // namespace olis::ui
