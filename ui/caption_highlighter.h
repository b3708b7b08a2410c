#pragma once
// Highlighting in a caption: `<new>` stands out, the class name is underlined, and the ranges of the
// prompt engine's validation issues get a wavy red (error) or amber (warning) underline.
#include <QList>
#include <QSyntaxHighlighter>

#include "ui/caption_validation.h"

namespace olis::ui {

class CaptionHighlighter : public QSyntaxHighlighter {
  Q_OBJECT
 public:
  explicit CaptionHighlighter(QTextDocument* document);
  void setClassName(const QString& class_name);
  void setIssues(const QList<CaptionIssueView>& issues);

  static QTextCharFormat placeholderFormat();
  static QTextCharFormat classFormat();

 protected:
  void highlightBlock(const QString& text) override;

 private:
  QString class_name_;
  QList<CaptionIssueView> issues_;
};

}  // namespace olis::ui
