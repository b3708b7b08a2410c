#pragma once
// The engine thread. One EngineWorker owns a QThread on which it runs core jobs (olis::jobs::Job) one at
// a time, in the order they were queued. The core job callbacks are re-emitted as signals from the worker
// thread; receivers in the UI thread get them through queued connections, with data already converted to
// Qt values (QString, QImage). Exceptions never leave the worker thread: run_job_safely() turns them into
// failed(). The UI thread never runs a job itself.
//
// enqueue() and cancel() are thread-safe and return at once.
#include <QImage>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>

#include "core/jobs/job.h"

namespace olis::ui {

class EngineWorker : public QObject {
  Q_OBJECT
 public:
  EngineWorker();
  ~EngineWorker() override;  // cancels everything and waits for the running job to stop

  // Queues a job and returns its id (> 0, unique among all workers of the process). `display_name` (translated) replaces job->name() in the UI.
  int enqueue(std::shared_ptr<olis::jobs::Job> job, const QString& display_name = QString());
  // Cancels a queued job at once, or asks the running job to stop at its next step.
  void cancel(int id);
  void cancelAll();
  // Jobs waiting plus the running one.
  int pendingCount() const;
  bool isRunning(int id) const;
  QThread* engineThread() { return &thread_; }
  // CPU threads for the jobs that start from now on (0: the machine's default). Applied on the engine thread.
  void setComputeThreads(int n) { compute_threads_.store(n); }
  // The device this worker's jobs run on ("cpu", "cuda:1"), for the views; empty: the settings' device.
  void setDevice(const QString& device) { device_ = device; }
  QString device() const { return device_; }

 Q_SIGNALS:
  void queued(int id, const QString& name, const QString& outputDir);
  void started(int id);
  void progressed(int id, qint64 step, qint64 total, double etaSeconds);
  void previewReady(int id, const QImage& image);
  void logLine(int id, const QString& line);
  void succeeded(int id, double durationSeconds);
  void failed(int id, const QString& message);
  void cancelled(int id);
  // The queue is empty and nothing runs.
  void idle();

 private:
  struct Entry {
    int id = 0;
    std::shared_ptr<olis::jobs::Job> job;
    std::shared_ptr<olis::jobs::CancelToken> cancel;
  };
  Q_INVOKABLE void processNext();
  void runEntry(const Entry& entry);

  QThread thread_;
  mutable std::mutex mutex_;
  std::deque<Entry> queue_;
  Entry running_;
  std::atomic<int> compute_threads_{0};
  QString device_;
};

}  // namespace olis::ui
