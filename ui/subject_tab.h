#pragma once
// The Subject tab: subject settings, the caption template, the photos with their captions, and the
// messages of the last import.
#include <QWidget>

#include "ui/ui_message.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace olis::ui {

class CaptionSuggester;
class MessageArea;
class PhotoListView;
class ProjectController;
class SubjectPanel;
class ThumbnailLoader;

class SubjectTab : public QWidget {
  Q_OBJECT
 public:
  SubjectTab(ProjectController* project, ThumbnailLoader* thumbnails, QWidget* parent = nullptr);

  MessageArea* messageArea() const { return messages_; }
  PhotoListView* photoList() const { return photos_; }
  SubjectPanel* subjectPanel() const { return subject_; }
  QLabel* countHint() const { return count_hint_; }
  QLineEdit* templateEdit() const { return template_; }
  QPushButton* suggestButton() const { return suggest_; }
  // Turns on the "Suggest captions" button (CLIP ranks the pool's scenes against each photo).
  void setCaptionSuggester(CaptionSuggester* suggester);

 public Q_SLOTS:
  void showMessages(const UiMessages& messages);
  void suggestCaptions();
  void addPhotosWithDialog();
  void addFolderWithDialog();

 private:
  void updateHint();

  ProjectController* project_;
  SubjectPanel* subject_;
  PhotoListView* photos_;
  MessageArea* messages_;
  QLabel* count_hint_;
  QLineEdit* template_;
  QPushButton* suggest_;
  CaptionSuggester* suggester_ = nullptr;
};

}  // namespace olis::ui
