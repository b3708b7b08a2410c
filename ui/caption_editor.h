#pragma once
// A one-line caption editor with <new>/class highlighting and the prompt engine's validation shown
// inline (underlines in the text, messages in a label below) as the user types. Suggested captions (CLIP's
// ranking of the pool's scenes, core/eval/caption_suggestions.h) show below it: the best one as a button
// that takes it, the others in a menu.
#include <QPlainTextEdit>
#include <QWidget>

#include "core/jobs/project.h"
#include "ui/caption_validation.h"

class QLabel;
class QPushButton;
class QToolButton;

namespace olis::ui {

class CaptionHighlighter;

class CaptionTextEdit : public QPlainTextEdit {
  Q_OBJECT
 public:
  explicit CaptionTextEdit(QWidget* parent = nullptr);
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void keyPressEvent(QKeyEvent* event) override;  // Return moves on: captions are one line
  void insertFromMimeData(const QMimeData* source) override;  // pasted newlines become spaces
};

class CaptionEditor : public QWidget {
  Q_OBJECT
 public:
  explicit CaptionEditor(QWidget* parent = nullptr);

  QString text() const;
  void setText(const QString& text);  // does not Q_EMIT captionEdited
  void setSubject(const olis::jobs::SubjectSettings& subject);
  CaptionTextEdit* textEdit() const { return edit_; }
  QLabel* feedbackLabel() const { return feedback_; }
  const CaptionFeedback& feedback() const { return last_; }
  // Best first; an empty list hides the suggestions. Tooltips show the CLIP scores when given.
  void setSuggestions(const QStringList& captions, const QList<double>& scores = {});
  QStringList suggestions() const { return suggestions_; }
  QPushButton* bestSuggestionButton() const { return best_; }
  // Takes a suggestion as the caption (as if typed: captionEdited is emitted).
  void applySuggestion(const QString& caption);

 Q_SIGNALS:
  void captionEdited(const QString& text);

 private:
  void revalidate();

  CaptionTextEdit* edit_;
  QLabel* feedback_;
  CaptionHighlighter* highlighter_;
  QWidget* suggestion_bar_;
  QPushButton* best_;
  QToolButton* more_;
  QStringList suggestions_;
  olis::jobs::SubjectSettings subject_;
  CaptionFeedback last_;
  QString last_text_;
  bool setting_ = false;
};

}  // namespace olis::ui
