#include "ui/caption_validation.h"

#include <QCoreApplication>

#include "core/prompts/caption.h"
#include "core/prompts/subject.h"

namespace olis::ui {

namespace {

int qstring_index(const std::string& utf8, std::size_t byte) {
  byte = std::min(byte, utf8.size());
  return static_cast<int>(QString::fromUtf8(utf8.data(), static_cast<qsizetype>(byte)).size());
}

QString message_for(const olis::prompts::CaptionIssue& issue, const QString& cls, int tokens, int max_tokens) {
  using P = olis::prompts::CaptionProblem;
  switch (issue.problem) {
    case P::Empty: return QCoreApplication::translate("olis::ui::CaptionValidation", "The caption is empty; the default caption will be used.");
    case P::MissingPlaceholder: return QCoreApplication::translate("olis::ui::CaptionValidation", "The caption has no <new> placeholder.");
    case P::RepeatedPlaceholder: return QCoreApplication::translate("olis::ui::CaptionValidation", "<new> appears more than once.");
    case P::PlaceholderNotBeforeClass:
      return QCoreApplication::translate("olis::ui::CaptionValidation", "<new> should stand directly before the class name \"%1\".").arg(cls);
    case P::MissingClass: return QCoreApplication::translate("olis::ui::CaptionValidation", "The class name \"%1\" does not appear in the caption.").arg(cls);
    case P::TooManyTokens:
      return QCoreApplication::translate("olis::ui::CaptionValidation", "The caption is %1 tokens long; CLIP reads only %2 and cuts off the end.").arg(tokens).arg(max_tokens);
    case P::UnfilledTemplate:
      return QCoreApplication::translate("olis::ui::CaptionValidation", "The caption still has the template's {background} placeholder.");
  }
  return QString::fromStdString(issue.message);
}

QString hint_for(const olis::prompts::CaptionIssue& issue, const QString& cls) {
  using P = olis::prompts::CaptionProblem;
  switch (issue.problem) {
    case P::Empty: return QCoreApplication::translate("olis::ui::CaptionValidation", "Describe the photo, e.g. \"a <new> %1 on a table\".").arg(cls);
    case P::MissingPlaceholder:
    case P::PlaceholderNotBeforeClass:
      return QCoreApplication::translate("olis::ui::CaptionValidation", "Write <new> just before the class name, e.g. \"a <new> %1 on a rock\".").arg(cls);
    case P::RepeatedPlaceholder: return QCoreApplication::translate("olis::ui::CaptionValidation", "Keep only one <new>.");
    case P::MissingClass: return QCoreApplication::translate("olis::ui::CaptionValidation", "Mention the class, e.g. \"a <new> %1 in the garden\".").arg(cls);
    case P::TooManyTokens: return QCoreApplication::translate("olis::ui::CaptionValidation", "Shorten the caption.");
    case P::UnfilledTemplate:
      return QCoreApplication::translate("olis::ui::CaptionValidation", "Replace {background} with where the photo was taken, e.g. \"on a rock\".");
  }
  return QString::fromStdString(issue.fix_hint);
}

}  // namespace

bool CaptionFeedback::ok() const {
  for (const auto& i : issues) {
    if (i.is_error) return false;
  }
  return true;
}

olis::prompts::Subject toPromptSubject(const olis::jobs::SubjectSettings& s) {
  olis::prompts::Subject subject;
  subject.identifier = s.identifier;
  subject.class_noun = s.class_noun;
  subject.specific_class = s.specific_class;
  switch (s.kind) {
    case olis::jobs::SubjectKindSetting::Object: subject.kind = olis::prompts::SubjectKind::Object; break;
    case olis::jobs::SubjectKindSetting::Living: subject.kind = olis::prompts::SubjectKind::Living; break;
    case olis::jobs::SubjectKindSetting::Person: subject.kind = olis::prompts::SubjectKind::Person; break;
  }
  return subject;
}

CaptionFeedback validateCaption(const QString& caption, const olis::jobs::SubjectSettings& settings) {
  CaptionFeedback fb;
  const olis::prompts::Subject subject = toPromptSubject(settings);
  const std::string utf8 = caption.toUtf8().toStdString();
  const olis::prompts::CaptionOptions options;
  const olis::prompts::CaptionCheck check = olis::prompts::check_caption(utf8, subject, options);
  fb.token_count = check.token_count;
  fb.max_tokens = options.max_tokens;
  const QString cls = QString::fromStdString(subject.prompt_class());
  for (const auto& issue : check.issues) {
    CaptionIssueView v;
    v.is_error = issue.severity == olis::prompts::Severity::Error;
    v.message = message_for(issue, cls, check.token_count, options.max_tokens);
    v.fix_hint = hint_for(issue, cls);
    v.start = qstring_index(utf8, issue.begin);
    v.length = qstring_index(utf8, issue.end) - v.start;
    fb.issues.push_back(v);
  }
  return fb;
}

QString feedbackHtml(const CaptionFeedback& feedback) {
  QStringList lines;
  for (const auto& i : feedback.issues) {
    const QString color = i.is_error ? QStringLiteral("#c62828") : QStringLiteral("#9a6700");
    lines << QStringLiteral("<span style='color:%1'>%2 %3</span> <span style='color:palette(mid)'>%4</span>")
                 .arg(color, i.is_error ? QStringLiteral("✖") : QStringLiteral("⚠"), i.message.toHtmlEscaped(),
                      i.fix_hint.toHtmlEscaped());
  }
  return lines.join(QStringLiteral("<br>"));
}

}  // namespace olis::ui
