#pragma once
// Subject settings: the identifier (default "olis"), the class noun with the engine's suggestion of a
// more specific name, and the kind (object, living or person) with the engine's suggestion.
#include <QWidget>

#include "core/jobs/project.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace olis::ui {

class ProjectController;

class SubjectPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SubjectPanel(ProjectController* project, QWidget* parent = nullptr);

  QLineEdit* identifierEdit() const { return identifier_; }
  QLineEdit* classEdit() const { return class_noun_; }
  QComboBox* specificCombo() const { return specific_; }
  QComboBox* kindCombo() const { return kind_; }
  QLabel* suggestionLabel() const { return suggestion_; }

 public Q_SLOTS:
  void reload();  // from the project

 private:
  void commit();  // to the project
  void updateSuggestions();

  ProjectController* project_;
  QLineEdit* identifier_;
  QLineEdit* class_noun_;
  QComboBox* specific_;
  QComboBox* kind_;
  QLabel* suggestion_;
  QPushButton* use_kind_;
  QLabel* problems_;
  bool loading_ = false;
  bool committing_ = false;
};

}  // namespace olis::ui
