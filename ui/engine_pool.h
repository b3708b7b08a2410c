#pragma once
// One engine worker per device. The main window's worker runs the jobs of the settings' device; a job
// pinned to another device ("cuda:1") runs on that device's own worker and thread, so a booth with two
// GPUs trains two subjects at once while jobs on the same device still run one after another.
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace olis::ui {

class EngineWorker;

class EnginePool : public QObject {
  Q_OBJECT
 public:
  // `main` (not owned) serves `main_device` ("auto" is resolved: cuda:0 when there is CUDA, else cpu).
  EnginePool(EngineWorker* main, const QString& main_device, QObject* parent = nullptr);
  ~EnginePool() override;  // cancels and stops the workers it made

  // The worker of a device ("", "auto", "cpu", "cuda", "cuda:1"), made on first use.
  EngineWorker* worker(const QString& device);
  QList<EngineWorker*> workers() const;
  // "cpu" and "cuda:N" for every CUDA device.
  static QStringList availableDevices();
  static QString canonicalDevice(const QString& device);
  // The main worker serves another device from now on (the settings changed); workers made for other
  // devices stay.
  void setMainDevice(const QString& device);
  QString mainDevice() const { return main_device_; }

 Q_SIGNALS:
  void workerAdded(EngineWorker* worker);

 private:
  EngineWorker* main_;
  QString main_device_;
  QMap<QString, EngineWorker*> extra_;  // device -> worker made here (owned)
};

}  // namespace olis::ui
