#include "ui/generate_tab.h"

#include <algorithm>

#include <QComboBox>
#include <QDateTime>
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
#include <QRandomGenerator>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/jobs/train_settings.h"
#include "core/prompts/caption.h"
#include "core/sampling/scheduler_config.h"
#include "ui/engine_worker.h"
#include "ui/image_viewer.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"
#include "ui/thumbnail_loader.h"
#include "ui/trained_results.h"

namespace olis::ui {

namespace fs = std::filesystem;

namespace {
constexpr int kParamsRole = Qt::UserRole + 1;
constexpr int kPathRole = Qt::UserRole + 2;
constexpr int kIconPx = 192;

fs::path toPath(const QString& s) { return fs::path(s.trimmed().toUtf8().toStdString()); }
QString fromPath(const fs::path& p) { return QString::fromUtf8(p.string().c_str()); }
}  // namespace

GenerateTab::GenerateTab(ProjectController* project, EngineWorker* engine, QWidget* parent)
    : QWidget(parent), project_(project), engine_(engine), thumbnails_(new ThumbnailLoader(this)) {
  setObjectName("GenerateTab");
  prompt_ = new QPlainTextEdit(this);
  prompt_->setObjectName("prompt");
  prompt_->setTabChangesFocus(true);
  prompt_->setMaximumHeight(80);
  prompt_->setToolTip(tr("<new> stands for your subject, as in the captions: it becomes the identifier."));
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
  model_choice_ = new TrainedResultsCombo(this);
  model_choice_->setToolTip(tr("The project's base model alone, or with what training made of it"));
  lora_ = new QLineEdit(this);
  lora_->setObjectName("loraPath");
  lora_->setPlaceholderText(tr("a LoRA .safetensors file"));
  auto* lora_browse = new QPushButton(tr("Browse…"), this);
  generate_ = new QPushButton(tr("&Generate"), this);
  generate_->setObjectName("generate");
  generate_->setDefault(true);
  messages_ = new MessageArea(this);
  model_hint_ = new QLabel(this);
  model_hint_->setObjectName("modelHint");
  model_hint_->setWordWrap(true);
  model_hint_->setTextFormat(Qt::RichText);
  gallery_ = new QListWidget(this);
  gallery_->setObjectName("gallery");
  gallery_->setViewMode(QListView::IconMode);
  gallery_->setIconSize(QSize(kIconPx, kIconPx));
  gallery_->setResizeMode(QListView::Adjust);
  gallery_->setMovement(QListView::Static);
  gallery_->setSpacing(6);
  gallery_->setToolTip(tr("Click an image to open it large with its parameters"));
  placeholder_ = new QLabel(tr("Generated images appear here. Click one to open it large."), this);
  placeholder_->setAlignment(Qt::AlignCenter);
  placeholder_->setStyleSheet(QStringLiteral("color: palette(mid)"));

  lora_row_ = new QWidget(this);
  auto* lora_layout = new QHBoxLayout(lora_row_);
  lora_layout->setContentsMargins(0, 0, 0, 0);
  lora_layout->addWidget(lora_, 1);
  lora_layout->addWidget(lora_browse);
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  form->addRow(tr("&Prompt:"), prompt_);
  form->addRow(tr("&Negative prompt:"), negative_);
  auto* model_label = new QLabel(tr("&Model:"), this);
  model_label->setBuddy(model_choice_);
  form->addRow(model_label, model_choice_);
  form->addRow(QString(), lora_row_);
  form->addRow(tr("Sa&mpler:"), sampler_);
  form->addRow(tr("S&teps:"), steps_);
  form->addRow(tr("G&uidance:"), guidance_);
  form->addRow(tr("S&eed:"), seed_);
  form->addRow(tr("Si&ze:"), size_);
  form->addRow(tr("&Batch:"), batch_);
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
  rv->addWidget(placeholder_);
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
  connect(model_choice_, &QComboBox::currentIndexChanged, this, [this] {
    lora_row_->setVisible(model_choice_->choice() == TrainedResultsCombo::Choice::OtherLora);
    storeToProject();
    updateModelHint();
  });
  connect(project_, &ProjectController::projectReplaced, this, [this] {
    loadFromProject();
    loadGallery();
  });
  connect(project_, &ProjectController::subjectChanged, this, [this] {
    updatePlaceholder();
    updateModelHint();
  });
  connect(project_, &ProjectController::baseModelChanged, this, &GenerateTab::updateModelHint);
  connect(prompt_, &QPlainTextEdit::textChanged, this, [this] {
    storeToProject();
    updateModelHint();
  });
  connect(negative_, &QPlainTextEdit::textChanged, this, &GenerateTab::storeToProject);
  connect(lora_, &QLineEdit::editingFinished, this, &GenerateTab::storeToProject);
  for (QSpinBox* s : {steps_, seed_, batch_}) connect(s, &QSpinBox::valueChanged, this, &GenerateTab::storeToProject);
  connect(guidance_, &QDoubleSpinBox::valueChanged, this, &GenerateTab::storeToProject);
  connect(sampler_, &QComboBox::currentIndexChanged, this, &GenerateTab::storeToProject);
  connect(size_, &QComboBox::currentIndexChanged, this, &GenerateTab::storeToProject);
  connect(thumbnails_, &ThumbnailLoader::thumbnailReady, this, &GenerateTab::onThumbnail);

  connect(engine_, &EngineWorker::succeeded, this, [this](int id, double) {
    if (id != job_id_) return;
    if (export_job_) {
      // The checkpoint is exported: generate with what the export wrote.
      std::filesystem::path lora, model;
      for (const auto& e : export_job_->exported()) {
        if (e.format == "kohya") lora = e.path;
        if (e.format == "single_file") model = e.path;
      }
      export_job_.reset();
      refreshResults();
      model_choice_->selectPath(!lora.empty() ? lora : model);
      job_id_ = 0;
      QString error;
      job_ = makeJob(&error);
      if (!job_) {
        finishJob(false, error);
        return;
      }
      job_id_ = engine_->enqueue(job_, tr("Generate %n image(s)", nullptr, settings().batch));
      return;
    }
    const auto& written = job_->written();
    const auto& params = job_->parameters();
    for (size_t i = 0; i < written.size(); ++i) {
      addResult(QString::fromStdString(written[i].string()),
                i < params.size() ? QString::fromStdString(params[i]) : QString());
    }
    finishJob(true, QString());
  });
  connect(engine_, &EngineWorker::failed, this, [this](int id, const QString& message) {
    if (id == job_id_) finishJob(false, message);
  });
  connect(engine_, &EngineWorker::cancelled, this, [this](int id) {
    if (id == job_id_) finishJob(false, QString());
  });
  loadFromProject();
  loadGallery();
}

void GenerateTab::finishJob(bool ok, const QString& message) {
  job_id_ = 0;
  job_.reset();
  export_job_.reset();
  generate_->setEnabled(true);
  if (!message.isEmpty()) messages_->showMessages({{UiMessage::Level::Error, message}});
  Q_EMIT generationFinished(ok);
}

void GenerateTab::setPipelineProvider(olis::jobs::PipelineProvider provider) {
  provider_ = std::move(provider);
  updateModelHint();
}

void GenerateTab::setBaseModelPath(const QString& path) {
  project_->setBaseModel(path);
  updateModelHint();
}

void GenerateTab::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  refreshResults();  // training or an export may have made new results since the tab was last shown
}

fs::path GenerateTab::outputDir() const {
  const QString folder = project_->folder();
  if (folder.isEmpty()) return {};
  const fs::path dir = toPath(folder);
  // The file's output_dir without resolving the settings (that would read the base model's headers).
  const fs::path out = olis::jobs::train_output_dir(dir);
  return out.empty() ? dir / "training" : out;
}

void GenerateTab::refreshResults() {
  const QSignalBlocker block(model_choice_);
  model_choice_->refresh(outputDir());
  lora_row_->setVisible(model_choice_->choice() == TrainedResultsCombo::Choice::OtherLora);
  updateModelHint();
}

void GenerateTab::updatePlaceholder() {
  const auto& s = project_->project().subject;
  const std::string cls = s.specific_class.empty() ? s.class_noun : s.specific_class;
  prompt_->setPlaceholderText(cls.empty() ? tr("a photo of <new> on the beach")
                                          : tr("a photo of <new> %1 on the beach").arg(QString::fromStdString(cls)));
}

QString GenerateTab::renderedPrompt() const {
  return QString::fromStdString(olis::prompts::render_caption(prompt_->toPlainText().toStdString(),
                                                              project_->project().subject.identifier));
}

void GenerateTab::updateModelHint() {
  const QString base = project_->baseModel();
  QString text;
  if (!provider_) {
    text = tr("No model loaded: this build cannot generate images yet.");
  } else if (base.isEmpty()) {
    text = tr("No model loaded: choose the project's base model in the Train tab or in Settings (Ctrl+,).");
  } else {
    text = tr("Base model: %1").arg(QDir::toNativeSeparators(base));
    if (auto r = model_choice_->result()) text += QLatin1Char('\n') + tr("With: %1").arg(fromPath(r->path));
    const bool uses_new = prompt_->toPlainText().contains(QLatin1String(olis::prompts::kPlaceholder));
    if (uses_new && model_choice_->choice() == TrainedResultsCombo::Choice::BaseModel)
      text += QLatin1Char('\n') + (model_choice_->resultCount() > 0
                                       ? tr("The base model alone does not know <new> yet: choose a trained result above.")
                                       : tr("The base model alone does not know <new> yet: train it in the Train tab first."));
  }
  model_hint_->setText(breakableHtml(text).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
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
  // The LoRA in use: a trained result's (kept relative to the project, so that the folder can move) or another file.
  if (model_choice_->choice() == TrainedResultsCombo::Choice::OtherLora) {
    g.lora_path = lora_->text().trimmed().toStdString();
  } else if (auto r = model_choice_->result(); r && r->kind == olis::jobs::RunResultKind::Lora) {
    fs::path p = r->path;
    if (!project_->folder().isEmpty()) {
      const fs::path rel = p.lexically_relative(toPath(project_->folder()));
      if (!rel.empty() && *rel.begin() != "..") p = rel;
    }
    g.lora_path = p.string();
  }
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
  {
    const QSignalBlocker block(model_choice_);
    model_choice_->refresh(outputDir());
    fs::path lora = g.lora_path;
    if (lora.is_relative() && !lora.empty() && !project_->folder().isEmpty()) lora = toPath(project_->folder()) / lora;
    const auto choice = model_choice_->selectPath(lora);
    lora_->setText(choice == TrainedResultsCombo::Choice::OtherLora ? QString::fromStdString(g.lora_path) : QString());
    lora_row_->setVisible(choice == TrainedResultsCombo::Choice::OtherLora);
  }
  loading_ = false;
  updatePlaceholder();
  updateModelHint();
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
    *error = tr("No model loaded: this build of Olis cannot generate images yet.");
    return nullptr;
  }
  const QString base = project_->baseModel();
  if (base.isEmpty()) {
    *error = tr("No model loaded: choose the project's base model (a diffusers folder or a .safetensors file) in the "
                "Train tab or in Settings.");
    return nullptr;
  }
  olis::jobs::GenerationJobParams p;
  const std::string& identifier = project_->project().subject.identifier;
  p.generate.prompt = olis::prompts::render_caption(s.prompt, identifier);
  p.generate.negative_prompt = olis::prompts::render_caption(s.negative_prompt, identifier);
  p.generate.width = s.width_px;
  p.generate.height = s.height_px;
  p.generate.steps = s.steps;
  p.generate.batch_size = s.batch;
  p.generate.guidance_scale = s.guidance;
  p.generate.seed = s.seed >= 0 ? static_cast<uint64_t>(s.seed) : QRandomGenerator::global()->bounded(2147483647u);
  if (!s.sampler.empty()) {
    p.generate.sampler = olis::sampling::scheduler_kind_from_sampler_name(s.sampler);
  }
  p.model_path = toPath(base);
  if (auto r = model_choice_->result()) {
    if (r->kind == olis::jobs::RunResultKind::FullModel) p.model_path = r->path;  // the fine-tuned model itself
    if (r->kind == olis::jobs::RunResultKind::Lora) p.lora_path = r->path;
  } else if (model_choice_->choice() == TrainedResultsCombo::Choice::OtherLora) {
    if (s.lora_path.empty()) {
      *error = tr("Choose the LoRA file, or another model.");
      return nullptr;
    }
    p.lora_path = s.lora_path;
  }
  const QString name = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")) + QStringLiteral(".png");
  p.output_path = QDir(project_->outputFolder()).filePath(QStringLiteral("generated/") + name).toStdString();
  return std::make_shared<olis::jobs::GenerationJob>(p, provider_);
}

void GenerateTab::generate() {
  if (job_id_ != 0) return;
  messages_->clear();
  if (auto r = model_choice_->result(); r && r->kind == olis::jobs::RunResultKind::Checkpoint) {
    // A kept checkpoint: export it into the run's export folder first (as the Train tab's Export does), then
    // generate with the export. Both run on the engine thread.
    if (!provider_ || project_->baseModel().isEmpty() || prompt_->toPlainText().trimmed().isEmpty()) {
      QString error;
      makeJob(&error);  // the same explanation as without a checkpoint
      messages_->showMessages({{UiMessage::Level::Warning, error}});
      return;
    }
    olis::jobs::ProjectJobOptions o;
    o.task = olis::jobs::ProjectTask::Export;
    o.export_step = r->step;
    export_job_ = std::make_shared<olis::jobs::ProjectJob>(toPath(project_->folder()), o);
    generate_->setEnabled(false);
    job_id_ = engine_->enqueue(export_job_, tr("Export checkpoint %1").arg(r->step.value_or(0)));
    return;
  }
  QString error;
  job_ = makeJob(&error);
  if (!job_) {
    messages_->showMessages({{UiMessage::Level::Warning, error}});
    return;
  }
  generate_->setEnabled(false);
  const QString title = tr("Generate %n image(s)", nullptr, settings().batch);
  job_id_ = engine_->enqueue(job_, title);
}

void GenerateTab::loadGallery() {
  gallery_->clear();
  placeholder_->show();
  if (project_->folder().isEmpty()) return;
  // The images of earlier sessions; their names are their creation times, so the name order is the time order.
  const QDir dir(QDir(project_->outputFolder()).filePath(QStringLiteral("generated")));
  for (const QString& name : dir.entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name))
    addResult(dir.filePath(name), QString());
}

void GenerateTab::addResult(const QString& image_path, const QString& parameters) {
  placeholder_->hide();
  auto* item = new QListWidgetItem(QFileInfo(image_path).fileName(), gallery_);
  item->setData(kPathRole, image_path);
  item->setData(kParamsRole, parameters);
  item->setToolTip(parameters);
  const qreal dpr = devicePixelRatioF();
  const QImage cached = thumbnails_->cached(image_path, QSize(kIconPx, kIconPx), dpr);
  if (!cached.isNull()) item->setIcon(QIcon(QPixmap::fromImage(cached)));
  else thumbnails_->request(image_path, QSize(kIconPx, kIconPx), dpr);  // decoded off the UI thread
}

void GenerateTab::onThumbnail(const QString& path, const QImage& image) {
  for (int i = 0; i < gallery_->count(); ++i) {
    QListWidgetItem* item = gallery_->item(i);
    if (item->data(kPathRole).toString() != path) continue;
    item->setIcon(QIcon(QPixmap::fromImage(image)));
    if (item->data(kParamsRole).toString().isEmpty()) {
      // Read back from the PNG's "parameters" chunk (a header read, no decoding).
      const QString params = QImageReader(path).text(QStringLiteral("parameters"));
      item->setData(kParamsRole, params);
      item->setToolTip(params);
    }
  }
}

void GenerateTab::openImage(int row) {
  QListWidgetItem* item = gallery_->item(row);
  if (!item) return;
  const QString path = item->data(kPathRole).toString();
  QString params = item->data(kParamsRole).toString();
  if (params.isEmpty()) params = QImageReader(path).text(QStringLiteral("parameters"));
  auto* viewer = new ImageViewer(path, params, this);
  viewer->setAttribute(Qt::WA_DeleteOnClose);
  viewer->setObjectName("imageViewer");
  viewer->show();
}

}  // namespace olis::ui
