#include "ui/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include "ui/language.h"
#include "ui/model_picker.h"

namespace olis::ui {

SettingsDialog::SettingsDialog(const AppSettings& settings, QWidget* parent) : QDialog(parent), base_(settings) {
  setObjectName("SettingsDialog");
  setWindowTitle(tr("Settings"));
  model_ = new ModelPicker(ModelRole::BaseModel, this);
  model_->setObjectName("baseModel");
  model_->setPath(settings.base_model_path);
  auto* model_note = new QLabel(tr("The open project's base model, for training and generation; new projects start "
                                   "with it too."), this);
  model_note->setWordWrap(true);
  model_note->setStyleSheet(QStringLiteral("color: palette(mid)"));
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

  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* model_label = new QLabel(tr("&Base model:"), this);
  model_label->setBuddy(model_->lineEdit());
  form->addRow(model_label, model_);
  form->addRow(QString(), model_note);
  form->addRow(tr("&Device:"), device_);
  form->addRow(tr("&Precision:"), precision_);
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
  connect(model_, &ModelPicker::detectionFinished, this, &SettingsDialog::detectionFinished);
  resize(640, 400);
}

QLabel* SettingsDialog::modelTypeLabel() const { return model_->resultLabel(); }
bool SettingsDialog::isDetecting() const { return model_->isDetecting(); }

AppSettings SettingsDialog::settings() const {
  AppSettings s = base_;
  s.base_model_path = model_->path();
  s.device = device_->currentData().toString();
  s.precision = precision_->currentData().toString();
  s.threads = threads_->value();
  s.language = language_->currentData().toString();
  return s;
}

}  // namespace olis::ui
