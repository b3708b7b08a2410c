#include "ui/caption_editor.h"

#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QToolButton>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include "ui/caption_highlighter.h"

namespace olis::ui {

CaptionTextEdit::CaptionTextEdit(QWidget* parent) : QPlainTextEdit(parent) {
  setTabChangesFocus(true);
  setLineWrapMode(QPlainTextEdit::WidgetWidth);
  setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize CaptionTextEdit::sizeHint() const {
  const int line = fontMetrics().lineSpacing();
  return {320, line * 2 + 2 * frameWidth() + 12};
}

QSize CaptionTextEdit::minimumSizeHint() const { return {120, sizeHint().height()}; }

void CaptionTextEdit::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
    focusNextChild();
    return;
  }
  QPlainTextEdit::keyPressEvent(event);
}

void CaptionTextEdit::insertFromMimeData(const QMimeData* source) {
  QString text = source->text();
  text.replace(QLatin1Char('\n'), QLatin1Char(' '));
  text.replace(QLatin1Char('\r'), QLatin1Char(' '));
  insertPlainText(text);
}

CaptionEditor::CaptionEditor(QWidget* parent) : QWidget(parent) {
  edit_ = new CaptionTextEdit(this);
  edit_->setObjectName("captionEdit");
  edit_->setPlaceholderText(tr("a <new> dog on the grass"));
  highlighter_ = new CaptionHighlighter(edit_->document());
  feedback_ = new QLabel(this);
  feedback_->setObjectName("captionFeedback");
  feedback_->setWordWrap(true);
  feedback_->setTextFormat(Qt::RichText);
  feedback_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
  suggestion_bar_ = new QWidget(this);
  suggestion_bar_->setObjectName("captionSuggestions");
  auto* bar = new QHBoxLayout(suggestion_bar_);
  bar->setContentsMargins(0, 0, 0, 0);
  bar->setSpacing(4);
  auto* title = new QLabel(tr("Suggested:"), suggestion_bar_);
  title->setStyleSheet(QStringLiteral("color: palette(mid)"));
  best_ = new QPushButton(suggestion_bar_);
  best_->setObjectName("bestSuggestion");
  best_->setFlat(true);
  best_->setCursor(Qt::PointingHandCursor);
  best_->setStyleSheet(QStringLiteral("QPushButton { text-align: left; color: palette(link); padding: 1px 4px; }"));
  best_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
  more_ = new QToolButton(suggestion_bar_);
  more_->setObjectName("moreSuggestions");
  more_->setPopupMode(QToolButton::InstantPopup);
  more_->setText(tr("More"));
  more_->setToolTip(tr("Other captions CLIP ranks high for this photo"));
  more_->setMenu(new QMenu(more_));
  bar->addWidget(title);
  bar->addWidget(best_, 1);
  bar->addWidget(more_);
  suggestion_bar_->hide();
  connect(best_, &QPushButton::clicked, this, [this] {
    if (!suggestions_.isEmpty()) applySuggestion(suggestions_.front());
  });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(edit_);
  layout->addWidget(feedback_);
  layout->addWidget(suggestion_bar_);
  // textChanged also fires for the highlighter's format changes: act on real text changes only.
  connect(edit_, &QPlainTextEdit::textChanged, this, [this] {
    const QString now = text();
    if (now == last_text_) return;
    last_text_ = now;
    revalidate();
    if (!setting_) Q_EMIT captionEdited(now);
  });
}

QString CaptionEditor::text() const { return edit_->toPlainText(); }

void CaptionEditor::setSuggestions(const QStringList& captions, const QList<double>& scores) {
  suggestions_ = captions;
  suggestion_bar_->setVisible(!captions.isEmpty());
  if (captions.isEmpty()) return;
  auto score = [&](int i) { return i < scores.size() ? tr("CLIP similarity %1").arg(scores[i], 0, 'f', 4) : QString(); };
  best_->setText(captions.front());
  best_->setToolTip(tr("Use this caption. %1").arg(score(0)));
  QMenu* menu = more_->menu();
  menu->clear();
  for (int i = 0; i < captions.size(); ++i) {
    QAction* a = menu->addAction(captions[i], this, [this, c = captions[i]] { applySuggestion(c); });
    a->setToolTip(score(i));
  }
  more_->setVisible(captions.size() > 1);
}

void CaptionEditor::applySuggestion(const QString& caption) {
  edit_->setPlainText(caption);  // not through setText: this is the user's edit
}

void CaptionEditor::setText(const QString& text) {
  if (text == this->text()) return;
  setting_ = true;
  edit_->setPlainText(text);
  setting_ = false;
}

void CaptionEditor::setSubject(const olis::jobs::SubjectSettings& subject) {
  subject_ = subject;
  const QString cls = QString::fromStdString(subject.specific_class.empty() ? subject.class_noun : subject.specific_class);
  highlighter_->setClassName(cls);
  if (!cls.isEmpty()) edit_->setPlaceholderText(tr("a <new> %1 on the grass").arg(cls));
  revalidate();
}

void CaptionEditor::revalidate() {
  if (subject_.class_noun.empty() && subject_.specific_class.empty()) {
    last_ = CaptionFeedback{};
    highlighter_->setIssues({});
    feedback_->setText(tr("<span style='color:palette(mid)'>Set the class of your subject to check captions.</span>"));
    return;
  }
  last_ = validateCaption(text(), subject_);
  highlighter_->setIssues(last_.issues);
  QString html = feedbackHtml(last_);
  if (html.isEmpty()) {
    html = tr("<span style='color:#2e7d32'>✔ Good caption</span> <span style='color:palette(mid)'>(about %1 of "
              "%2 tokens)</span>")
               .arg(last_.token_count)
               .arg(last_.max_tokens);
  }
  feedback_->setText(html);
}

}  // namespace olis::ui
