// The Personalize tab: two queued projects on the CPU; stopping one loses nothing of the other, which
// finishes (export and sample grid), and the stopped one continues from its checkpoint. Device pinning: jobs
// pinned to two devices run at the same time on their own workers, jobs on one device one after another.
#include <torch/torch.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTreeWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/jobs/job.h"
#include "ui/engine_pool.h"
#include "ui/engine_worker.h"
#include "ui/job_queue_panel.h"
#include "ui/main_window.h"
#include "ui/personalize_tab.h"
#include "tests/ui/booth_test_util.h"

namespace {

// Waits until `peers` jobs run at the same time (or 5 s pass), then records whether they met.
struct MeetingJob : olis::jobs::Job {
  std::shared_ptr<std::atomic<int>> running;
  std::shared_ptr<std::atomic<int>> most;
  int peers = 2;
  std::string name() const override { return "meet"; }
  void run(const olis::jobs::JobCallbacks&, olis::jobs::CancelToken& cancel) override {
    const int now = ++*running;
    int seen = most->load();
    while (now > seen && !most->compare_exchange_weak(seen, now)) {
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    while (running->load() < peers && std::chrono::steady_clock::now() < until && !cancel.cancelled())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    int all = running->load();
    seen = most->load();
    while (all > seen && !most->compare_exchange_weak(seen, all)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    --*running;
  }
};

}  // namespace

class PersonalizeTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    torch::set_num_threads(2);
  }

  void jobsPinnedToTwoDevicesRunAtOnce() {
    olis::ui::EngineWorker main;
    olis::ui::EnginePool pool(&main, "cpu");
    QCOMPARE(pool.worker("cpu"), &main);
    QCOMPARE(pool.worker("auto") == &main, !torch::cuda::is_available());
    auto* gpu0 = pool.worker("cuda:0");
    auto* gpu1 = pool.worker("cuda:1");
    QVERIFY(gpu0 != gpu1 && gpu0 != &main);
    QCOMPARE(pool.worker("cuda"), gpu0);
    QCOMPARE(gpu1->device(), QString("cuda:1"));
    auto running = std::make_shared<std::atomic<int>>(0), most = std::make_shared<std::atomic<int>>(0);
    auto make = [&] {
      auto j = std::make_shared<MeetingJob>();
      j->running = running;
      j->most = most;
      return j;
    };
    QSignalSpy done0(gpu0, &olis::ui::EngineWorker::succeeded), done1(gpu1, &olis::ui::EngineWorker::succeeded);
    const int a = gpu0->enqueue(make()), b = gpu1->enqueue(make());
    QVERIFY(a != b);  // ids are unique across workers
    QTRY_VERIFY_WITH_TIMEOUT(done0.count() == 1 && done1.count() == 1, 10000);
    QCOMPARE(most->load(), 2);
    // Two jobs on one device: one after the other.
    most->store(0);
    QSignalSpy same(gpu1, &olis::ui::EngineWorker::succeeded);
    gpu1->enqueue(make());
    gpu1->enqueue(make());
    QTRY_VERIFY_WITH_TIMEOUT(same.count() == 2, 10000);
    QCOMPARE(most->load(), 1);
  }

  void stoppingOneProjectLosesNothingOfTheOther() {
    OLIS_REQUIRE_TINY_FIXTURES();
    QTemporaryDir dir;
    olis::test::TinyProject tp;
    tp.steps = 10;
    tp.checkpointEvery = 2;
    tp.evalEvery = 10;
    tp.validationPrompts = 1;
    const QString a = dir.filePath("a"), b = dir.filePath("b");
    QVERIFY(olis::test::writeTinyProject(a, dir.filePath("cache"), tp));
    QVERIFY(olis::test::writeTinyProject(b, dir.filePath("cache"), tp));
    olis::ui::MainWindow w;
    auto* tab = w.personalizeTab();
    const int ra = tab->addProject(a, "cpu"), rb = tab->addProject(b, "cpu");
    QCOMPARE(tab->rowCount(), 2);
    QCOMPARE(tab->addProject(a), ra);  // once
    QCOMPARE(tab->statusText(ra), QString("Not started"));
    QSignalSpy finished(tab, &olis::ui::PersonalizeTab::entryFinished);
    tab->start(ra);
    tab->start(rb);
    QVERIFY(tab->isRunning(ra) && tab->isRunning(rb));
    // Stop a once its training has passed a checkpoint.
    auto* worker = w.engines()->worker("cpu");
    bool asked = false;
    connect(worker, &olis::ui::EngineWorker::progressed, this, [&](int, qint64 step, qint64 total, double) {
      if (!asked && total == 10 && step >= 3 && tab->statusText(ra).startsWith("Training")) {
        asked = true;
        tab->cancel(ra);
      }
    });
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 600000);
    QVERIFY(asked);
    QCOMPARE(finished.at(0).at(0).toInt(), ra);
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QCOMPARE(finished.at(1).at(0).toInt(), rb);
    QVERIFY2(finished.at(1).at(1).toBool(), qPrintable(tab->statusText(rb)));
    QVERIFY2(tab->statusText(ra).contains("stopped"), qPrintable(tab->statusText(ra)));
    QCOMPARE(tab->state(ra).stages.at(olis::jobs::PersonalizeStage::Training).state, olis::jobs::StageState::Cancelled);
    QVERIFY(tab->state(rb).finished());
    QVERIFY2(tab->statusText(rb).startsWith("Done: step 10"), qPrintable(tab->statusText(rb)));
    QVERIFY(QFile::exists(QDir(b).filePath("training/personalize/grid.png")));
    QVERIFY(QFile::exists(QDir(b).filePath("training/export/step-00000010/lora_kohya.safetensors")));
    QVERIFY(!QFile::exists(QDir(a).filePath("training/personalize/grid.png")));
    // The job queue shows both chains.
    QVERIFY(w.jobPanel()->jobList()->topLevelItemCount() >= 2);

    // a continues from its newest checkpoint and finishes.
    tab->start(ra);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 3, 600000);
    QVERIFY2(finished.at(2).at(1).toBool(), qPrintable(tab->statusText(ra)));
    const auto training = tab->state(ra).stages.at(olis::jobs::PersonalizeStage::Training).message;
    QVERIFY2(training.find("resumed from step") != std::string::npos, training.c_str());
    QVERIFY(QFile::exists(QDir(a).filePath("training/personalize/grid.png")));
  }

  void theQueueAndItsStatesSurviveARestart() {
    OLIS_REQUIRE_TINY_FIXTURES();
    QTemporaryDir dir;
    QVERIFY(olis::test::writeTinyProject(dir.filePath("p"), dir.filePath("cache")));
    {
      olis::ui::MainWindow w;
      w.personalizeTab()->addProject(dir.filePath("p"), "cuda:1");
    }
    olis::ui::MainWindow w;
    auto* tab = w.personalizeTab();
    int row = -1;
    for (int r = 0; r < tab->rowCount(); ++r)
      if (tab->folder(r) == QDir(dir.filePath("p")).absolutePath()) row = r;
    QVERIFY(row >= 0);
    QCOMPARE(tab->device(row), QString("cuda:1"));
    tab->remove(row);
  }
};

QTEST_MAIN(PersonalizeTest)
#include "personalize_test.moc"
