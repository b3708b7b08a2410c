#include "ui/dreambench_tab.h"

#include <cmath>

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/util/atomic_file.h"
#include "ui/engine_worker.h"
#include "ui/message_area.h"

namespace olis::ui {

namespace {
QString num(double v) { return std::isfinite(v) ? QString::number(v, 'f', 4) : QStringLiteral("–"); }
}  // namespace

DreamBenchTab::DreamBenchTab(EngineWorker* engine, QWidget* parent) : QWidget(parent), engine_(engine) {
  setObjectName("DreamBenchTab");
  auto* intro = new QLabel(tr("The DreamBench protocol: 25 prompts per subject by kind, a few images each with fixed "
                              "seeds, scored against the subject's photos (DINO, CLIP-I, CLIP-T). Images already in "
                              "the output folder are kept, so a stopped run continues."),
                           this);
  intro->setWordWrap(true);
  auto* data = new QGroupBox(tr("Data and models"), this);
  auto* form = new QFormLayout(data);
  form->addRow(tr("DreamBench folder:"), pathField("subjects", true, tr("prompts_and_classes.txt and a folder per subject")));
  form->addRow(tr("Output folder:"), pathField("out", true, tr("generated images, report.json and report.csv")));
  form->addRow(tr("Model:"), pathField("model", false, tr("optional: generates the missing images")));
  form->addRow(tr("LoRA:"), pathField("lora", false, tr("optional; {subject} becomes each subject's name")));
  form->addRow(tr("CLIP:"), pathField("clip", true, tr("CLIP folder (vision tower, and text tower for CLIP-T)")));
  form->addRow(tr("CLIP text:"), pathField("clipText", true, tr("optional: text tower when it is not in the CLIP folder")));
  form->addRow(tr("Tokenizer:"), pathField("tokenizer", true, tr("optional: vocab.json and merges.txt")));
  form->addRow(tr("DINO:"), pathField("dino", false, tr("DINO ViT-S/16 .safetensors")));
  auto* protocol = new QGroupBox(tr("Protocol"), this);
  auto* pf = new QFormLayout(protocol);
  auto* identifier = new QLineEdit(QStringLiteral("sks"), this);
  identifier->setObjectName("identifier");
  fields_ << identifier;
  auto* only = new QLineEdit(this);
  only->setObjectName("only");
  only->setPlaceholderText(tr("all subjects; or e.g. dog,backpack"));
  fields_ << only;
  images_per_prompt_ = new QSpinBox(this);
  images_per_prompt_->setRange(1, 64);
  images_per_prompt_->setValue(4);
  steps_ = new QSpinBox(this);
  steps_->setRange(1, 1000);
  steps_->setValue(50);
  size_ = new QSpinBox(this);
  size_->setRange(0, 4096);
  size_->setSingleStep(64);
  size_->setSpecialValueText(tr("the model's"));
  real_images_ = new QCheckBox(tr("Score the subjects' photos against themselves (the paper's \"real images\" row)"), this);
  pf->addRow(tr("Identifier:"), identifier);
  pf->addRow(tr("Subjects:"), only);
  pf->addRow(tr("Images per prompt:"), images_per_prompt_);
  pf->addRow(tr("Steps:"), steps_);
  pf->addRow(tr("Size:"), size_);
  pf->addRow(real_images_);

  run_ = new QPushButton(tr("&Run protocol"), this);
  run_->setObjectName("runDreamBench");
  auto* open = new QPushButton(tr("Open report…"), this);
  export_ = new QPushButton(tr("Export CSV…"), this);
  export_->setObjectName("exportCsv");
  export_->setEnabled(false);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_);
  buttons->addStretch(1);
  buttons->addWidget(open);
  buttons->addWidget(export_);

  table_ = new QTableWidget(0, 7, this);
  table_->setObjectName("dreambenchTable");
  table_->setHorizontalHeaderLabels({tr("Subject"), tr("DINO"), tr("CLIP-I"), tr("CLIP-T"), tr("CLIP-T (object)"),
                                     tr("Photos"), tr("Generated")});
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  messages_ = new MessageArea(this);

  auto* top = new QHBoxLayout;
  top->addWidget(data, 3);
  top->addWidget(protocol, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(top);
  layout->addLayout(buttons);
  layout->addWidget(messages_);
  layout->addWidget(table_, 1);

  connect(run_, &QPushButton::clicked, this, &DreamBenchTab::run);
  connect(open, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("A DreamBench report"), field("out")->text(),
                                                      tr("Reports (report.json *.json)"));
    if (!file.isEmpty()) openReport(file);
  });
  connect(export_, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export the table as CSV"),
                                                      QDir(field("out")->text()).filePath("report.csv"), tr("CSV (*.csv)"));
    QString error;
    if (!file.isEmpty() && !exportCsv(file, &error)) messages_->showMessages({{UiMessage::Level::Error, error}});
  });
  connect(engine_, &EngineWorker::succeeded, this, [this](int id, double) {
    if (id != job_id_) return;
    const bool scored = !job_->report().subjects.empty();
    if (scored) showReport(job_->report());
    messages_->showMessages({{UiMessage::Level::Info, scored ? tr("Scored %n subject(s).", nullptr, static_cast<int>(job_->report().subjects.size()))
                                                             : tr("The images are generated.")}});
    job_.reset();
    job_id_ = 0;
    run_->setEnabled(true);
    Q_EMIT finished(true);
  });
  auto stopped = [this](int id, const QString& message) {
    if (id != job_id_) return;
    job_.reset();
    job_id_ = 0;
    run_->setEnabled(true);
    if (!message.isEmpty()) messages_->showMessages({{UiMessage::Level::Error, message}});
    Q_EMIT finished(false);
  };
  connect(engine_, &EngineWorker::failed, this, stopped);
  connect(engine_, &EngineWorker::cancelled, this, [stopped](int id) { stopped(id, QString()); });
  loadForm();
  const QString out = field("out")->text();
  if (!out.isEmpty() && QFileInfo::exists(QDir(out).filePath(olis::jobs::kDreamBenchReportJson))) openReport(out);
}

QWidget* DreamBenchTab::pathField(const QString& name, bool folder, const QString& placeholder) {
  auto* edit = new QLineEdit(this);
  edit->setObjectName(name);
  edit->setPlaceholderText(placeholder);
  fields_ << edit;
  auto* browse = new QToolButton(this);
  browse->setText(QStringLiteral("…"));
  connect(browse, &QToolButton::clicked, this, [this, edit, folder] {
    const QString picked = folder ? QFileDialog::getExistingDirectory(this, QString(), edit->text())
                                  : QFileDialog::getOpenFileName(this, QString(), edit->text());
    if (!picked.isEmpty()) edit->setText(picked);
  });
  auto* row = new QWidget(this);
  auto* h = new QHBoxLayout(row);
  h->setContentsMargins(0, 0, 0, 0);
  h->addWidget(edit, 1);
  h->addWidget(browse);
  return row;  // the line edit is found with field(name)
}

QLineEdit* DreamBenchTab::field(const QString& name) const {
  for (QLineEdit* e : fields_)
    if (e->objectName() == name) return e;
  return nullptr;
}

bool DreamBenchTab::formParams(olis::jobs::DreamBenchJobParams* p, QString* error) const {
  auto path = [this](const char* n) { return field(n)->text().trimmed().toStdString(); };
  p->subjects_dir = path("subjects");
  p->out_dir = path("out");
  p->model = path("model");
  p->lora = path("lora");
  p->metrics = {path("clip"), path("clipText"), path("tokenizer"), path("dino")};
  p->protocol.identifier = field("identifier")->text().trimmed().toStdString();
  p->protocol.images_per_prompt = images_per_prompt_->value();
  p->sampling.steps = steps_->value();
  p->sampling.sampler = olis::sampling::SchedulerKind::DDIM;
  p->sampling.width = p->sampling.height = size_->value();
  p->real_images = real_images_->isChecked();
  p->only.clear();
  for (const QString& s : field("only")->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) p->only.push_back(s.trimmed().toStdString());
  if (p->subjects_dir.empty()) *error = tr("Choose the DreamBench folder.");
  else if (!p->real_images && p->out_dir.empty()) *error = tr("Choose an output folder for the generated images and the report.");
  else if (p->metrics.clip.empty() && p->metrics.dino.empty()) *error = tr("Choose a CLIP folder and/or a DINO model to score with.");
  else return true;
  return false;
}

void DreamBenchTab::run() {
  if (isBusy()) return;
  olis::jobs::DreamBenchJobParams p;
  QString error;
  if (!formParams(&p, &error)) {
    messages_->showMessages({{UiMessage::Level::Warning, error}});
    return;
  }
  saveForm();
  job_ = std::make_shared<olis::jobs::DreamBenchJob>(p);
  job_id_ = engine_->enqueue(job_, p.real_images ? tr("DreamBench: real images") : tr("DreamBench protocol"));
  run_->setEnabled(false);
  messages_->showMessages({{UiMessage::Level::Info, tr("The protocol runs; progress is in the job queue.")}});
}

void DreamBenchTab::showReport(const olis::eval::EvalReport& report) {
  report_ = report;
  table_->setRowCount(0);
  auto add = [this](const olis::eval::SubjectScores& s, bool mean) {
    const int r = table_->rowCount();
    table_->insertRow(r);
    const QStringList cells{mean ? tr("mean over subjects") : QString::fromStdString(s.subject), num(s.dino), num(s.clip_i),
                            num(s.clip_t), num(s.clip_t_object), QString::number(s.real_images),
                            QString::number(s.generated_images)};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (c > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      if (mean) {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
      }
      table_->setItem(r, c, item);
    }
  };
  for (const auto& s : report.subjects) add(s, false);
  if (!report.subjects.empty()) add(report.mean, true);
  export_->setEnabled(!report.subjects.empty());
}

bool DreamBenchTab::openReport(const QString& dir_or_file) {
  auto r = olis::jobs::read_dreambench_report(dir_or_file.toStdString());
  if (!r) {
    messages_->showMessages({{UiMessage::Level::Error, QString::fromStdString(r.error().message())}});
    return false;
  }
  showReport(*r);
  return true;
}

bool DreamBenchTab::exportCsv(const QString& file, QString* error) const {
  try {
    olis::write_file_atomic(file.toStdString(), olis::eval::format_csv(report_));
  } catch (const std::exception& e) {
    *error = QString::fromStdString(e.what());
    return false;
  }
  return true;
}

void DreamBenchTab::saveForm() const {
  QSettings s;
  for (QLineEdit* e : fields_) s.setValue(QStringLiteral("dreambench/") + e->objectName(), e->text());
  s.setValue(QStringLiteral("dreambench/imagesPerPrompt"), images_per_prompt_->value());
  s.setValue(QStringLiteral("dreambench/steps"), steps_->value());
  s.setValue(QStringLiteral("dreambench/size"), size_->value());
}

void DreamBenchTab::loadForm() {
  QSettings s;
  for (QLineEdit* e : fields_) e->setText(s.value(QStringLiteral("dreambench/") + e->objectName(), e->text()).toString());
  images_per_prompt_->setValue(s.value(QStringLiteral("dreambench/imagesPerPrompt"), 4).toInt());
  steps_->setValue(s.value(QStringLiteral("dreambench/steps"), 50).toInt());
  size_->setValue(s.value(QStringLiteral("dreambench/size"), 0).toInt());
}

}  // namespace olis::ui
