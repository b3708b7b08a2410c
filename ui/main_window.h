#pragma once

#include <QMainWindow>

class QTabWidget;

namespace olis::ui {

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

  QTabWidget* tabs() const { return tabs_; }

 private:
  QTabWidget* tabs_ = nullptr;
};

}  // namespace olis::ui
