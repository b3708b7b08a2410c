#include <QTabWidget>
#include <QtTest>

#include "ui/main_window.h"

class MainWindowTest : public QObject {
  Q_OBJECT
 private slots:
  void opensWithTabs() {
    olis::ui::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.tabs()->count() >= 1);
    QCOMPARE(w.windowTitle(), QString("Olis"));
  }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
