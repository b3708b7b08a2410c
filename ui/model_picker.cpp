#include "ui/model_picker.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/message_area.h"

namespace olis::ui {

ModelPicker::ModelPicker(ModelRole role, QWidget* parent) : QWidget(parent), role_(role) {
  edit_ = new QLineEdit(this);
  edit_->setClearButtonEnabled(true);
  browse_ = new QPushButton(tr("Browse…"), this);
  browse_->setObjectName("browse");
  auto* menu = new QMenu(browse_);
  switch (role_) {
    case ModelRole::BaseModel:
      edit_->setPlaceholderText(tr("a diffusers folder or a .safetensors file"));
      menu->addAction(tr("Model folder (diffusers layout)…"), this, [this] { browse(true); });
      menu->addAction(tr("Single checkpoint file (.safetensors)…"), this, [this] { browse(false); });
      break;
    case ModelRole::Clip:
      menu->addAction(tr("CLIP model folder…"), this, [this] { browse(true); });
      break;
    case ModelRole::Dino:
      menu->addAction(tr("DINO model folder…"), this, [this] { browse(true); });
      menu->addAction(tr("DINO weights file (.safetensors)…"), this, [this] { browse(false); });
      break;
  }
  browse_->setMenu(menu);
  result_ = new QLabel(this);
  result_->setObjectName("detected");
  result_->setWordWrap(true);
  result_->setTextFormat(Qt::RichText);
  result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* row = new QHBoxLayout;
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(edit_, 1);
  row->addWidget(browse_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(row);
  layout->addWidget(result_);
  setFocusProxy(edit_);
  connect(edit_, &QLineEdit::editingFinished, this, [this] {
    if (path() == detected_path_ && !isDetecting()) return;
    pick(path());
  });
  detect();
}

QString ModelPicker::path() const { return edit_->text().trimmed(); }

void ModelPicker::setPath(const QString& path) {
  if (path.trimmed() == this->path() && path.trimmed() == detected_path_) return;
  edit_->setText(QDir::toNativeSeparators(path.trimmed()));
  detect();
}

void ModelPicker::setPlaceholderText(const QString& text) { edit_->setPlaceholderText(text); }

void ModelPicker::setShowNotes(bool show) {
  if (show == show_notes_) return;
  show_notes_ = show;
  detect();
}

void ModelPicker::browse(bool folder) {
  const QString start = path().isEmpty() ? QString() : (QFileInfo(path()).isDir() ? path() : QFileInfo(path()).absolutePath());
  QString chosen;
  if (folder) {
    const QString title = role_ == ModelRole::BaseModel ? tr("Choose the model folder (the one holding model_index.json)")
                                                        : tr("Choose the model folder");
    chosen = QFileDialog::getExistingDirectory(this, title, start);
  } else {
    chosen = QFileDialog::getOpenFileName(this, tr("Choose a .safetensors file"), start, tr("Safetensors (*.safetensors)"));
  }
  if (!chosen.isEmpty()) pick(chosen);
}

void ModelPicker::pick(const QString& path) {
  // Someone who picks model_index.json (or a file inside the model folder) means the folder.
  QString p = path;
  const QFileInfo info(p);
  if (role_ == ModelRole::BaseModel && info.isFile() && info.fileName() == QLatin1String("model_index.json"))
    p = info.absolutePath();
  edit_->setText(QDir::toNativeSeparators(p));
  detect();
  Q_EMIT pathEdited(this->path());
}

void ModelPicker::detect() {
  const QString p = path();
  detected_path_ = p;
  if (p.isEmpty()) {
    detected_ = DetectedModel{};
    result_->setText(role_ == ModelRole::BaseModel
                         ? QStringLiteral("<span style='color:#8a5a00'>%1</span>")
                               .arg(tr("No base model chosen: generation and training need one.").toHtmlEscaped())
                         : QString());
    Q_EMIT detectionFinished();
    return;
  }
  result_->setText(tr("Reading…"));
  const int generation = ++generation_;
  ++detecting_;
  auto* watcher = new QFutureWatcher<DetectedModel>(this);
  connect(watcher, &QFutureWatcher<DetectedModel>::finished, this, [this, watcher, generation] {
    const DetectedModel d = watcher->result();
    watcher->deleteLater();
    --detecting_;
    if (generation != generation_) return;
    detected_ = d;
    QString html;
    if (d.ok) {
      html = QStringLiteral("<span style='color:#1b5e20'>✔ %1</span>").arg(breakableHtml(d.summary));
      if (show_notes_ && !d.note.isEmpty()) html += QStringLiteral("<br><span style='color:#8a5a00'>⚠ %1</span>").arg(breakableHtml(d.note));
    } else {
      const QString text = d.summary.isEmpty() ? d.error : d.summary + QStringLiteral(": ") + d.error;
      html = QStringLiteral("<span style='color:#b71c1c'>✖ %1</span>").arg(breakableHtml(text));
    }
    result_->setText(html);
    Q_EMIT detectionFinished();
  });
  const ModelRole role = role_;
  watcher->setFuture(QtConcurrent::run([p, role] { return detectModel(p, role); }));
}

}  // namespace olis::ui
