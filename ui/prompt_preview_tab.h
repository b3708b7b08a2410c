#pragma once
// The Prompts tab: samples the structured regularization prompts for the current subject on the engine
// thread (PromptManifestJob), shows their 20/60/20 categories with a filter, can show the same prompts with
// adjective dropout applied, and exports the manifest (JSON Lines).
#include <QWidget>

#include <memory>
#include <vector>

#include "core/prompts/prompt_set.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace olis::jobs {
class PromptManifestJob;
}

namespace olis::ui {

class EngineWorker;
class MessageArea;
class ProjectController;

class PromptPreviewTab : public QWidget {
  Q_OBJECT
 public:
  PromptPreviewTab(ProjectController* project, EngineWorker* engine, QWidget* parent = nullptr);

  void setUserPoolFiles(const QStringList& files) { user_pool_files_ = files; }
  QSpinBox* countSpin() const { return count_; }
  QSpinBox* seedSpin() const { return seed_; }
  QComboBox* categoryFilter() const { return filter_; }
  QCheckBox* dropoutCheck() const { return dropout_; }
  QTableWidget* table() const { return table_; }
  QLabel* summaryLabel() const { return summary_; }
  MessageArea* messageArea() const { return messages_; }
  const std::vector<olis::prompts::PromptItem>& items() const { return items_; }
  int visibleRowCount() const;
  bool isSampling() const { return job_id_ != 0; }

  static QString categoryLabel(olis::prompts::PromptCategory c);

 public Q_SLOTS:
  void sample();
  void reseed();
  bool exportManifest(const QString& path = QString());  // asks for a path when empty

 Q_SIGNALS:
  void samplingFinished(bool ok);

 private:
  void showItems();
  void applyFilter();
  void saveSettings();
  void loadSettings();

  ProjectController* project_;
  EngineWorker* engine_;
  QSpinBox* count_;
  QSpinBox* seed_;
  QPushButton* sample_;
  QPushButton* reseed_;
  QComboBox* filter_;
  QCheckBox* dropout_;
  QDoubleSpinBox* dropout_p_;
  QPushButton* export_;
  QLabel* summary_;
  MessageArea* messages_;
  QTableWidget* table_;
  QStringList user_pool_files_;
  std::vector<olis::prompts::PromptItem> items_;
  std::shared_ptr<olis::jobs::PromptManifestJob> job_;
  int job_id_ = 0;
  bool loading_ = false;
};

}  // namespace olis::ui
