#pragma once
// The prompt engine's caption checks (core/prompts/caption.h) in Qt terms: QString ranges instead of
// UTF-8 byte ranges, and messages through tr() so that they are translated.
#include <QList>
#include <QString>

#include "core/jobs/project.h"

namespace olis::prompts {
struct Subject;
}

namespace olis::ui {

struct CaptionIssueView {
  bool is_error = true;
  QString message;
  QString fix_hint;
  int start = 0;   // QString index
  int length = 0;  // 0 marks a position
};

struct CaptionFeedback {
  QList<CaptionIssueView> issues;
  int token_count = 0;
  int max_tokens = 77;
  bool ok() const;
};

olis::prompts::Subject toPromptSubject(const olis::jobs::SubjectSettings& s);
CaptionFeedback validateCaption(const QString& caption, const olis::jobs::SubjectSettings& subject);
// The feedback as short rich text for the label under a caption editor (empty when nothing to say).
QString feedbackHtml(const CaptionFeedback& feedback);

}  // namespace olis::ui
