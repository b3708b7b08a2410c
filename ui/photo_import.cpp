#include "ui/photo_import.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "core/io/image_file.h"

namespace olis::ui {

namespace {
bool has_image_suffix(const QString& path) {
  // WebP, TIFF and HEIC files are listed too, so that adding them says why they cannot be used.
  static const QStringList suffixes = {"jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff", "heic", "heif"};
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
  // The engine's own header reader, so that what the GUI accepts is what training can decode.
  const auto header = io::read_image_file_header(path.toStdString());
  if (!header) {
    QFile f(path);
    const QByteArray head = f.open(QIODevice::ReadOnly) ? f.read(32) : QByteArray();
    const auto format = io::sniff_image_format(head.toStdString());
    const bool other = format != io::ImageFormat::kUnknown && format != io::ImageFormat::kJpeg &&
                       format != io::ImageFormat::kPng && format != io::ImageFormat::kBmp;
    r.error = other ? QCoreApplication::translate("olis::ui::PhotoImport",
                                                  "it is a %1 image; Olis reads JPEG, PNG and BMP photos, so convert "
                                                  "it first")
                          .arg(QString::fromLatin1(io::image_format_name(format)))
                    : QCoreApplication::translate("olis::ui::PhotoImport", "it is not an image Olis can read");
    return r;
  }
  const io::ImageLimits limits;
  if (!io::check_image_shape(header->width, header->height, path.toStdString(), limits)) {
    const bool too_many = int64_t{header->width} * header->height > limits.max_pixels;
    r.error = too_many ? QCoreApplication::translate("olis::ui::PhotoImport",
                                                     "it is %1×%2 pixels, more than the %3 megapixels Olis reads")
                             .arg(header->width)
                             .arg(header->height)
                             .arg(limits.max_pixels / 1'000'000)
                       : QCoreApplication::translate("olis::ui::PhotoImport",
                                                     "it is %1×%2 pixels: its long side is more than %3 times its "
                                                     "short side")
                             .arg(header->width)
                             .arg(header->height)
                             .arg(limits.max_aspect_ratio);
    return r;
  }
  r.size_px = QSize(header->width, header->height);
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
  return QCoreApplication::translate("olis::ui::PhotoImport", "Images (*.jpg *.jpeg *.png *.bmp)");
}

}  // namespace olis::ui
