#pragma once
// Helpers shared by the QTest tests of ui/: test images, EXIF orientation, and answering modal dialogs.
#include <QAbstractButton>
#include <QApplication>
#include <QBuffer>
#include <QByteArray>
#include <QDialog>
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

}  // namespace olis::test
