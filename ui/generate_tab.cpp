#include "ui/generate_tab.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/engine_worker.h"
#include "ui/image_viewer.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"

namespace olis::ui {

namespace {
constexpr int kParamsRole = Qt::UserRole + 1;
constexpr int kPathRole = Qt::UserRole + 2;
}  // namespace

GenerateTab::GenerateTab(ProjectController* project, EngineWorker* engine, QWidget* parent)
    : QWidget(parent), project_(project), engine_(engine) {
  setObjectName("GenerateTab");
  prompt_ = new QPlainTextEdit(this);
  prompt_->setObjectName("prompt");
  prompt_->setPlaceholderText(tr("a photo of olis dog on the beach"));
  prompt_->setTabChangesFocus(true);
  prompt_->setMaximumHeight(80);
  negative_ = new QPlainTextEdit(this);
  negative_->setPlaceholderText(tr("blurry, low quality"));
  negative_->setTabChangesFocus(true);
  negative_->setMaximumHeight(60);
  sampler_ = new QComboBox(this);
  sampler_->addItem(tr("Euler"), "euler");
  sampler_->addItem(tr("Euler ancestral"), "euler_a");
  sampler_->addItem(tr("DDIM"), "ddim");
  sampler_->addItem(tr("DPM-Solver++ 2M"), "dpmpp_2m");
  steps_ = new QSpinBox(this);
  steps_->setRange(1, 200);
  guidance_ = new QDoubleSpinBox(this);
  guidance_->setRange(0.0, 30.0);
  guidance_->setSingleStep(0.5);
  seed_ = new QSpinBox(this);
  seed_->setRange(-1, 2147483647);
  seed_->setSpecialValueText(tr("random"));
  size_ = new QComboBox(this);
  for (const auto& s : {QSize(512, 512), QSize(768, 768), QSize(1024, 1024), QSize(512, 768), QSize(768, 512),
                        QSize(832, 1216), QSize(1216, 832)}) {
    size_->addItem(QStringLiteral("%1 × %2").arg(s.width()).arg(s.height()), s);
  }
  batch_ = new QSpinBox(this);
  batch_->setRange(1, 16);
  lora_ = new QLineEdit(this);
  lora_->setPlaceholderText(tr("none"));
  auto* lora_browse = new QPushButton(tr("Browse…"), this);
  generate_ = new QPushButton(tr("&Generate"), this);
  generate_->setObjectName("generate");
  generate_->setDefault(true);
  messages_ = new MessageArea(this);
  model_hint_ = new QLabel(this);
  model_hint_->setObjectName("modelHint");
  model_hint_->setWordWrap(true);
  model_hint_->setStyleSheet(QStringLiteral("color: palette(mid)"));
  gallery_ = new QListWidget(this);
  gallery_->setObjectName("gallery");
  gallery_->setViewMode(QListView::IconMode);
  gallery_->setIconSize(QSize(192, 192));
  gallery_->setResizeMode(QListView::Adjust);
  gallery_->setMovement(QListView::Static);
  gallery_->setSpacing(6);
  gallery_->setToolTip(tr("Click an image to open it large with its parameters"));
  auto* placeholder = new QLabel(tr("Generated images appear here. Click one to open it large."), this);
  placeholder->setAlignment(Qt::AlignCenter);
  placeholder->setStyleSheet(QStringLiteral("color: palette(mid)"));

  auto* lora_row = new QHBoxLayout;
  lora_row->addWidget(lora_, 1);
  lora_row->addWidget(lora_browse);
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->addRow(tr("&Prompt:"), prompt_);
  form->addRow(tr("&Negative prompt:"), negative_);
  form->addRow(tr("Sa&mpler:"), sampler_);
  form->addRow(tr("S&teps:"), steps_);
  form->addRow(tr("G&uidance:"), guidance_);
  form->addRow(tr("S&eed:"), seed_);
  form->addRow(tr("Si&ze:"), size_);
  form->addRow(tr("&Batch:"), batch_);
  auto* lora_label = new QLabel(tr("&LoRA:"), this);
  lora_label->setBuddy(lora_);
  form->addRow(lora_label, lora_row);
  auto* left = new QWidget(this);
  auto* lv = new QVBoxLayout(left);
  lv->setContentsMargins(0, 0, 0, 0);
  lv->addLayout(form);
  lv->addWidget(generate_);
  lv->addWidget(model_hint_);
  lv->addWidget(messages_);
  lv->addStretch(1);
  left->setMinimumWidth(300);
  auto* right = new QWidget(this);
  auto* rv = new QVBoxLayout(right);
  rv->setContentsMargins(0, 0, 0, 0);
  rv->addWidget(placeholder);
  rv->addWidget(gallery_, 1);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  split->setSizes({380, 640});
  split->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(generate_, &QPushButton::clicked, this, &GenerateTab::generate);
  connect(gallery_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) { openImage(gallery_->row(item)); });
  connect(gallery_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) { openImage(gallery_->row(item)); });
  connect(lora_browse, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Choose a LoRA"), QString(), tr("LoRA weights (*.safetensors)"));
    if (!f.isEmpty()) {
      lora_->setText(f);
      storeToProject();
    }
  });
  connect(project_, &ProjectController::projectReplaced, this, &GenerateTab::loadFromProject);
  connect(prompt_, &QPlainTextEdit::textChanged, this, &GenerateTab::storeToProject);
  connect(negative_, &QPlainTextEdit::textChanged, this, &GenerateTab::storeToProject);
  connect(lora_, &QLineEdit::editingFinished, this, &GenerateTab::storeToProject);
  for (QSpinBox* s : {steps_, seed_, batch_}) connect(s, &QSpinBox::valueChanged, this, &GenerateTab::storeToProject);
  connect(guidance_, &QDoubleSpinBox::valueChanged, this, &GenerateTab::storeToProject);
  connect(sampler_, &QComboBox::currentIndexChanged, this, &GenerateTab::storeToProject);
  connect(size_, &QComboBox::currentIndexChanged, this, &GenerateTab::storeToProject);
  connect(gallery_->model(), &QAbstractItemModel::rowsInserted, placeholder, &QWidget::hide);

  connect(engine_, &EngineWorker::succeeded, this, [this](int id, double) {
    if (id != job_id_) return;
    job_id_ = 0;
    generate_->setEnabled(true);
  });
  connect(engine_, &EngineWorker::failed, this, [this](int id, const QString& message) {
    if (id != job_id_) return;
    job_id_ = 0;
    generate_->setEnabled(true);
    messages_->showMessages({{UiMessage::Level::Error, message}});
  });
  connect(engine_, &EngineWorker::cancelled, this, [this](int id) {
    if (id != job_id_) return;
    job_id_ = 0;
    generate_->setEnabled(true);
  });
  loadFromProject();
  updateModelHint();
}

void GenerateTab::setJobFactory(GenerationJobFactory factory) {
  factory_ = std::move(factory);
  updateModelHint();
}

void GenerateTab::setBaseModelPath(const QString& path) {
  base_model_ = path;
  updateModelHint();
}

void GenerateTab::updateModelHint() {
  if (!factory_) {
    model_hint_->setText(tr("No model loaded: this build cannot generate images yet."));
  } else if (base_model_.isEmpty()) {
    model_hint_->setText(tr("No model loaded: choose a base model in Settings (Ctrl+,)."));
  } else {
    model_hint_->setText(tr("Base model: %1").arg(QDir::toNativeSeparators(base_model_)));
  }
}

olis::jobs::GenerateSettings GenerateTab::settings() const {
  olis::jobs::GenerateSettings g;
  g.prompt = prompt_->toPlainText().toStdString();
  g.negative_prompt = negative_->toPlainText().toStdString();
  g.sampler = sampler_->currentData().toString().toStdString();
  g.steps = steps_->value();
  g.guidance = guidance_->value();
  g.seed = seed_->value();
  const QSize s = size_->currentData().toSize();
  g.width_px = s.width();
  g.height_px = s.height();
  g.batch = batch_->value();
  g.lora_path = lora_->text().trimmed().toStdString();
  return g;
}

void GenerateTab::loadFromProject() {
  loading_ = true;
  const auto& g = project_->project().generate;
  prompt_->setPlainText(QString::fromStdString(g.prompt));
  negative_->setPlainText(QString::fromStdString(g.negative_prompt));
  const int si = sampler_->findData(QString::fromStdString(g.sampler));
  sampler_->setCurrentIndex(si >= 0 ? si : 0);
  steps_->setValue(g.steps);
  guidance_->setValue(g.guidance);
  seed_->setValue(static_cast<int>(std::clamp<int64_t>(g.seed, -1, 2147483647)));
  const int zi = size_->findData(QSize(g.width_px, g.height_px));
  size_->setCurrentIndex(zi >= 0 ? zi : 0);
  batch_->setValue(g.batch);
  lora_->setText(QString::fromStdString(g.lora_path));
  loading_ = false;
}

void GenerateTab::storeToProject() {
  if (!loading_) project_->setGenerate(settings());
}

QString GenerateTab::describe(const olis::jobs::GenerateSettings& s) {
  QStringList lines;
  lines << tr("Prompt: %1").arg(QString::fromStdString(s.prompt));
  if (!s.negative_prompt.empty()) lines << tr("Negative prompt: %1").arg(QString::fromStdString(s.negative_prompt));
  lines << tr("Sampler: %1, %2 steps, guidance %3").arg(QString::fromStdString(s.sampler)).arg(s.steps).arg(s.guidance);
  lines << tr("Seed: %1, size %2 × %3").arg(s.seed).arg(s.width_px).arg(s.height_px);
  if (!s.lora_path.empty()) lines << tr("LoRA: %1").arg(QString::fromStdString(s.lora_path));
  return lines.join(QLatin1Char('\n'));
}

void GenerateTab::generate() {
  if (job_id_ != 0) return;
  const auto s = settings();
  if (s.prompt.empty()) {
    messages_->showMessages({{UiMessage::Level::Warning, tr("Write a prompt first.")}});
    return;
  }
  QString error;
  std::shared_ptr<olis::jobs::Job> job;
  if (factory_) {
    GenerationRequest request{s, base_model_, project_->outputFolder() + QStringLiteral("/generated")};
    job = factory_(request, &error);
  } else {
    error = tr("No model loaded: this build of Olis cannot generate images yet. Choose a base model in "
               "Settings once the image pipeline is available.");
  }
  if (!job) {
    messages_->showMessages({{UiMessage::Level::Warning, error}});
    return;
  }
  messages_->clear();
  generate_->setEnabled(false);
  job_id_ = engine_->enqueue(std::move(job));
}

void GenerateTab::addResult(const QString& image_path, const olis::jobs::GenerateSettings& params) {
  QImageReader reader(image_path);
  reader.setAutoTransform(true);
  const qreal dpr = devicePixelRatioF();
  const QSize icon = gallery_->iconSize() * dpr;
  QSize size = reader.size();
  if (size.isValid()) reader.setScaledSize(size.scaled(icon, Qt::KeepAspectRatio));
  QPixmap pm = QPixmap::fromImage(reader.read());
  pm.setDevicePixelRatio(dpr);
  auto* item = new QListWidgetItem(QIcon(pm), QFileInfo(image_path).fileName(), gallery_);
  item->setData(kPathRole, image_path);
  item->setData(kParamsRole, describe(params));
  item->setToolTip(describe(params));
}

void GenerateTab::openImage(int row) {
  QListWidgetItem* item = gallery_->item(row);
  if (!item) return;
  auto* viewer = new ImageViewer(item->data(kPathRole).toString(), item->data(kParamsRole).toString(), this);
  viewer->setAttribute(Qt::WA_DeleteOnClose);
  viewer->setObjectName("imageViewer");
  viewer->show();
}

}  // namespace olis::ui
