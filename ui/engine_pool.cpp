#include "ui/engine_pool.h"

#include "core/system/devices.h"
#include "ui/engine_worker.h"

namespace olis::ui {

EnginePool::EnginePool(EngineWorker* main, const QString& main_device, QObject* parent)
    : QObject(parent), main_(main), main_device_(canonicalDevice(main_device)) {
  main_->setDevice(main_device_);
}

EnginePool::~EnginePool() {
  for (EngineWorker* w : extra_) delete w;  // each destructor cancels its jobs and joins its thread
}

QString EnginePool::canonicalDevice(const QString& device) {
  return QString::fromStdString(olis::system::canonical_device(device.toStdString()));
}

QStringList EnginePool::availableDevices() {
  QStringList out;
  for (const auto& d : olis::system::compute_devices()) out << QString::fromStdString(d);
  return out;
}

void EnginePool::setMainDevice(const QString& device) {
  main_device_ = canonicalDevice(device);
  main_->setDevice(main_device_);
}

EngineWorker* EnginePool::worker(const QString& device) {
  const QString d = canonicalDevice(device);
  if (d == main_device_) return main_;
  auto it = extra_.find(d);
  if (it != extra_.end()) return *it;
  auto* w = new EngineWorker();
  w->setDevice(d);
  extra_.insert(d, w);
  Q_EMIT workerAdded(w);
  return w;
}

QList<EngineWorker*> EnginePool::workers() const {
  QList<EngineWorker*> out{main_};
  for (EngineWorker* w : extra_) out << w;
  return out;
}

}  // namespace olis::ui
