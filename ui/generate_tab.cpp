#include "ui/generate_tab.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QRandomGenerator>
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

#include "core/sampling/scheduler_config.h"
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
  sampler_->addItem(tr("Model default"), "");
  sampler_->addItem(tr("Euler"), "euler");
  sampler_->addItem(tr("DDIM"), "ddim");
  sampler_->addItem(tr("DDPM"), "ddpm");
  sampler_->addItem(tr("DPM-Solver++ 2M"), "dpmpp2m");
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
    const auto& written = job_->written();
    const auto& params = job_->parameters();
    for (size_t i = 0; i < written.size(); ++i) {
      addResult(QString::fromStdString(written[i].string()),
                i < params.size() ? QString::fromStdString(params[i]) : QString());
    }
    job_id_ = 0;
    job_.reset();
    generate_->setEnabled(true);
    Q_EMIT generationFinished(true);
  });
  connect(engine_, &EngineWorker::failed, this, [this](int id, const QString& message) {
    if (id != job_id_) return;
    job_id_ = 0;
    job_.reset();
    generate_->setEnabled(true);
    messages_->showMessages({{UiMessage::Level::Error, message}});
    Q_EMIT generationFinished(false);
  });
  connect(engine_, &EngineWorker::cancelled, this, [this](int id) {
    if (id != job_id_) return;
    job_id_ = 0;
    job_.reset();
    generate_->setEnabled(true);
    Q_EMIT generationFinished(false);
  });
  loadFromProject();
  updateModelHint();
}

void GenerateTab::setPipelineProvider(olis::jobs::PipelineProvider provider) {
  provider_ = std::move(provider);
  updateModelHint();
}

void GenerateTab::setBaseModelPath(const QString& path) {
  base_model_ = path;
  updateModelHint();
}

void GenerateTab::updateModelHint() {
  if (!provider_) {
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

std::shared_ptr<olis::jobs::GenerationJob> GenerateTab::makeJob(QString* error) const {
  const auto s = settings();
  if (s.prompt.empty()) {
    *error = tr("Write a prompt first.");
    return nullptr;
  }
  if (!provider_) {
    *error = tr("No model loaded: this build of Olis cannot generate images yet. Choose a base model in "
                "Settings once the image pipeline is available.");
    return nullptr;
  }
  if (base_model_.isEmpty()) {
    *error = tr("No model loaded: choose a base model (a diffusers folder or a .safetensors file) in Settings.");
    return nullptr;
  }
  olis::jobs::GenerationJobParams p;
  p.generate.prompt = s.prompt;
  p.generate.negative_prompt = s.negative_prompt;
  p.generate.width = s.width_px;
  p.generate.height = s.height_px;
  p.generate.steps = s.steps;
  p.generate.batch_size = s.batch;
  p.generate.guidance_scale = s.guidance;
  p.generate.seed = s.seed >= 0 ? static_cast<uint64_t>(s.seed) : QRandomGenerator::global()->bounded(2147483647u);
  if (!s.sampler.empty()) {
    p.generate.sampler = olis::sampling::scheduler_kind_from_sampler_name(s.sampler);
  }
  p.model_path = base_model_.toStdString();
  p.lora_path = s.lora_path;
  const QString name = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")) + QStringLiteral(".png");
  p.output_path = QDir(project_->outputFolder()).filePath(QStringLiteral("generated/") + name).toStdString();
  return std::make_shared<olis::jobs::GenerationJob>(p, provider_);
}

void GenerateTab::generate() {
  if (job_id_ != 0) return;
  QString error;
  job_ = makeJob(&error);
  if (!job_) {
    messages_->showMessages({{UiMessage::Level::Warning, error}});
    return;
  }
  messages_->clear();
  generate_->setEnabled(false);
  const QString title = tr("Generate %n image(s)", nullptr, settings().batch);
  job_id_ = engine_->enqueue(job_, title);
}

void GenerateTab::addResult(const QString& image_path, const QString& parameters) {
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
  item->setData(kParamsRole, parameters);
  item->setToolTip(parameters);
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
