#pragma once
// The Pools tab: the attribute and style pools the prompts are drawn from (the shipped files plus the
// user's pool file), and an editor for the user pool file, an overlay (olis-pool-overlay/1) that adds or
// removes entries without touching the shipped files. Pools are read off the UI thread.
#include <QWidget>

#include <memory>

#include "core/prompts/pools.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTreeWidget;

namespace olis::ui {

class MessageArea;

class PoolView : public QWidget {
  Q_OBJECT
 public:
  // `user_pool_file`: the overlay file to edit (created on the first change).
  explicit PoolView(const QString& user_pool_file, QWidget* parent = nullptr);

  QString userPoolFile() const { return file_; }
  QTreeWidget* tree() const { return tree_; }
  QListWidget* changes() const { return changes_; }
  bool isLoading() const { return loading_; }

 public Q_SLOTS:
  void reload();
  bool addEntry(const QString& kind, const QString& slot, const QString& entry);
  bool removeEntry(const QString& kind, const QString& slot, const QString& entry);

 Q_SIGNALS:
  void loaded(bool ok);
  void userPoolChanged();

 private:
  void fillSlots();
  void showPools(const olis::prompts::PoolSet& pools);
  void showChanges();
  bool saveOverlay();

  QString file_;
  olis::prompts::PoolOverlay overlay_;
  QTreeWidget* tree_;
  QLabel* sources_;
  QComboBox* kind_;
  QComboBox* slot_;
  QLineEdit* entry_;
  QPushButton* add_;
  QPushButton* remove_;
  QListWidget* changes_;
  QPushButton* undo_;
  MessageArea* messages_;
  bool loading_ = false;
};

}  // namespace olis::ui
