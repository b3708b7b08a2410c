#pragma once
// A dialog that shows one generated image large, with the parameters it was made with.
#include <QDialog>

namespace olis::ui {

class ImageViewer : public QDialog {
  Q_OBJECT
 public:
  ImageViewer(const QString& image_path, const QString& parameters, QWidget* parent = nullptr);
};

}  // namespace olis::ui
