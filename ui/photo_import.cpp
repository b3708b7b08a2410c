#include "ui/photo_import.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageIOHandler>
#include <QImageReader>

namespace olis::ui {

namespace {
bool has_image_suffix(const QString& path) {
  static const QStringList suffixes = {"jpg", "jpeg", "png", "webp", "bmp", "tif", "tiff"};
  return suffixes.contains(QFileInfo(path).suffix().toLower());
}
}  // namespace

QStringList localPathsFromUrls(const QList<QUrl>& urls) {
  QStringList out;
  for (const QUrl& url : urls) {
    if (url.isLocalFile()) out << url.toLocalFile();
  }
  return out;
}

QStringList expandPhotoPaths(const QStringList& paths) {
  QStringList out;
  for (const QString& p : paths) {
    const QFileInfo info(p);
    if (info.isDir()) {
      const QFileInfoList entries = QDir(p).entryInfoList(QDir::Files | QDir::Readable, QDir::Name);
      for (const QFileInfo& e : entries) {
        if (has_image_suffix(e.fileName())) out << e.absoluteFilePath();
      }
    } else {
      out << info.absoluteFilePath();
    }
  }
  return out;
}

QString fileContentHash(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QCryptographicHash hash(QCryptographicHash::Sha256);
  if (!hash.addData(&f)) return {};
  return QString::fromLatin1(hash.result().toHex());
}

PhotoInspection inspectPhoto(const QString& path) {
  PhotoInspection r;
  r.path = path;
  const QFileInfo info(path);
  if (!info.exists()) {
    r.error = QCoreApplication::translate("olis::ui::PhotoImport", "the file does not exist");
    return r;
  }
  QImageReader reader(path);
  reader.setAutoTransform(true);
  reader.setDecideFormatFromContent(true);
  if (!reader.canRead()) {
    r.error = QCoreApplication::translate("olis::ui::PhotoImport", "it is not an image Olis can read");
    return r;
  }
  QSize size = reader.size();
  if (!size.isValid()) {
    r.error = QCoreApplication::translate("olis::ui::PhotoImport", "its image size cannot be read");
    return r;
  }
  if (reader.transformation() & QImageIOHandler::TransformationRotate90) size.transpose();
  r.size_px = size;
  r.readable_image = true;
  r.content_hash = fileContentHash(path);
  return r;
}

QString readSidecarCaption(const QString& photo_path) {
  const QFileInfo info(photo_path);
  QFile f(info.dir().filePath(info.completeBaseName() + ".txt"));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.read(64 * 1024)).simplified();
}

QString imageFileDialogFilter() {
  return QCoreApplication::translate("olis::ui::PhotoImport", "Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff)");
}

}  // namespace olis::ui
