#include "ui/image_viewer.h"

#include <algorithm>

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace olis::ui {

ImageViewer::ImageViewer(const QString& image_path, const QString& parameters, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("%1 — Olis").arg(QFileInfo(image_path).fileName()));
  QImageReader reader(image_path);
  reader.setAutoTransform(true);
  const QImage image = reader.read();
  auto* label = new QLabel(this);
  label->setAlignment(Qt::AlignCenter);
  if (image.isNull()) {
    label->setText(tr("Cannot show %1: %2").arg(image_path, reader.errorString()));
  } else {
    // Small images (validation images of a test run, 64 px) are enlarged to be seen; large ones keep their size.
    const int factor = std::max(1, 512 / std::max(1, std::max(image.width(), image.height())));
    label->setPixmap(QPixmap::fromImage(factor > 1 ? image.scaled(image.size() * factor, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                                                   : image));
    if (factor > 1) label->setToolTip(tr("%1 × %2 pixels, shown %3 times larger").arg(image.width()).arg(image.height()).arg(factor));
  }
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(label);
  scroll->setWidgetResizable(true);
  auto* params = new QPlainTextEdit(parameters, this);
  params->setReadOnly(true);
  params->setMaximumHeight(110);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(scroll, 1);
  layout->addWidget(params);
  layout->addWidget(buttons);
  resize(760, 820);
}

}  // namespace olis::ui
