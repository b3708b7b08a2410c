#include "ui/engine_worker.h"

#include "core/system/threads.h"

#include <QElapsedTimer>
#include <QMetaObject>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace olis::ui {

namespace {

// The engine thread runs at a lower scheduling priority than the UI thread, so that a job that keeps
// every core busy does not make the window stutter. Qt's QThread priorities do nothing for Linux's
// default scheduler; a per-thread nice value does.
void lower_current_thread_priority() {
#ifdef __linux__
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  (void)::setpriority(PRIO_PROCESS, tid, 10);
#endif
}

// Ids are unique across workers, so that views listening to several workers (one per device) never mix jobs up.
std::atomic<int> next_job_id{1};

QImage to_qimage(const olis::jobs::PreviewImage& p) {
  if (p.width <= 0 || p.height <= 0 || p.rgb.size() < static_cast<size_t>(p.width) * p.height * 3) return {};
  QImage view(p.rgb.data(), p.width, p.height, p.width * 3, QImage::Format_RGB888);
  return view.copy();  // owns its pixels before it crosses threads
}

}  // namespace

EngineWorker::EngineWorker() {
  setObjectName("EngineWorker");
  thread_.setObjectName("olis-engine");
  moveToThread(&thread_);
  connect(&thread_, &QThread::started, this, [] { lower_current_thread_priority(); }, Qt::DirectConnection);
  thread_.start();
}

EngineWorker::~EngineWorker() {
  cancelAll();
  thread_.quit();
  thread_.wait();
}

int EngineWorker::enqueue(std::shared_ptr<olis::jobs::Job> job, const QString& display_name) {
  Entry entry;
  entry.job = std::move(job);
  entry.cancel = std::make_shared<olis::jobs::CancelToken>();
  const QString name = display_name.isEmpty() ? QString::fromStdString(entry.job->name()) : display_name;
  QString out = QString::fromStdString(entry.job->output_dir().string());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    entry.id = next_job_id.fetch_add(1);
    queue_.push_back(entry);
  }
  Q_EMIT queued(entry.id, name, out);
  QMetaObject::invokeMethod(this, "processNext", Qt::QueuedConnection);
  return entry.id;
}

void EngineWorker::cancel(int id) {
  bool removed = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_.id == id && running_.cancel) {
      running_.cancel->request_cancel();
      return;
    }
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (it->id == id) {
        queue_.erase(it);
        removed = true;
        break;
      }
    }
  }
  if (removed) Q_EMIT cancelled(id);
}

void EngineWorker::cancelAll() {
  std::deque<Entry> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    dropped.swap(queue_);
    if (running_.cancel) running_.cancel->request_cancel();
  }
  for (const Entry& e : dropped) Q_EMIT cancelled(e.id);
}

int EngineWorker::pendingCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(queue_.size()) + (running_.id != 0 ? 1 : 0);
}

bool EngineWorker::isRunning(int id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_.id == id && id != 0;
}

void EngineWorker::processNext() {
  Entry entry;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_.id != 0 || queue_.empty()) return;
    entry = queue_.front();
    queue_.pop_front();
    running_ = entry;
  }
  runEntry(entry);
  bool more = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_ = Entry{};
    more = !queue_.empty();
  }
  if (more) {
    // One job per event so that quit() and queued cancellations are seen between jobs.
    QMetaObject::invokeMethod(this, "processNext", Qt::QueuedConnection);
  } else {
    Q_EMIT idle();
  }
}

void EngineWorker::runEntry(const Entry& entry) {
  const int id = entry.id;
  olis::system::set_compute_threads(compute_threads_.load());
  Q_EMIT started(id);
  QElapsedTimer since_progress;
  since_progress.start();
  olis::jobs::JobCallbacks callbacks;
  callbacks.progress = [this, id, &since_progress](const olis::jobs::JobProgress& p) {
    // At most ~30 progress signals per second reach the UI event queue.
    if (p.step < p.total && since_progress.isValid() && since_progress.elapsed() < 33 && p.step != 0) return;
    since_progress.restart();
    Q_EMIT progressed(id, p.step, p.total, p.eta_seconds);
  };
  callbacks.preview = [this, id](const olis::jobs::PreviewImage& image) { Q_EMIT previewReady(id, to_qimage(image)); };
  callbacks.log = [this, id](const std::string& line) { Q_EMIT logLine(id, QString::fromStdString(line)); };
  const olis::jobs::JobResult result = olis::jobs::run_job_safely(*entry.job, callbacks, *entry.cancel);
  switch (result.outcome) {
    case olis::jobs::JobOutcome::Succeeded: Q_EMIT succeeded(id, result.duration_seconds); break;
    case olis::jobs::JobOutcome::Cancelled: Q_EMIT cancelled(id); break;
    case olis::jobs::JobOutcome::Failed: Q_EMIT failed(id, QString::fromStdString(result.message)); break;
  }
}

}  // namespace olis::ui
