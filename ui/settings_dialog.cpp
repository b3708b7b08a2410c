#include "ui/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/language.h"
#include "ui/model_detection.h"

namespace olis::ui {

SettingsDialog::SettingsDialog(const AppSettings& settings, QWidget* parent) : QDialog(parent), base_(settings) {
  setObjectName("SettingsDialog");
  setWindowTitle(tr("Settings"));
  model_ = new QLineEdit(settings.base_model_path, this);
  model_->setObjectName("baseModel");
  model_->setPlaceholderText(tr("a diffusers folder or a .safetensors file"));
  auto* browse = new QPushButton(tr("Browse…"), this);
  auto* menu = new QMenu(browse);
  QAction* folder = menu->addAction(tr("Diffusers folder…"));
  QAction* file = menu->addAction(tr("Single .safetensors file…"));
  browse->setMenu(menu);
  model_type_ = new QLabel(this);
  model_type_->setObjectName("modelType");
  model_type_->setWordWrap(true);
  device_ = new QComboBox(this);
  device_->addItem(tr("Automatic (GPU when available)"), "auto");
  device_->addItem(tr("CPU"), "cpu");
  device_->addItem(tr("CUDA GPU"), "cuda");
  device_->setCurrentIndex(std::max(0, device_->findData(settings.device)));
  precision_ = new QComboBox(this);
  precision_->addItem(tr("Automatic"), "auto");
  precision_->addItem(tr("32-bit float (fp32)"), "fp32");
  precision_->addItem(tr("16-bit float (fp16)"), "fp16");
  precision_->addItem(tr("bfloat16 (bf16)"), "bf16");
  precision_->setCurrentIndex(std::max(0, precision_->findData(settings.precision)));
  output_ = new QLineEdit(settings.output_folder, this);
  output_->setPlaceholderText(tr("the project's outputs folder"));
  auto* out_browse = new QPushButton(tr("Browse…"), this);
  threads_ = new QSpinBox(this);
  threads_->setRange(0, 256);
  threads_->setSpecialValueText(tr("all (%1)").arg(QThread::idealThreadCount()));
  threads_->setValue(settings.threads);
  language_ = new QComboBox(this);
  language_->setObjectName("language");
  language_->addItem(tr("System language"), QString());
  for (const auto& [code, name] : availableLanguages()) language_->addItem(name, code);
  language_->setCurrentIndex(std::max(0, language_->findData(settings.language)));
  auto* lang_note = new QLabel(tr("A new language applies the next time Olis starts."), this);
  lang_note->setStyleSheet(QStringLiteral("color: palette(mid)"));

  auto* model_row = new QHBoxLayout;
  model_row->addWidget(model_, 1);
  model_row->addWidget(browse);
  auto* out_row = new QHBoxLayout;
  out_row->addWidget(output_, 1);
  out_row->addWidget(out_browse);
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* model_label = new QLabel(tr("&Base model:"), this);
  model_label->setBuddy(model_);
  form->addRow(model_label, model_row);
  form->addRow(tr("Detected:"), model_type_);
  form->addRow(tr("&Device:"), device_);
  form->addRow(tr("&Precision:"), precision_);
  auto* out_label = new QLabel(tr("&Output folder:"), this);
  out_label->setBuddy(output_);
  form->addRow(out_label, out_row);
  form->addRow(tr("&Threads:"), threads_);
  form->addRow(tr("&Language:"), language_);
  form->addRow(QString(), lang_note);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addStretch(1);
  layout->addWidget(buttons);

  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(folder, &QAction::triggered, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Choose a diffusers model folder"), model_->text());
    if (!d.isEmpty()) {
      model_->setText(d);
      detect();
    }
  });
  connect(file, &QAction::triggered, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Choose a model file"), model_->text(),
                                                   tr("Safetensors (*.safetensors)"));
    if (!f.isEmpty()) {
      model_->setText(f);
      detect();
    }
  });
  connect(model_, &QLineEdit::editingFinished, this, &SettingsDialog::detect);
  connect(out_browse, &QPushButton::clicked, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Choose the output folder"), output_->text());
    if (!d.isEmpty()) output_->setText(d);
  });
  resize(620, 360);
  detect();
}

void SettingsDialog::detect() {
  const QString path = model_->text().trimmed();
  if (path.isEmpty()) {
    model_type_->setText(tr("No base model chosen. Generation and training need one."));
    return;
  }
  model_type_->setText(tr("Reading…"));
  const int generation = ++detect_generation_;
  ++detecting_;
  auto* watcher = new QFutureWatcher<DetectedModel>(this);
  connect(watcher, &QFutureWatcher<DetectedModel>::finished, this, [this, watcher, generation] {
    const DetectedModel d = watcher->result();
    watcher->deleteLater();
    --detecting_;
    if (generation == detect_generation_) {
      if (d.ok) {
        model_type_->setText(QStringLiteral("<span style='color:#1b5e20'>✔ %1</span>").arg(d.summary.toHtmlEscaped()));
      } else {
        model_type_->setText(QStringLiteral("<span style='color:#b71c1c'>✖ %1</span>")
                                 .arg((d.summary.isEmpty() ? d.error : d.summary + QStringLiteral(": ") + d.error)
                                          .toHtmlEscaped()));
      }
    }
    Q_EMIT detectionFinished();
  });
  watcher->setFuture(QtConcurrent::run([path] { return detectModel(path); }));
}

AppSettings SettingsDialog::settings() const {
  AppSettings s = base_;
  s.base_model_path = model_->text().trimmed();
  s.device = device_->currentData().toString();
  s.precision = precision_->currentData().toString();
  s.output_folder = output_->text().trimmed();
  s.threads = threads_->value();
  s.language = language_->currentData().toString();
  return s;
}

}  // namespace olis::ui
