#include "ui/prompt_preview_tab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/jobs/prompt_manifest_job.h"
#include "core/prompts/manifest.h"
#include "ui/caption_validation.h"
#include "ui/engine_worker.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"

namespace olis::ui {

namespace {
enum Column { kIndex = 0, kCategory = 1, kPrompt = 2 };
QColor categoryColor(olis::prompts::PromptCategory c) {
  switch (c) {
    case olis::prompts::PromptCategory::Training: return QColor(0xe3, 0xf2, 0xfd);
    case olis::prompts::PromptCategory::Photoreal:
    case olis::prompts::PromptCategory::Class: return QColor(0xe8, 0xf5, 0xe9);
    case olis::prompts::PromptCategory::Styled: return QColor(0xfc, 0xe4, 0xec);
  }
  return {};
}
}  // namespace

QString PromptPreviewTab::categoryLabel(olis::prompts::PromptCategory c) {
  switch (c) {
    case olis::prompts::PromptCategory::Training: return tr("From captions");
    case olis::prompts::PromptCategory::Photoreal: return tr("Photoreal");
    case olis::prompts::PromptCategory::Styled: return tr("Styled");
    case olis::prompts::PromptCategory::Class: return tr("Class noun");
  }
  return {};
}

PromptPreviewTab::PromptPreviewTab(ProjectController* project, EngineWorker* engine, QWidget* parent)
    : QWidget(parent), project_(project), engine_(engine) {
  setObjectName("PromptPreviewTab");
  count_ = new QSpinBox(this);
  count_->setObjectName("promptCount");
  count_->setRange(1, 100000);
  count_->setValue(200);
  count_->setToolTip(tr("How many regularization prompts to sample (training uses about 200 per photo)"));
  seed_ = new QSpinBox(this);
  seed_->setObjectName("promptSeed");
  seed_->setRange(0, 2147483647);
  seed_->setValue(1234);
  sample_ = new QPushButton(tr("&Sample"), this);
  sample_->setObjectName("samplePrompts");
  sample_->setDefault(true);
  reseed_ = new QPushButton(tr("&Reseed"), this);
  reseed_->setObjectName("reseed");
  reseed_->setToolTip(tr("Pick a new random seed and sample again"));
  filter_ = new QComboBox(this);
  filter_->setObjectName("categoryFilter");
  filter_->addItem(tr("All categories"), -1);
  for (auto c : {olis::prompts::PromptCategory::Training, olis::prompts::PromptCategory::Photoreal,
                 olis::prompts::PromptCategory::Styled}) {
    filter_->addItem(categoryLabel(c), static_cast<int>(c));
  }
  dropout_ = new QCheckBox(tr("Show with adjective &dropout"), this);
  dropout_->setObjectName("dropout");
  dropout_->setToolTip(tr("During training each adjective is left out at random; this shows prompts as "
                          "the model will see them"));
  dropout_p_ = new QDoubleSpinBox(this);
  dropout_p_->setRange(0.0, 1.0);
  dropout_p_->setSingleStep(0.05);
  dropout_p_->setValue(0.5);
  dropout_p_->setToolTip(tr("Probability that an adjective is left out"));
  export_ = new QPushButton(tr("&Export manifest…"), this);
  export_->setObjectName("exportManifest");
  export_->setEnabled(false);
  summary_ = new QLabel(this);
  summary_->setObjectName("promptSummary");
  summary_->setWordWrap(true);
  summary_->setTextFormat(Qt::RichText);
  messages_ = new MessageArea(this);
  table_ = new QTableWidget(0, 3, this);
  table_->setObjectName("promptTable");
  table_->setHorizontalHeaderLabels({tr("#"), tr("Category"), tr("Prompt")});
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->horizontalHeader()->setSectionResizeMode(kIndex, QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(kCategory, QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(kPrompt, QHeaderView::Stretch);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setWordWrap(false);
  table_->setAlternatingRowColors(false);

  auto* row1 = new QHBoxLayout;
  row1->addWidget(new QLabel(tr("Count:"), this));
  row1->addWidget(count_);
  row1->addSpacing(8);
  row1->addWidget(new QLabel(tr("Seed:"), this));
  row1->addWidget(seed_);
  row1->addWidget(reseed_);
  row1->addWidget(sample_);
  row1->addStretch(1);
  row1->addWidget(export_);
  auto* row2 = new QHBoxLayout;
  row2->addWidget(new QLabel(tr("Show:"), this));
  row2->addWidget(filter_);
  row2->addSpacing(12);
  row2->addWidget(dropout_);
  row2->addWidget(dropout_p_);
  row2->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(row1);
  layout->addLayout(row2);
  layout->addWidget(summary_);
  layout->addWidget(messages_);
  layout->addWidget(table_, 1);

  connect(sample_, &QPushButton::clicked, this, &PromptPreviewTab::sample);
  connect(reseed_, &QPushButton::clicked, this, &PromptPreviewTab::reseed);
  connect(export_, &QPushButton::clicked, this, [this] { exportManifest(); });
  connect(filter_, &QComboBox::currentIndexChanged, this, &PromptPreviewTab::applyFilter);
  connect(dropout_, &QCheckBox::toggled, this, [this] {
    dropout_p_->setEnabled(dropout_->isChecked());
    saveSettings();
    showItems();
  });
  connect(dropout_p_, &QDoubleSpinBox::valueChanged, this, [this] {
    if (dropout_->isChecked()) showItems();
  });
  connect(count_, &QSpinBox::valueChanged, this, &PromptPreviewTab::saveSettings);
  connect(seed_, &QSpinBox::valueChanged, this, &PromptPreviewTab::saveSettings);
  connect(project_, &ProjectController::projectReplaced, this, [this] {
    loadSettings();
    items_.clear();
    showItems();
  });

  connect(engine_, &EngineWorker::succeeded, this, [this](int id, double) {
    if (id != job_id_) return;
    items_ = job_->items();
    UiMessages warnings;
    for (const std::string& w : job_->pool_warnings()) warnings.push_back({UiMessage::Level::Warning, QString::fromStdString(w)});
    messages_->showMessages(warnings);
    job_.reset();
    job_id_ = 0;
    sample_->setEnabled(true);
    showItems();
    Q_EMIT samplingFinished(true);
  });
  auto on_stopped = [this](int id, const QString& message) {
    if (id != job_id_) return;
    job_.reset();
    job_id_ = 0;
    sample_->setEnabled(true);
    if (!message.isEmpty()) messages_->showMessages({{UiMessage::Level::Error, message}});
    Q_EMIT samplingFinished(false);
  };
  connect(engine_, &EngineWorker::failed, this, on_stopped);
  connect(engine_, &EngineWorker::cancelled, this, [on_stopped](int id) { on_stopped(id, QString()); });
  dropout_p_->setEnabled(false);
  loadSettings();
  showItems();
}

void PromptPreviewTab::loadSettings() {
  loading_ = true;
  const auto& p = project_->project().preview;
  count_->setValue(p.count);
  seed_->setValue(static_cast<int>(std::min<uint64_t>(p.seed, 2147483647u)));
  dropout_->setChecked(p.show_dropout);
  loading_ = false;
}

void PromptPreviewTab::saveSettings() {
  if (loading_) return;
  olis::jobs::PreviewSettings p;
  p.count = count_->value();
  p.seed = static_cast<uint64_t>(seed_->value());
  p.show_dropout = dropout_->isChecked();
  project_->setPreview(p);
}

void PromptPreviewTab::sample() {
  if (job_id_ != 0) return;
  const auto& proj = project_->project();
  if (proj.subject.class_noun.empty()) {
    messages_->showMessages({{UiMessage::Level::Warning, tr("Set the class of your subject on the Subject tab first.")}});
    return;
  }
  olis::jobs::PromptManifestParams params;
  params.prompts.subject = toPromptSubject(proj.subject);
  for (const auto& ph : proj.photos) params.prompts.captions.push_back(ph.caption);
  params.prompts.count = count_->value();
  params.prompts.seed = static_cast<uint64_t>(seed_->value());
  for (const QString& f : user_pool_files_) {
    if (!f.isEmpty() && QFileInfo::exists(f)) params.pools.user_files.emplace_back(f.toStdString());
  }
  job_ = std::make_shared<olis::jobs::PromptManifestJob>(params);
  sample_->setEnabled(false);
  summary_->setText(tr("Sampling…"));
  messages_->clear();
  job_id_ = engine_->enqueue(job_, tr("Sample %n regularization prompt(s)", nullptr, count_->value()));
}

void PromptPreviewTab::reseed() {
  seed_->setValue(static_cast<int>(QRandomGenerator::global()->bounded(2147483647)));
  sample();
}

void PromptPreviewTab::showItems() {
  table_->setRowCount(0);
  export_->setEnabled(!items_.empty());
  if (items_.empty()) {
    summary_->setText(tr("Press Sample to see the regularization prompts for your subject."));
    return;
  }
  int n_training = 0, n_photo = 0, n_styled = 0;
  for (const auto& it : items_) {
    switch (it.category) {
      case olis::prompts::PromptCategory::Training: ++n_training; break;
      case olis::prompts::PromptCategory::Photoreal:
      case olis::prompts::PromptCategory::Class: ++n_photo; break;
      case olis::prompts::PromptCategory::Styled: ++n_styled; break;
    }
  }
  summary_->setText(tr("<b>%1 prompts</b>: %2 from captions · %3 photoreal · %4 styled (20 / 60 / 20)")
                        .arg(items_.size())
                        .arg(n_training)
                        .arg(n_photo)
                        .arg(n_styled));
  olis::prompts::PromptRng rng(static_cast<uint64_t>(seed_->value()) ^ 0x9e3779b97f4a7c15ull);
  const bool dropout = dropout_->isChecked();
  table_->setUpdatesEnabled(false);
  table_->setRowCount(static_cast<int>(items_.size()));
  for (int r = 0; r < static_cast<int>(items_.size()); ++r) {
    const auto& it = items_[static_cast<size_t>(r)];
    const std::string text = dropout ? olis::prompts::render_with_dropout(it.slots, dropout_p_->value(), rng) : it.prompt;
    auto* index = new QTableWidgetItem(QString::number(r + 1));
    auto* cat = new QTableWidgetItem(categoryLabel(it.category));
    cat->setData(Qt::UserRole, static_cast<int>(it.category));
    cat->setBackground(categoryColor(it.category));
    cat->setForeground(QColor(0x21, 0x21, 0x21));
    auto* prompt = new QTableWidgetItem(QString::fromStdString(text));
    prompt->setToolTip(QString::fromStdString(it.prompt));
    table_->setItem(r, kIndex, index);
    table_->setItem(r, kCategory, cat);
    table_->setItem(r, kPrompt, prompt);
  }
  table_->setUpdatesEnabled(true);
  applyFilter();
}

void PromptPreviewTab::applyFilter() {
  const int wanted = filter_->currentData().toInt();
  for (int r = 0; r < table_->rowCount(); ++r) {
    const int cat = table_->item(r, kCategory)->data(Qt::UserRole).toInt();
    table_->setRowHidden(r, wanted >= 0 && cat != wanted);
  }
}

int PromptPreviewTab::visibleRowCount() const {
  int n = 0;
  for (int r = 0; r < table_->rowCount(); ++r) n += table_->isRowHidden(r) ? 0 : 1;
  return n;
}

bool PromptPreviewTab::exportManifest(const QString& path_in) {
  if (items_.empty()) return false;
  QString path = path_in;
  if (path.isEmpty()) {
    path = QFileDialog::getSaveFileName(this, tr("Export the prompt manifest"),
                                        project_->outputFolder() + QStringLiteral("/regularization.jsonl"),
                                        tr("JSON Lines (*.jsonl)"));
    if (path.isEmpty()) return false;
  }
  QDir().mkpath(QFileInfo(path).absolutePath());
  auto r = olis::prompts::write_manifest(std::filesystem::path(path.toStdString()), items_);
  if (!r) {
    messages_->showMessages({{UiMessage::Level::Error, QString::fromStdString(r.error().message())}});
    return false;
  }
  messages_->showMessages({{UiMessage::Level::Info, tr("Wrote %n prompt(s) to %1.", nullptr,
                                                        static_cast<int>(items_.size())).arg(path)}});
  return true;
}

}  // namespace olis::ui
