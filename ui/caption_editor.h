#pragma once
// A one-line caption editor with <new>/class highlighting and the prompt engine's validation shown
// inline (underlines in the text, messages in a label below) as the user types.
#include <QPlainTextEdit>
#include <QWidget>

#include "core/jobs/project.h"
#include "ui/caption_validation.h"

class QLabel;

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

 Q_SIGNALS:
  void captionEdited(const QString& text);

 private:
  void revalidate();

  CaptionTextEdit* edit_;
  QLabel* feedback_;
  CaptionHighlighter* highlighter_;
  olis::jobs::SubjectSettings subject_;
  CaptionFeedback last_;
  QString last_text_;
  bool setting_ = false;
};

}  // namespace olis::ui
