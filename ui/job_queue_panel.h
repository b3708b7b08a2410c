#pragma once
// The queue of engine jobs: one row per job with its status, progress bar and ETA, a shared log, the
// latest preview image, and buttons to cancel a job and to open its output folder. It shows the jobs of
// every engine worker added to it (one per device), each row naming the device of the jobs off the main one.
#include <QHash>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace olis::ui {

class EngineWorker;

class JobQueuePanel : public QWidget {
  Q_OBJECT
 public:
  explicit JobQueuePanel(EngineWorker* engine, QWidget* parent = nullptr);
  // Shows the jobs of another worker too (a device's own worker).
  void addEngine(EngineWorker* engine);

  QTreeWidget* jobList() const { return list_; }
  QPlainTextEdit* log() const { return log_; }
  QString statusText(int id) const;
  int progressValue(int id) const;  // 0..1000, -1 for an unknown job
  static QString formatEta(double seconds);

 public Q_SLOTS:
  void cancelSelected();
  void openSelectedOutput();
  void clearFinished();

 private:
  struct Row {
    QTreeWidgetItem* item = nullptr;
    EngineWorker* engine = nullptr;
    QProgressBar* bar = nullptr;
    QString name;
    QString outputDir;
    bool finished = false;
  };
  void onQueued(EngineWorker* engine, int id, const QString& name, const QString& outputDir);
  void onStarted(int id);
  void onProgressed(int id, qint64 step, qint64 total, double eta);
  void onFinished(int id, const QString& status, const QString& logText);
  void appendLog(int id, const QString& line);
  void updateButtons();
  int selectedId() const;

  EngineWorker* engine_;
  QTreeWidget* list_;
  QPlainTextEdit* log_;
  QLabel* preview_;
  QPushButton* cancel_;
  QPushButton* open_;
  QPushButton* clear_;
  QHash<int, Row> rows_;
};

}  // namespace olis::ui
