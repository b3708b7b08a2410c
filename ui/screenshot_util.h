#pragma once
// Helpers of `olis --screenshot` (screenshot_mode.cpp, screenshot_booth.cpp): wait for the UI while it
// keeps processing events, and save a widget's picture.
#include <QApplication>
#include <QElapsedTimer>
#include <QString>
#include <QTextStream>
#include <QThread>
#include <QWidget>

namespace olis::ui {

// Processes events until done() or timeout_ms; false on timeout. waitFor([] { return false; }, ms) lets the
// UI settle for ms.
template <class Pred>
bool waitFor(Pred done, int timeout_ms) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > timeout_ms) return false;
    QApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return true;
}

// Lets layouts and thumbnails settle for settle_ms, then writes w's picture to path and says so on stdout.
inline bool saveScreenshot(QWidget* w, const QString& path, int settle_ms) {
  waitFor([] { return false; }, settle_ms);
  const bool ok = w->grab().save(path);
  QTextStream(stdout) << (ok ? "wrote " : "FAILED to write ") << path << "\n";
  return ok;
}

}  // namespace olis::ui
