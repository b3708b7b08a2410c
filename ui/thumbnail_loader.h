#pragma once
// Makes photo thumbnails on the global thread pool (never on the UI thread). EXIF orientation is applied,
// and thumbnails are rendered at the screen's device pixel ratio so they are sharp on high-DPI screens.
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>

namespace olis::ui {

class ThumbnailLoader : public QObject {
  Q_OBJECT
 public:
  explicit ThumbnailLoader(QObject* parent = nullptr);
  ~ThumbnailLoader() override;

  // Starts making a thumbnail that fits `logical_size` at `device_pixel_ratio`; thumbnailReady follows.
  // Finished thumbnails are cached by (path, size).
  void request(const QString& path, QSize logical_size, qreal device_pixel_ratio);
  // The cached thumbnail, or a null image.
  QImage cached(const QString& path, QSize logical_size, qreal device_pixel_ratio) const;
  int pending() const { return pending_; }

  // Reads and scales one image (the work done on the pool; public for tests).
  static QImage makeThumbnail(const QString& path, QSize pixel_size);

 Q_SIGNALS:
  void thumbnailReady(const QString& path, const QImage& image);

 private:
  static QString key(const QString& path, QSize logical_size, qreal dpr);
  QHash<QString, QImage> cache_;
  int pending_ = 0;
};

}  // namespace olis::ui
