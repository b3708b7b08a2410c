#include "ui/photo_list.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/caption_editor.h"
#include "ui/caption_suggester.h"
#include "ui/project_controller.h"
#include "ui/thumbnail_loader.h"

namespace olis::ui {

PhotoListView::PhotoListView(ProjectController* project, ThumbnailLoader* thumbnails, QWidget* parent)
    : QScrollArea(parent), project_(project), thumbnails_(thumbnails) {
  setObjectName("photoList");
  setWidgetResizable(true);
  setFrameShape(QFrame::NoFrame);
  content_ = new QWidget(this);
  layout_ = new QVBoxLayout(content_);
  layout_->setContentsMargins(0, 0, 0, 0);
  layout_->addStretch(1);
  setWidget(content_);
  connect(project_, &ProjectController::photosChanged, this, &PhotoListView::rebuild);
  connect(project_, &ProjectController::projectReplaced, this, &PhotoListView::rebuild);
  connect(project_, &ProjectController::subjectChanged, this, &PhotoListView::refreshSubject);
  connect(project_, &ProjectController::captionChanged, this, [this](int i) {
    if (i >= 0 && i < rows_.size()) rows_[i].editor->setText(project_->caption(i));
  });
  connect(thumbnails_, &ThumbnailLoader::thumbnailReady, this, &PhotoListView::onThumbnail);
  rebuild();
}

CaptionEditor* PhotoListView::captionEditor(int row) const {
  return row >= 0 && row < rows_.size() ? rows_[row].editor : nullptr;
}

QLabel* PhotoListView::thumbnailLabel(int row) const {
  return row >= 0 && row < rows_.size() ? rows_[row].thumbnail : nullptr;
}

void PhotoListView::rebuild() {
  for (Row& r : rows_) delete r.widget;
  rows_.clear();
  const int n = project_->photoCount();
  const qreal dpr = devicePixelRatioF();
  const QSize thumb(kThumbnailPx, kThumbnailPx);
  for (int i = 0; i < n; ++i) {
    Row row;
    row.path = project_->photoPath(i);
    row.widget = new QFrame(content_);
    row.widget->setObjectName(QStringLiteral("photoRow%1").arg(i));
    static_cast<QFrame*>(row.widget)->setFrameShape(QFrame::StyledPanel);

    row.thumbnail = new QLabel(row.widget);
    row.thumbnail->setFixedSize(thumb);
    row.thumbnail->setAlignment(Qt::AlignCenter);
    row.thumbnail->setText(tr("Loading…"));
    row.thumbnail->setToolTip(row.path);

    QImageReader reader(row.path);
    reader.setAutoTransform(true);
    QSize size = reader.size();
    if (reader.transformation() & QImageIOHandler::TransformationRotate90) size.transpose();
    auto* name = new QLabel(QStringLiteral("<b>%1</b> <span style='color:palette(mid)'>%2 × %3</span>")
                                .arg(QFileInfo(row.path).fileName().toHtmlEscaped())
                                .arg(size.width())
                                .arg(size.height()),
                            row.widget);
    name->setTextFormat(Qt::RichText);

    row.editor = new CaptionEditor(row.widget);
    row.editor->setSubject(project_->project().subject);
    row.editor->setText(project_->caption(i));
    connect(row.editor, &CaptionEditor::captionEdited, this, [this, i](const QString& t) { project_->setCaption(i, t); });

    auto* up = new QToolButton(row.widget);
    up->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    up->setToolTip(tr("Move up"));
    up->setEnabled(i > 0);
    connect(up, &QToolButton::clicked, this, [this, i] { project_->movePhoto(i, i - 1); });
    auto* down = new QToolButton(row.widget);
    down->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    down->setToolTip(tr("Move down"));
    down->setEnabled(i + 1 < n);
    connect(down, &QToolButton::clicked, this, [this, i] { project_->movePhoto(i, i + 1); });
    auto* remove = new QToolButton(row.widget);
    remove->setObjectName("removePhoto");
    remove->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    remove->setToolTip(tr("Remove this photo from the project"));
    connect(remove, &QToolButton::clicked, this, [this, i] { project_->removePhoto(i); });

    auto* buttons = new QVBoxLayout;
    buttons->addWidget(up);
    buttons->addWidget(down);
    buttons->addStretch(1);
    buttons->addWidget(remove);

    auto* text = new QVBoxLayout;
    text->addWidget(name);
    text->addWidget(row.editor);
    text->addStretch(1);

    auto* h = new QHBoxLayout(row.widget);
    h->addWidget(row.thumbnail);
    h->addLayout(text, 1);
    h->addLayout(buttons);

    if (suggester_) row.editor->setSuggestions(suggester_->suggestions(row.path), suggester_->scores(row.path));
    layout_->insertWidget(layout_->count() - 1, row.widget);
    rows_.push_back(row);
    const QImage cached = thumbnails_->cached(row.path, thumb, dpr);
    if (!cached.isNull()) {
      row.thumbnail->setPixmap(QPixmap::fromImage(cached));
    } else {
      thumbnails_->request(row.path, thumb, dpr);
    }
  }
}

void PhotoListView::setSuggester(CaptionSuggester* suggester) {
  suggester_ = suggester;
  connect(suggester_, &CaptionSuggester::finished, this, &PhotoListView::refreshSuggestions);
  refreshSuggestions();
}

void PhotoListView::refreshSuggestions() {
  for (Row& r : rows_)
    r.editor->setSuggestions(suggester_ ? suggester_->suggestions(r.path) : QStringList(),
                             suggester_ ? suggester_->scores(r.path) : QList<double>());
}

void PhotoListView::refreshSubject() {
  for (Row& r : rows_) r.editor->setSubject(project_->project().subject);
}

void PhotoListView::onThumbnail(const QString& path, const QImage& image) {
  for (Row& r : rows_) {
    if (r.path != path) continue;
    if (image.isNull()) {
      r.thumbnail->setText(tr("No preview"));
    } else {
      r.thumbnail->setPixmap(QPixmap::fromImage(image));
    }
  }
}

}  // namespace olis::ui
