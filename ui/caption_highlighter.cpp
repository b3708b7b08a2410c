#include "ui/caption_highlighter.h"

#include <QRegularExpression>

namespace olis::ui {

CaptionHighlighter::CaptionHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) {}

QTextCharFormat CaptionHighlighter::placeholderFormat() {
  QTextCharFormat f;
  f.setFontWeight(QFont::Bold);
  f.setForeground(QColor(0x6a, 0x1b, 0x9a));
  f.setBackground(QColor(0xf3, 0xe5, 0xf5));
  return f;
}

QTextCharFormat CaptionHighlighter::classFormat() {
  QTextCharFormat f;
  f.setForeground(QColor(0x00, 0x69, 0x5c));
  f.setFontUnderline(true);
  return f;
}

void CaptionHighlighter::setClassName(const QString& class_name) {
  if (class_name == class_name_) return;
  class_name_ = class_name;
  rehighlight();
}

void CaptionHighlighter::setIssues(const QList<CaptionIssueView>& issues) {
  issues_ = issues;
  rehighlight();
}

void CaptionHighlighter::highlightBlock(const QString& text) {
  if (!class_name_.trimmed().isEmpty()) {
    const QRegularExpression cls(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(class_name_.trimmed())),
                                 QRegularExpression::CaseInsensitiveOption);
    for (auto it = cls.globalMatch(text); it.hasNext();) {
      const auto m = it.next();
      setFormat(static_cast<int>(m.capturedStart()), static_cast<int>(m.capturedLength()), classFormat());
    }
  }
  const QString placeholder = QStringLiteral("<new>");
  for (qsizetype i = text.indexOf(placeholder); i >= 0; i = text.indexOf(placeholder, i + 1)) {
    setFormat(static_cast<int>(i), static_cast<int>(placeholder.size()), placeholderFormat());
  }
  const int block_start = currentBlock().position();
  for (const CaptionIssueView& issue : issues_) {
    int start = issue.start - block_start;
    int length = issue.length;
    if (length == 0) {  // a position: mark the character before it, or the first one
      length = 1;
      if (start > 0) --start;
    }
    if (start < 0 || start >= text.size()) continue;
    length = std::min(length, static_cast<int>(text.size()) - start);
    for (int i = start; i < start + length; ++i) {
      QTextCharFormat f = format(i);
      f.setUnderlineStyle(QTextCharFormat::WaveUnderline);
      f.setUnderlineColor(issue.is_error ? QColor(0xc6, 0x28, 0x28) : QColor(0xc7, 0x8a, 0x00));
      setFormat(i, 1, f);
    }
  }
}

}  // namespace olis::ui
