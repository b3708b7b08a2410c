#include "ui/subject_tab.h"

#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "ui/caption_suggester.h"
#include "ui/message_area.h"
#include "ui/photo_import.h"
#include "ui/photo_list.h"
#include "ui/project_controller.h"
#include "ui/subject_panel.h"

namespace olis::ui {

SubjectTab::SubjectTab(ProjectController* project, ThumbnailLoader* thumbnails, QWidget* parent)
    : QWidget(parent), project_(project) {
  setObjectName("SubjectTab");
  subject_ = new SubjectPanel(project_, this);
  photos_ = new PhotoListView(project_, thumbnails, this);
  messages_ = new MessageArea(this);
  messages_->setObjectName("photoMessages");
  count_hint_ = new QLabel(this);
  count_hint_->setObjectName("photoCountHint");
  count_hint_->setWordWrap(true);

  template_ = new QLineEdit(this);
  template_->setObjectName("captionTemplate");
  template_->setToolTip(tr("{class} is replaced by the class name, {background} by the background each caption already "
                          "describes (or left for you to fill in: describe where each photo was taken)."));
  auto* apply = new QPushButton(tr("Apply to all"), this);
  apply->setObjectName("applyTemplate");
  apply->setToolTip(tr("Rewrite every caption from this template, keeping each photo's background"));
  suggest_ = new QPushButton(tr("Suggest captions"), this);
  suggest_->setObjectName("suggestCaptions");
  suggest_->setToolTip(tr("Rank the pool's backgrounds against each photo with CLIP; empty captions get the best one"));
  suggest_->hide();
  auto* import_txt = new QPushButton(tr("Import .txt…"), this);
  import_txt->setToolTip(tr("Read captions from .txt files named like the photos"));
  auto* export_txt = new QPushButton(tr("Export .txt"), this);
  export_txt->setToolTip(tr("Write each caption to a .txt file next to its photo in the project, for other trainers"));

  auto* subject_box = new QGroupBox(tr("Subject"), this);
  auto* sb = new QVBoxLayout(subject_box);
  sb->addWidget(subject_);
  auto* caption_box = new QGroupBox(tr("Captions"), this);
  auto* cb = new QVBoxLayout(caption_box);
  auto* help = new QLabel(caption_box);
  help->setWordWrap(true);
  // The example speaks of this project's subject ("a <new> backpack on the grass"), not of somebody's dog.
  auto update_help = [this, help] {
    const auto& subject = project_->project().subject;
    const QString cls = QString::fromStdString(subject.specific_class.empty() ? subject.class_noun : subject.specific_class);
    help->setText(tr("Write <b>&lt;new&gt;</b> where your subject's name goes, directly before the class: \"%1\". "
                     "Describe what else is in the photo.")
                      .arg((cls.isEmpty() ? tr("a <new> dog on the grass") : tr("a <new> %1 on the grass").arg(cls)).toHtmlEscaped()));
  };
  update_help();
  connect(project_, &ProjectController::subjectChanged, help, update_help);
  connect(project_, &ProjectController::projectReplaced, help, update_help);
  cb->addWidget(help);
  auto* tr_row = new QHBoxLayout;
  tr_row->addWidget(new QLabel(tr("Template:"), caption_box));
  tr_row->addWidget(template_, 1);
  cb->addLayout(tr_row);
  auto* apply_row = new QHBoxLayout;
  apply_row->addWidget(suggest_);
  apply_row->addStretch(1);
  apply_row->addWidget(apply);
  cb->addLayout(apply_row);
  auto* tb_row = new QHBoxLayout;
  tb_row->addWidget(new QLabel(tr("Sidecar files:"), caption_box));
  tb_row->addStretch(1);
  tb_row->addWidget(import_txt);
  tb_row->addWidget(export_txt);
  cb->addLayout(tb_row);

  auto* left = new QWidget(this);
  auto* lv = new QVBoxLayout(left);
  lv->setContentsMargins(0, 0, 0, 0);
  lv->addWidget(subject_box);
  lv->addWidget(caption_box);
  lv->addStretch(1);

  auto* add = new QPushButton(tr("&Add Photos…"), this);
  add->setObjectName("addPhotos");
  auto* add_folder = new QPushButton(tr("Add &Folder…"), this);
  auto* header = new QHBoxLayout;
  header->addWidget(count_hint_, 1);
  header->addWidget(add);
  header->addWidget(add_folder);
  auto* right = new QWidget(this);
  auto* rv = new QVBoxLayout(right);
  rv->setContentsMargins(0, 0, 0, 0);
  rv->addLayout(header);
  rv->addWidget(messages_);
  rv->addWidget(photos_, 1);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({330, 700});
  split->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(add, &QPushButton::clicked, this, &SubjectTab::addPhotosWithDialog);
  connect(add_folder, &QPushButton::clicked, this, &SubjectTab::addFolderWithDialog);
  connect(template_, &QLineEdit::textEdited, this, [this](const QString& t) { project_->setCaptionTemplate(t); });
  connect(apply, &QPushButton::clicked, this, [this] {
    const int n = project_->applyTemplateToAll();
    UiMessages messages{{UiMessage::Level::Info, tr("Template applied to %n caption(s).", nullptr, n)}};
    // Identical captions overfit and leave the regularization set's training backgrounds empty (paper).
    QStringList seen;
    bool same = false;
    for (int i = 0; i < project_->photoCount() && !same; ++i) {
      same = seen.contains(project_->caption(i));
      seen << project_->caption(i);
    }
    if (same)
      messages.push_back({UiMessage::Level::Warning,
                          tr("Some captions are now the same. Describe each photo's background (\"on a rock\", \"in a "
                             "kitchen\"): identical captions overfit. {background} in the template keeps each "
                             "caption's background.")});
    showMessages(messages);
  });
  connect(import_txt, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder with .txt captions"));
    if (dir.isEmpty()) return;
    const int n = project_->importSidecars(dir);
    showMessages({{n > 0 ? UiMessage::Level::Info : UiMessage::Level::Warning,
                   tr("Read %n caption(s) from .txt files.", nullptr, n)}});
  });
  connect(export_txt, &QPushButton::clicked, this, [this] {
    QString error;
    if (project_->folder().isEmpty()) {
      showMessages({{UiMessage::Level::Warning, tr("Save the project first: captions are written next to the "
                                                   "project's copies of the photos.")}});
    } else if (!project_->exportSidecars(QString(), &error)) {
      showMessages({{UiMessage::Level::Error, error}});
    } else {
      showMessages({{UiMessage::Level::Info, tr("Captions written as .txt files in %1.")
                                                 .arg(project_->folder() + QStringLiteral("/photos"))}});
    }
  });
  connect(project_, &ProjectController::photosChanged, this, &SubjectTab::updateHint);
  connect(project_, &ProjectController::photoRemoved, this, [this](const QString& name, bool by_user) {
    // What was said about a photo ("was added", "is small") no longer holds once it is gone.
    UiMessages kept;
    for (const UiMessage& m : messages_->messages())
      if (!m.text.contains(name)) kept << m;
    if (by_user)
      kept << UiMessage{UiMessage::Level::Info, tr("Removed %1. Edit ▸ Undo (Ctrl+Z) brings it back.").arg(name)};
    messages_->showMessages(kept);
  });
  connect(project_, &ProjectController::projectReplaced, this, [this] {
    template_->setText(QString::fromStdString(project_->project().caption_template));
    messages_->clear();
    updateHint();
  });
  template_->setText(QString::fromStdString(project_->project().caption_template));
  updateHint();
}

void SubjectTab::showMessages(const UiMessages& messages) { messages_->showMessages(messages); }

void SubjectTab::setCaptionSuggester(CaptionSuggester* suggester) {
  suggester_ = suggester;
  suggest_->show();
  photos_->setSuggester(suggester);
  connect(suggest_, &QPushButton::clicked, this, &SubjectTab::suggestCaptions);
  connect(suggester_, &CaptionSuggester::finished, this, [this](int filled, int photos) {
    suggest_->setEnabled(true);
    QString text = tr("Suggested captions for %n photo(s): pick one under each caption.", nullptr, photos);
    if (filled > 0) text += QLatin1Char(' ') + tr("%n empty caption(s) now hold the best suggestion.", nullptr, filled);
    const QStringList names = suggester_->specificNames();
    const QString current = QString::fromStdString(project_->project().subject.specific_class.empty()
                                                       ? project_->project().subject.class_noun
                                                       : project_->project().subject.specific_class);
    if (names.size() > 1 && names.front().compare(current, Qt::CaseInsensitive) != 0)
      text += QLatin1Char(' ') + tr("CLIP finds \"%1\" the closest name for your subject; set it as the specific class "
                                    "if it fits.").arg(names.front());
    showMessages({{UiMessage::Level::Info, text}});
  });
  connect(suggester_, &CaptionSuggester::failed, this, [this](const QString& message) {
    suggest_->setEnabled(true);
    showMessages({{UiMessage::Level::Error, tr("No suggestions: %1").arg(message)}});
  });
}

void SubjectTab::suggestCaptions() {
  if (!suggester_) return;
  QString error;
  if (!suggester_->start(&error)) {
    showMessages({{UiMessage::Level::Warning, error}});
    return;
  }
  suggest_->setEnabled(false);
  showMessages({{UiMessage::Level::Info, tr("Ranking the pool's backgrounds against your photos with CLIP…")}});
}

void SubjectTab::updateHint() {
  const QString hint = project_->photoCountHint();
  count_hint_->setText(hint.isEmpty() ? tr("%n photo(s) — a good number for DreamBooth.", nullptr,
                                           project_->photoCount())
                                      : hint);
}

void SubjectTab::addPhotosWithDialog() {
  const QStringList files = QFileDialog::getOpenFileNames(
      this, tr("Add photos of your subject"),
      QStandardPaths::writableLocation(QStandardPaths::PicturesLocation), imageFileDialogFilter());
  if (!files.isEmpty()) showMessages(project_->addPhotos(files));
}

void SubjectTab::addFolderWithDialog() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a folder of photos"),
                                                        QStandardPaths::writableLocation(QStandardPaths::PicturesLocation));
  if (!dir.isEmpty()) showMessages(project_->addPhotos({dir}));
}

}  // namespace olis::ui
