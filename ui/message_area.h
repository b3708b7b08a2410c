#pragma once
// A strip of messages (errors, warnings, information) above a view, with a button to dismiss them.
#include <QWidget>

#include "ui/ui_message.h"

class QLabel;
class QToolButton;

namespace olis::ui {

// `text` as HTML that may break after each '/' (a long path has no spaces: without break points a word-wrapped
// label widens its panel or cuts the text off).
QString breakableHtml(const QString& text);

class MessageArea : public QWidget {
  Q_OBJECT
 public:
  explicit MessageArea(QWidget* parent = nullptr);
  void showMessages(const UiMessages& messages);  // replaces what is shown
  void clear();
  const UiMessages& messages() const { return messages_; }
  QString plainText() const;  // the messages, one a line

 private:
  QLabel* label_;
  QToolButton* close_;
  UiMessages messages_;
};

}  // namespace olis::ui
