#include "ui/main_window.h"

#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>

namespace olis::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Olis"));
  setObjectName("MainWindow");
  tabs_ = new QTabWidget(this);
  tabs_->setObjectName("tabs");
  auto* welcome = new QLabel(tr("Drop 4 to 6 photos of your subject here to start."), tabs_);
  welcome->setAlignment(Qt::AlignCenter);
  tabs_->addTab(welcome, tr("Subject"));
  setCentralWidget(tabs_);
  statusBar()->showMessage(tr("Ready"));
  resize(1100, 720);
}

}  // namespace olis::ui
