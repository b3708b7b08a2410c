#pragma once
// Helpers shared by the QTest tests of ui/: test images, EXIF orientation, and answering modal dialogs.
#include <QAbstractButton>
#include <QApplication>
#include <QBuffer>
#include <QByteArray>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QMessageBox>
#include <QPainter>
#include <QString>
#include <QTimer>

namespace olis::test {

// A picture with some structure (so that different seeds give different bytes).
inline QImage makeTestImage(int w, int h, int seed) {
  QImage img(w, h, QImage::Format_RGB32);
  img.fill(QColor::fromHsv((seed * 47) % 360, 120, 220));
  QPainter p(&img);
  p.setBrush(QColor::fromHsv((seed * 91) % 360, 200, 120));
  p.drawEllipse(QRect(w / 4, h / 4, w / 2, h / 3));
  p.drawText(10, 20, QString::number(seed));
  return img;
}

inline bool writeImage(const QString& path, int w, int h, int seed) {
  return makeTestImage(w, h, seed).save(path);
}

// Writes a JPEG whose EXIF orientation tag says "rotate 90° clockwise to display" (orientation 6).
inline bool writeJpegWithExifOrientation6(const QString& path, int w, int h) {
  QByteArray jpeg;
  {
    QImage img = makeTestImage(w, h, 7);
    QBuffer buf(&jpeg);
    buf.open(QIODevice::WriteOnly);
    if (!img.save(&buf, "JPEG", 90)) return false;
  }
  // APP1 "Exif\0\0" + big-endian TIFF header + one IFD entry: 0x0112 (Orientation), SHORT, 1, value 6.
  QByteArray tiff = QByteArray::fromHex("4d4d002a00000008" "0001" "011200030000000100060000" "00000000");
  QByteArray app1 = QByteArray("Exif\0\0", 6) + tiff;
  const int len = app1.size() + 2;
  QByteArray segment = QByteArray::fromHex("ffe1");
  segment.append(static_cast<char>((len >> 8) & 0xff));
  segment.append(static_cast<char>(len & 0xff));
  segment.append(app1);
  jpeg.insert(2, segment);  // right after SOI
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return false;
  return f.write(jpeg) == jpeg.size();
}

// Answers the next modal message box with its default button and stores its text.
inline void answerNextMessageBox(QString* text, QMessageBox::StandardButton button = QMessageBox::Ok) {
  auto* timer = new QTimer;
  timer->setInterval(20);
  QObject::connect(timer, &QTimer::timeout, [timer, text, button] {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
      if (text) *text = box->text();
      if (QAbstractButton* b = box->button(button)) {
        b->click();
      } else {
        box->done(0);
      }
      timer->stop();
      timer->deleteLater();
    }
  });
  timer->start();
}

// When the next modal widget of type T opens, calls `act(widget)` (which should close it).
template <class T, class Act>
void actOnNextModal(Act act) {
  auto* timer = new QTimer;
  timer->setInterval(20);
  QObject::connect(timer, &QTimer::timeout, [timer, act] {
    if (auto* w = qobject_cast<T*>(QApplication::activeModalWidget())) {
      timer->stop();
      timer->deleteLater();
      act(w);
    }
  });
  timer->start();
}

// $OLIS_FIXTURES, or ../shared/fixtures beside the source tree.
inline QString fixturesRoot() {
  const QByteArray env = qgetenv("OLIS_FIXTURES");
  if (!env.isEmpty()) return QString::fromLocal8Bit(env);
  const QByteArray src = qgetenv("OLIS_SOURCE_DIR");
  // Absolute: tests write the path into settings files, where a relative one means the project's folder.
  return QDir(QDir(QString::fromLocal8Bit(src.isEmpty() ? QByteArray(".") : src)).filePath("../shared/fixtures")).absolutePath();
}

// The tiny SDXL fixture as most downloaded checkpoints are: one .safetensors file in a folder of its own, with no
// tokenizer folder. Its component configs go beside it (the tiny model's head counts cannot be told from its
// shapes; real checkpoints need none). Returns the file, or an empty string when the fixture is missing.
inline QString copyLoneSingleFile(const QString& fixtures, const QString& dir) {
  const QDir src(QDir(fixtures).filePath("ldm_single_file_sdxl_tiny"));
  if (!QFile::exists(src.filePath("model.safetensors")) || !QDir().mkpath(dir)) return {};
  for (const char* c : {"unet", "vae", "text_encoder", "text_encoder_2"}) {
    QDir().mkpath(QDir(dir).filePath(c));
    if (!QFile::copy(src.filePath(QString("%1/config.json").arg(c)), QDir(dir).filePath(QString("%1/config.json").arg(c))))
      return {};
  }
  const QString file = QDir(dir).filePath("sdxl-tiny.safetensors");
  return QFile::copy(src.filePath("model.safetensors"), file) ? file : QString();
}

}  // namespace olis::test
