#include "ui/subject_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>

#include "core/prompts/subject.h"
#include "ui/caption_validation.h"
#include "ui/project_controller.h"

namespace olis::ui {

namespace {
QString kindLabel(olis::jobs::SubjectKindSetting k) {
  switch (k) {
    case olis::jobs::SubjectKindSetting::Object: return SubjectPanel::tr("Object");
    case olis::jobs::SubjectKindSetting::Living: return SubjectPanel::tr("Living (animal)");
    case olis::jobs::SubjectKindSetting::Person: return SubjectPanel::tr("Person");
  }
  return {};
}
olis::jobs::SubjectKindSetting fromPromptKind(olis::prompts::SubjectKind k) {
  switch (k) {
    case olis::prompts::SubjectKind::Living: return olis::jobs::SubjectKindSetting::Living;
    case olis::prompts::SubjectKind::Person: return olis::jobs::SubjectKindSetting::Person;
    case olis::prompts::SubjectKind::Object: break;
  }
  return olis::jobs::SubjectKindSetting::Object;
}
}  // namespace

SubjectPanel::SubjectPanel(ProjectController* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName("SubjectPanel");
  identifier_ = new QLineEdit(this);
  identifier_->setObjectName("identifier");
  identifier_->setPlaceholderText(QStringLiteral("olis"));
  identifier_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\S*")), identifier_));
  identifier_->setToolTip(tr("The rare word that will stand for your subject in prompts (<new> in captions)."));
  class_noun_ = new QLineEdit(this);
  class_noun_->setObjectName("classNoun");
  class_noun_->setPlaceholderText(tr("e.g. dog, backpack, stuffed animal"));
  specific_ = new QComboBox(this);
  specific_->setObjectName("specificClass");
  specific_->setEditable(true);
  specific_->setInsertPolicy(QComboBox::NoInsert);
  specific_->setToolTip(tr("A more specific name helps the model: \"bear plushie\" rather than \"stuffed animal\"."));
  specific_->lineEdit()->setPlaceholderText(tr("same as the class"));
  kind_ = new QComboBox(this);
  kind_->setObjectName("kind");
  for (auto k : {olis::jobs::SubjectKindSetting::Object, olis::jobs::SubjectKindSetting::Living,
                 olis::jobs::SubjectKindSetting::Person}) {
    kind_->addItem(kindLabel(k), static_cast<int>(k));
  }
  suggestion_ = new QLabel(this);
  suggestion_->setObjectName("kindSuggestion");
  suggestion_->setWordWrap(true);
  use_kind_ = new QPushButton(tr("Use it"), this);
  use_kind_->setObjectName("useSuggestedKind");
  use_kind_->hide();
  problems_ = new QLabel(this);
  problems_->setObjectName("subjectProblems");
  problems_->setWordWrap(true);
  problems_->setStyleSheet(QStringLiteral("color:#b71c1c"));

  auto* form = new QFormLayout(this);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->addRow(tr("&Identifier:"), identifier_);
  form->addRow(tr("&Class:"), class_noun_);
  form->addRow(tr("&Specific name:"), specific_);
  form->addRow(tr("&Kind:"), kind_);
  auto* sugg_row = new QHBoxLayout;
  sugg_row->addWidget(suggestion_, 1);
  sugg_row->addWidget(use_kind_);
  form->addRow(QString(), sugg_row);
  form->addRow(QString(), problems_);

  connect(identifier_, &QLineEdit::textEdited, this, &SubjectPanel::commit);
  connect(class_noun_, &QLineEdit::textEdited, this, [this] {
    commit();
    updateSuggestions();
  });
  connect(specific_, &QComboBox::currentTextChanged, this, [this] { commit(); });
  connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
    commit();
    updateSuggestions();
  });
  connect(use_kind_, &QPushButton::clicked, this, [this] {
    const auto k = fromPromptKind(olis::prompts::suggest_kind(class_noun_->text().toStdString()));
    kind_->setCurrentIndex(kind_->findData(static_cast<int>(k)));
  });
  connect(project_, &ProjectController::projectReplaced, this, &SubjectPanel::reload);
  // Changes made elsewhere (a demo project, a sidecar import) show here; our own edits do not reload.
  connect(project_, &ProjectController::subjectChanged, this, [this] {
    if (!committing_) reload();
  });
  reload();
}

void SubjectPanel::reload() {
  loading_ = true;
  const auto& s = project_->project().subject;
  identifier_->setText(QString::fromStdString(s.identifier));
  class_noun_->setText(QString::fromStdString(s.class_noun));
  updateSuggestions();
  specific_->setCurrentText(QString::fromStdString(s.specific_class));
  kind_->setCurrentIndex(kind_->findData(static_cast<int>(s.kind)));
  loading_ = false;
  updateSuggestions();
}

void SubjectPanel::commit() {
  if (loading_) return;
  olis::jobs::SubjectSettings s;
  s.identifier = identifier_->text().trimmed().toStdString();
  if (s.identifier.empty()) s.identifier = "olis";
  s.class_noun = class_noun_->text().trimmed().toStdString();
  s.specific_class = specific_->currentText().trimmed().toStdString();
  s.kind = static_cast<olis::jobs::SubjectKindSetting>(kind_->currentData().toInt());
  committing_ = true;
  project_->setSubject(s);
  committing_ = false;
  const auto problems = olis::prompts::check_subject(toPromptSubject(s));
  QStringList lines;
  for (const auto& p : problems) lines << QString::fromStdString(p);
  problems_->setText(s.class_noun.empty() ? QString() : lines.join(QLatin1Char('\n')));
}

void SubjectPanel::updateSuggestions() {
  const std::string cls = class_noun_->text().trimmed().toStdString();
  const QString current = specific_->currentText();
  const bool was_loading = loading_;
  loading_ = true;
  specific_->clear();
  specific_->addItem(QString());
  for (const auto& s : olis::prompts::suggest_specific_classes(cls)) specific_->addItem(QString::fromStdString(s));
  specific_->setCurrentText(current);
  loading_ = was_loading;
  if (specific_->count() > 1 && current.isEmpty()) {
    suggestion_->setText(tr("\"%1\" is vague; a specific name such as \"%2\" gives better results.")
                             .arg(class_noun_->text().trimmed(), specific_->itemText(1)));
    use_kind_->hide();
    return;
  }
  if (cls.empty()) {
    suggestion_->setText(tr("Type what your subject is, e.g. \"dog\" or \"backpack\"."));
    use_kind_->hide();
    return;
  }
  const auto suggested = fromPromptKind(olis::prompts::suggest_kind(cls));
  const auto chosen = static_cast<olis::jobs::SubjectKindSetting>(kind_->currentData().toInt());
  if (suggested != chosen) {
    suggestion_->setText(tr("A \"%1\" looks like: %2.").arg(class_noun_->text().trimmed(), kindLabel(suggested)));
    use_kind_->show();
  } else {
    suggestion_->clear();
    use_kind_->hide();
  }
}

}  // namespace olis::ui
