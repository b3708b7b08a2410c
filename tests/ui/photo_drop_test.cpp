// Dropping photos (and things that are not photos) on the window, with the messages a user sees.
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUrl>
#include <QtTest>

#include "tests/ui/ui_test_util.h"
#include "ui/main_window.h"
#include "ui/message_area.h"
#include "ui/photo_import.h"
#include "ui/photo_list.h"
#include "ui/project_controller.h"
#include "ui/subject_tab.h"
#include "ui/thumbnail_loader.h"

using olis::ui::MainWindow;

namespace {

bool drop(QWidget* target, const QStringList& paths) {
  QList<QUrl> urls;
  for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
  QMimeData mime;
  mime.setUrls(urls);
  const QPoint pos = target->rect().center();
  QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(target, &enter);
  if (!enter.isAccepted()) return false;
  QDropEvent dropped(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(target, &dropped);
  return dropped.isAccepted();
}

}  // namespace

class PhotoDropTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void dropOfImagesAndANonImage() {
    QTemporaryDir dir;
    const QString big = dir.filePath("dog1.png");
    const QString small = dir.filePath("tiny.png");
    const QString copy = dir.filePath("dog1 copy.png");
    const QString notes = dir.filePath("notes.pdf");
    QVERIFY(olis::test::writeImage(big, 640, 600, 1));
    QVERIFY(olis::test::writeImage(small, 300, 200, 2));
    QVERIFY(QFile::copy(big, copy));
    {
      QFile f(notes);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("%PDF-1.4 not a photo");
    }
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(drop(&w, {big, small, copy, notes}));

    QCOMPARE(w.project()->photoCount(), 2);
    QCOMPARE(w.project()->photoFileName(0), QString("dog1.png"));
    QCOMPARE(w.project()->photoFileName(1), QString("tiny.png"));
    const QString shown = w.subjectTab()->messageArea()->plainText();
    QVERIFY2(w.subjectTab()->messageArea()->isVisible(), "the messages must be shown");
    QVERIFY2(shown.contains("notes.pdf was not added: it is not an image Olis can read."), qPrintable(shown));
    QVERIFY2(shown.contains("tiny.png is 300×200 pixels; Olis needs at least 512 pixels on the short side"),
             qPrintable(shown));
    QVERIFY2(shown.contains("dog1 copy.png is the same photo as dog1.png; it was not added again."), qPrintable(shown));
    QVERIFY2(shown.contains("Added 2 photo(s)."), qPrintable(shown));
    const QString label = w.subjectTab()->findChild<QLabel*>("messages")->text();
    QVERIFY(label.contains("notes.pdf"));

    // Fewer than 4 photos: a hint, not a block.
    QVERIFY(w.subjectTab()->countHint()->text().contains("4 to 6 photos"));

    // Thumbnails arrive from the thread pool.
    QTRY_VERIFY_WITH_TIMEOUT(!w.subjectTab()->photoList()->thumbnailLabel(0)->pixmap().isNull(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.subjectTab()->photoList()->thumbnailLabel(1)->pixmap().isNull(), 10000);
  }

  void absurdShapesAndOtherFormatsAreRefusedByName() {
    // The engine's limits hold in the GUI too: a 8000x1 sliver and a WebP file are refused when added, with
    // the reason, instead of failing later inside training or the metrics.
    QTemporaryDir dir;
    const QString sliver = dir.filePath("sliver.png");
    QVERIFY(olis::test::writeImage(sliver, 8000, 1, 3));
    const QString webp = dir.filePath("phone.webp");
    {
      QFile f(webp);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16));
    }
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(drop(&w, {sliver, webp}));
    QCOMPARE(w.project()->photoCount(), 0);
    const QString shown = w.subjectTab()->messageArea()->plainText();
    QVERIFY2(shown.contains("sliver.png was not added: it is 8000×1 pixels: its long side is more than 16 times its "
                            "short side."),
             qPrintable(shown));
    QVERIFY2(shown.contains("phone.webp was not added: it is a WebP image; Olis reads JPEG, PNG and BMP photos, so "
                            "convert it first."),
             qPrintable(shown));
  }

  void dropOfAFolderTakesItsImagesAndRemoveWorks() {
    QTemporaryDir dir;
    for (int i = 0; i < 7; ++i) QVERIFY(olis::test::writeImage(dir.filePath(QString("p%1.jpg").arg(i)), 600, 600, 10 + i));
    QFile readme(dir.filePath("README.md"));
    QVERIFY(readme.open(QIODevice::WriteOnly));
    readme.write("hello");
    readme.close();
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(drop(&w, {dir.path()}));
    QCOMPARE(w.project()->photoCount(), 7);
    QVERIFY(!w.subjectTab()->messageArea()->plainText().contains("README"));  // folders: only images
    QVERIFY(w.subjectTab()->countHint()->text().contains("More than 6"));
    QCOMPARE(w.subjectTab()->photoList()->rowCount(), 7);
    // Remove the first photo with its button; reorder the rest.
    auto buttons = w.subjectTab()->photoList()->findChildren<QToolButton*>("removePhoto");
    QCOMPARE(buttons.size(), 7);
    buttons.first()->click();
    QCOMPARE(w.project()->photoCount(), 6);
    QCOMPARE(w.project()->photoFileName(0), QString("p1.jpg"));
    QVERIFY(!w.subjectTab()->countHint()->text().contains("More than 6"));
    w.project()->movePhoto(0, 2);
    QCOMPARE(w.project()->photoFileName(2), QString("p1.jpg"));
  }

  void exifOrientationIsHonoured() {
    QTemporaryDir dir;
    const QString path = dir.filePath("rotated.jpg");
    QVERIFY(olis::test::writeJpegWithExifOrientation6(path, 640, 560));
    const auto info = olis::ui::inspectPhoto(path);
    QVERIFY(info.readable_image);
    QCOMPARE(info.size_px, QSize(560, 640));  // displayed upright: portrait
    const QImage thumb = olis::ui::ThumbnailLoader::makeThumbnail(path, QSize(128, 128));
    QVERIFY(!thumb.isNull());
    QVERIFY2(thumb.height() > thumb.width(), "the thumbnail is rotated like the photo is displayed");
    QCOMPARE(thumb.height(), 128);
  }

  void thumbnailsAreHighDpi() {
    QTemporaryDir dir;
    const QString path = dir.filePath("a.png");
    QVERIFY(olis::test::writeImage(path, 800, 600, 3));
    olis::ui::ThumbnailLoader loader;
    QSignalSpy ready(&loader, &olis::ui::ThumbnailLoader::thumbnailReady);
    loader.request(path, QSize(128, 128), 2.0);
    QVERIFY(ready.wait(10000));
    const QImage img = ready.first().at(1).value<QImage>();
    QCOMPARE(img.width(), 256);  // 128 logical pixels at a device pixel ratio of 2
    QCOMPARE(img.devicePixelRatio(), 2.0);
  }
};

QTEST_MAIN(PhotoDropTest)
#include "photo_drop_test.moc"
