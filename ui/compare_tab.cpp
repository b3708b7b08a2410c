#include "ui/compare_tab.h"

#include <set>

#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

#include "core/jobs/train_settings.h"
#include "core/jobs/train_logs.h"
#include "core/training/checkpoint.h"
#include "ui/compare_grid_view.h"
#include "ui/engine_worker.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"

namespace olis::ui {

namespace fs = std::filesystem;
using olis::jobs::CompareModel;
using olis::jobs::CompareModelKind;

namespace {

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

QString describe(const CompareModel& m) {
  const QString name = QFileInfo(q(m.path)).fileName();
  switch (m.kind) {
    case CompareModelKind::BaseModel: return CompareTab::tr("Base model: %1").arg(name);
    case CompareModelKind::Checkpoint:
      return m.step ? CompareTab::tr("%1, step %2").arg(name).arg(*m.step)
                    : CompareTab::tr("%1, suggested checkpoint").arg(name);
    case CompareModelKind::LoraFile: return CompareTab::tr("LoRA: %1 × %2").arg(name).arg(m.lora_scale);
  }
  return name;
}

}  // namespace

CompareTab::CompareTab(ProjectController* project, EngineWorker* engine, ThumbnailLoader* thumbnails, QWidget* parent)
    : QWidget(parent), project_(project), engine_(engine) {
  setObjectName("CompareTab");
  rows_ = new QListWidget(this);
  rows_->setObjectName("compareRows");
  auto* add_base = new QPushButton(tr("Base model…"), this);
  auto* add_ckpt = new QPushButton(tr("Checkpoint…"), this);
  add_ckpt->setToolTip(tr("A checkpoint of this project's run"));
  auto* add_other = new QPushButton(tr("Other project…"), this);
  add_other->setToolTip(tr("The suggested checkpoint of another project"));
  auto* add_lora = new QPushButton(tr("LoRA file…"), this);
  auto* remove = new QPushButton(tr("Remove"), this);
  auto* row_buttons = new QGridLayout;
  row_buttons->addWidget(add_base, 0, 0);
  row_buttons->addWidget(add_ckpt, 0, 1);
  row_buttons->addWidget(add_other, 1, 0);
  row_buttons->addWidget(add_lora, 1, 1);
  row_buttons->addWidget(remove, 2, 1);
  auto* rows_box = new QGroupBox(tr("Rows: models"), this);
  auto* rb = new QVBoxLayout(rows_box);
  rb->addWidget(rows_);
  rb->addLayout(row_buttons);

  prompts_ = new QPlainTextEdit(this);
  prompts_->setObjectName("comparePrompts");
  prompts_->setPlaceholderText(tr("One prompt per line; <new> is each model's identifier"));
  auto* defaults = new QPushButton(tr("Validation prompts and settings"), this);
  defaults->setToolTip(tr("The project's validation prompts, seeds and sampling settings, with its base model and "
                          "suggested checkpoint as rows: its validation images are reused"));
  auto* prompts_box = new QGroupBox(tr("Columns: prompts"), this);
  auto* pb = new QVBoxLayout(prompts_box);
  pb->addWidget(prompts_);
  pb->addWidget(defaults);

  seeds_ = new QLineEdit(QStringLiteral("1000"), this);
  seeds_->setObjectName("compareSeeds");
  seeds_->setToolTip(tr("Comma-separated; a cell shows one image per seed"));
  seed_scheme_ = new QComboBox(this);
  seed_scheme_->addItem(tr("seed + column number (as validation images)"));
  seed_scheme_->addItem(tr("the same seeds in every column"));
  steps_ = new QSpinBox(this);
  steps_->setRange(1, 1000);
  steps_->setValue(25);
  guidance_ = new QDoubleSpinBox(this);
  guidance_->setRange(0, 30);
  guidance_->setSingleStep(0.5);
  guidance_->setValue(7.5);
  size_ = new QSpinBox(this);
  size_->setRange(0, 4096);
  size_->setSingleStep(64);
  size_->setSpecialValueText(tr("each model's own"));
  size_->setSuffix(tr(" px"));
  negative_ = new QLineEdit(this);
  negative_->setPlaceholderText(tr("base model and LoRA rows only"));
  auto* form_box = new QGroupBox(tr("Sampling (DDIM)"), this);
  auto* form = new QFormLayout(form_box);
  form->addRow(tr("Seeds:"), seeds_);
  form->addRow(tr("Seed per column:"), seed_scheme_);
  form->addRow(tr("Steps:"), steps_);
  form->addRow(tr("Guidance:"), guidance_);
  form->addRow(tr("Size:"), size_);
  form->addRow(tr("Negative prompt:"), negative_);

  render_ = new QPushButton(tr("&Render grid"), this);
  render_->setObjectName("renderCompare");
  auto* left = new QWidget(this);
  auto* lv = new QVBoxLayout(left);
  lv->setContentsMargins(0, 0, 0, 0);
  lv->addWidget(rows_box, 1);
  lv->addWidget(prompts_box, 1);
  lv->addWidget(form_box);
  lv->addWidget(render_);

  messages_ = new MessageArea(this);
  grid_ = new CompareGridView(thumbnails, this);
  output_ = new QLabel(this);
  output_->setObjectName("compareOutput");
  output_->setTextFormat(Qt::RichText);
  output_->setOpenExternalLinks(true);
  output_->setWordWrap(true);
  auto* hint = new QLabel(tr("Click a cell to see it large with its parameters."), this);
  hint->setStyleSheet(QStringLiteral("color: palette(mid)"));
  auto* right = new QWidget(this);
  auto* rv = new QVBoxLayout(right);
  rv->setContentsMargins(0, 0, 0, 0);
  rv->addWidget(messages_);
  rv->addWidget(grid_, 1);
  rv->addWidget(hint);
  rv->addWidget(output_);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  split->setSizes({340, 800});
  split->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(add_base, &QPushButton::clicked, this, &CompareTab::addBaseModel);
  connect(add_ckpt, &QPushButton::clicked, this, [this] {
    if (project_->folder().isEmpty()) {
      messages_->showMessages({{UiMessage::Level::Warning, tr("Save and train the project first.")}});
      return;
    }
    addCheckpointOfProject(project_->folder(), true);
  });
  connect(add_other, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Another Olis project"));
    if (!dir.isEmpty()) addCheckpointOfProject(dir, false);
  });
  connect(add_lora, &QPushButton::clicked, this, &CompareTab::addLora);
  connect(remove, &QPushButton::clicked, this, [this] {
    const int r = rows_->currentRow();
    if (r < 0) return;
    models_.removeAt(r);
    delete rows_->takeItem(r);
  });
  connect(defaults, &QPushButton::clicked, this, &CompareTab::useProjectDefaults);
  connect(render_, &QPushButton::clicked, this, &CompareTab::render);
  connect(project_, &ProjectController::projectReplaced, this, [this] {
    models_.clear();
    rows_->clear();
    prompts_->clear();
    base_ = olis::jobs::CompareParams{};
    if (!project_->folder().isEmpty()) {
      // The project's device, precision, base model (for LoRA rows) and vocabulary, quietly: a project without
      // training settings keeps the defaults.
      try {
        base_ = olis::jobs::compare_params_for_project(project_->folder().toStdString());
      } catch (const std::exception&) {
      }
    }
    loadLatestGrid();
  });

  connect(engine_, &EngineWorker::succeeded, this, [this](int id, double) {
    if (id != job_id_) return;
    last_ = job_;
    const auto& r = job_->result();
    setBusy(false);
    QString error;
    grid_->load(q(r.grid_json), &error);
    messages_->showMessages({{UiMessage::Level::Info, tr("%n cell(s) drawn, ", nullptr, r.rendered) +
                                                          tr("%n reused (identical parameters).", nullptr, r.reused)}});
    output_->setText(tr("Saved <a href=\"%1\">%2</a> and grid.json with every parameter.")
                         .arg(QUrl::fromLocalFile(q(r.grid_png)).toString(), QDir::toNativeSeparators(q(r.grid_png))));
    Q_EMIT renderFinished(true);
  });
  auto stopped = [this](int id, const QString& message) {
    if (id != job_id_) return;
    setBusy(false);
    if (!message.isEmpty()) messages_->showMessages({{UiMessage::Level::Error, message}});
    Q_EMIT renderFinished(false);
  };
  connect(engine_, &EngineWorker::failed, this, stopped);
  connect(engine_, &EngineWorker::cancelled, this, [stopped](int id) { stopped(id, QString()); });
}

void CompareTab::addModel(const CompareModel& model) {
  models_.push_back(model);
  auto* item = new QListWidgetItem(describe(model), rows_);
  item->setToolTip(QDir::toNativeSeparators(q(model.path)));
}

QList<CompareModel> CompareTab::models() const { return models_; }

void CompareTab::setPrompts(const QStringList& prompts) { prompts_->setPlainText(prompts.join(QLatin1Char('\n'))); }

void CompareTab::addBaseModel() {
  QString start = q(base_.base_model);
  const QString file = QFileDialog::getOpenFileName(this, tr("A base model: a .safetensors file, or any file in a diffusers folder"),
                                                    start, tr("Models (*.safetensors model_index.json)"));
  if (file.isEmpty()) return;
  const QFileInfo info(file);
  addModel({CompareModelKind::BaseModel, (info.fileName() == QLatin1String("model_index.json") ? info.absolutePath() : file).toStdString()});
}

void CompareTab::addLora() {
  const QString file = QFileDialog::getOpenFileName(this, tr("A LoRA file"), QString(), tr("LoRA (*.safetensors)"));
  if (file.isEmpty()) return;
  bool ok = false;
  const double scale = QInputDialog::getDouble(this, tr("LoRA scale"), tr("Scale of %1:").arg(QFileInfo(file).fileName()),
                                               1.0, -4.0, 4.0, 2, &ok);
  if (!ok) return;
  CompareModel m{CompareModelKind::LoraFile, file.toStdString()};
  m.lora_scale = scale;
  addModel(m);
}

void CompareTab::addCheckpointOfProject(const QString& folder, bool ask_step) {
  CompareModel m{CompareModelKind::Checkpoint, folder.toStdString()};
  if (ask_step) {
    const fs::path out = olis::jobs::train_output_dir(fs::path(folder.toStdString()));
    QStringList items{tr("the suggested checkpoint")};
    if (!out.empty()) {
      std::set<int64_t> steps;
      for (const auto& c : olis::training::list_checkpoints(out / "checkpoints")) steps.insert(c.step);
      for (auto v : olis::jobs::list_validation_steps(out)) steps.insert(v);
      for (auto v : steps) items << tr("step %1").arg(v);
    }
    bool ok = false;
    const QString pick = QInputDialog::getItem(this, tr("Checkpoint"), tr("Which checkpoint of %1?").arg(QFileInfo(folder).fileName()),
                                               items, 0, false, &ok);
    if (!ok) return;
    if (items.indexOf(pick) > 0) m.step = pick.section(QLatin1Char(' '), -1).toLongLong();
  }
  addModel(m);
}

void CompareTab::useProjectDefaults() {
  if (project_->folder().isEmpty()) {
    messages_->showMessages({{UiMessage::Level::Warning, tr("Save the project and choose its base model in the Train tab first.")}});
    return;
  }
  try {
    base_ = olis::jobs::compare_params_for_project(project_->folder().toStdString());
  } catch (const std::exception& e) {
    messages_->showMessages({{UiMessage::Level::Error, QString::fromStdString(e.what())}});
    return;
  }
  QStringList prompts;
  for (const auto& p : base_.prompts) prompts << QString::fromStdString(p);
  setPrompts(prompts);
  seeds_->setText(QStringLiteral("1000"));
  seed_scheme_->setCurrentIndex(0);
  steps_->setValue(base_.steps);
  guidance_->setValue(base_.guidance);
  size_->setValue(base_.width_px);
  models_.clear();
  rows_->clear();
  CompareModel base{CompareModelKind::BaseModel, base_.base_model};
  addModel(base);
  const fs::path out = olis::jobs::train_output_dir(fs::path(project_->folder().toStdString()));
  if (!out.empty() && (!olis::training::list_checkpoints(out / "checkpoints").empty() ||
                       !olis::jobs::list_validation_steps(out).empty()))
    addModel({CompareModelKind::Checkpoint, project_->folder().toStdString()});
}

bool CompareTab::formParams(olis::jobs::CompareParams* p, QString* error) const {
  *p = base_;
  p->models.assign(models_.begin(), models_.end());
  p->prompts.clear();
  for (const QString& line : prompts_->toPlainText().split(QLatin1Char('\n')))
    if (!line.trimmed().isEmpty()) p->prompts.push_back(line.trimmed().toStdString());
  p->seeds.clear();
  for (const QString& part : seeds_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    const qulonglong v = part.trimmed().toULongLong(&ok);
    if (!ok) {
      *error = tr("The seed \"%1\" is not a number.").arg(part.trimmed());
      return false;
    }
    p->seeds.push_back(v);
  }
  if (p->seeds.empty()) {
    *error = tr("Give at least one seed.");
    return false;
  }
  if (p->models.empty()) {
    *error = tr("Add a row: the base model, a checkpoint or a LoRA file.");
    return false;
  }
  if (p->prompts.empty()) {
    *error = tr("Add a prompt: one per line.");
    return false;
  }
  p->seed_scheme = seed_scheme_->currentIndex() == 0 ? olis::jobs::SeedScheme::PerPrompt : olis::jobs::SeedScheme::Same;
  p->steps = steps_->value();
  p->guidance = guidance_->value();
  p->width_px = p->height_px = size_->value();
  p->negative_prompt = negative_->text().trimmed().toStdString();
  return true;
}

void CompareTab::render() {
  if (isBusy()) return;
  if (project_->folder().isEmpty()) {
    messages_->showMessages({{UiMessage::Level::Warning, tr("Save the project first: grids are saved in its folder.")}});
    return;
  }
  if (models_.isEmpty()) useProjectDefaults();
  olis::jobs::CompareParams p;
  QString error;
  if (!formParams(&p, &error)) {
    messages_->showMessages({{UiMessage::Level::Warning, error}});
    return;
  }
  const QDir root(QDir(project_->folder()).filePath(QStringLiteral("compare")));
  p.out_dir = root.filePath(QStringLiteral("grid-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))).toStdString();
  p.cache_dir = root.filePath(QStringLiteral("cells")).toStdString();
  job_ = std::make_shared<olis::jobs::CompareJob>(p);
  job_id_ = engine_->enqueue(job_, tr("Compare %1 models × %2 prompts").arg(p.models.size()).arg(p.prompts.size()));
  setBusy(true);
  messages_->showMessages({{UiMessage::Level::Info, tr("Rendering the grid; cells with identical parameters are reused…")}});
}

void CompareTab::setBusy(bool busy) {
  if (!busy) {
    job_.reset();
    job_id_ = 0;
  }
  render_->setEnabled(!busy);
}

void CompareTab::loadLatestGrid() {
  grid_->clearGrid();
  output_->clear();
  if (project_->folder().isEmpty()) return;
  const QDir root(QDir(project_->folder()).filePath(QStringLiteral("compare")));
  const QStringList grids = root.entryList({QStringLiteral("grid-*")}, QDir::Dirs, QDir::Name);
  for (auto it = grids.crbegin(); it != grids.crend(); ++it) {
    const QString json = QDir(root.filePath(*it)).filePath(QStringLiteral("grid.json"));
    QString error;
    if (QFileInfo::exists(json) && grid_->load(json, &error)) {
      const QString png = QDir(root.filePath(*it)).filePath(QStringLiteral("grid.png"));
      output_->setText(tr("The latest grid: <a href=\"%1\">%2</a>").arg(QUrl::fromLocalFile(png).toString(), QDir::toNativeSeparators(png)));
      return;
    }
  }
}

}  // namespace olis::ui
