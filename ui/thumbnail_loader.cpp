#include "ui/thumbnail_loader.h"

#include <QDateTime>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QtConcurrent/QtConcurrentRun>

namespace olis::ui {

ThumbnailLoader::ThumbnailLoader(QObject* parent) : QObject(parent) {}

ThumbnailLoader::~ThumbnailLoader() = default;

QString ThumbnailLoader::key(const QString& path, QSize s, qreal dpr) {
  // The file's modification time is part of the key: a rewritten file (a resumed run's validation image)
  // gets a new thumbnail.
  const qint64 mtime = QFileInfo(path).lastModified().toMSecsSinceEpoch();
  return QStringLiteral("%1|%2x%3@%4|%5").arg(path).arg(s.width()).arg(s.height()).arg(dpr).arg(mtime);
}

QImage ThumbnailLoader::makeThumbnail(const QString& path, QSize pixel_size) {
  QImageReader reader(path);
  reader.setAutoTransform(true);  // EXIF orientation
  QSize size = reader.size();
  if (size.isValid()) {
    if (reader.transformation() & QImageIOHandler::TransformationRotate90) size.transpose();
    // Let the decoder scale down (JPEG decodes at 1/2, 1/4, 1/8 much faster); the scaled size is
    // given before the orientation is applied.
    QSize target = size.scaled(pixel_size, Qt::KeepAspectRatio);
    if (target.width() < size.width()) {
      if (reader.transformation() & QImageIOHandler::TransformationRotate90) target.transpose();
      reader.setScaledSize(target);
    }
  }
  QImage image = reader.read();
  if (image.isNull()) return image;
  if (image.width() > pixel_size.width() || image.height() > pixel_size.height()) {
    image = image.scaled(pixel_size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  }
  return image;
}

void ThumbnailLoader::request(const QString& path, QSize logical_size, qreal dpr) {
  const QString k = key(path, logical_size, dpr);
  if (cache_.contains(k)) {
    Q_EMIT thumbnailReady(path, cache_.value(k));
    return;
  }
  const QSize pixels(qRound(logical_size.width() * dpr), qRound(logical_size.height() * dpr));
  auto* watcher = new QFutureWatcher<QImage>(this);
  ++pending_;
  connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, path, k, dpr] {
    QImage image = watcher->result();
    watcher->deleteLater();
    --pending_;
    image.setDevicePixelRatio(dpr);
    cache_.insert(k, image);
    Q_EMIT thumbnailReady(path, image);
  });
  watcher->setFuture(QtConcurrent::run([path, pixels] { return makeThumbnail(path, pixels); }));
}

QImage ThumbnailLoader::cached(const QString& path, QSize logical_size, qreal dpr) const {
  return cache_.value(key(path, logical_size, dpr));
}

}  // namespace olis::ui
