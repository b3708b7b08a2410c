#include <QAction>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest>

#include "ui/main_window.h"

class MainWindowTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void opensWithTabsAndShortcuts() {
    olis::ui::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // Subject, Prompts, Pools, Train, Personalize, Compare, Generate, Benchmark
    QCOMPARE(w.tabs()->count(), 8);
    QVERIFY(w.windowTitle().endsWith("— Olis"));
    QStringList shortcuts;
    for (QAction* a : w.findChildren<QAction*>()) {
      if (!a->shortcut().isEmpty()) shortcuts << a->shortcut().toString();
    }
    for (const char* s : {"Ctrl+N", "Ctrl+O", "Ctrl+S", "Ctrl+I", "Ctrl+R", "Ctrl+T", "Ctrl+1", "Ctrl+8"}) {
      QVERIFY2(shortcuts.contains(s), s);
    }
  }

  void layoutSurvivesSmallScreens() {
    olis::ui::MainWindow w;
    w.resize(640, 480);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    for (int i = 0; i < w.tabs()->count(); ++i) {
      w.tabs()->setCurrentIndex(i);
      QTest::qWait(20);
      QWidget* tab = w.tabs()->currentWidget();
      QVERIFY2(tab->width() <= w.width() && tab->height() > 100, qPrintable(w.tabs()->tabText(i)));
    }
    QVERIFY(w.width() <= 700);
  }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
