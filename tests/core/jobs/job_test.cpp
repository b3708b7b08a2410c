#include "core/jobs/job.h"

#include <gtest/gtest.h>

namespace {

using namespace olis::jobs;

class CountingJob : public Job {
 public:
  explicit CountingJob(int64_t steps, int64_t fail_at = -1) : steps_(steps), fail_at_(fail_at) {}
  std::string name() const override { return "count"; }
  void run(const JobCallbacks& cb, CancelToken& cancel) override {
    ProgressReporter progress(cb, steps_);
    for (int64_t i = 0; i < steps_; ++i) {
      cancel.throw_if_cancelled();
      if (i == fail_at_) throw olis::Error("step " + std::to_string(i) + " broke");
      done = i + 1;
      progress.step(done);
      if (done == cancel_after) cancel.request_cancel();
    }
    cb.emit_log("finished");
  }
  int64_t done = 0;
  int64_t cancel_after = -1;

 private:
  int64_t steps_;
  int64_t fail_at_;
};

TEST(Job, SucceedsAndReportsFinalProgress) {
  CountingJob job(1000);
  JobProgress last;
  std::vector<std::string> logs;
  JobCallbacks cb;
  cb.progress = [&](const JobProgress& p) { last = p; };
  cb.log = [&](const std::string& s) { logs.push_back(s); };
  CancelToken cancel;
  const JobResult r = run_job_safely(job, cb, cancel);
  EXPECT_EQ(r.outcome, JobOutcome::Succeeded);
  EXPECT_EQ(last.step, 1000);
  EXPECT_EQ(last.total, 1000);
  EXPECT_GE(last.eta_seconds, 0.0);
  ASSERT_EQ(logs.size(), 1u);
}

TEST(Job, CancelStopsAtNextStep) {
  CountingJob job(1000);
  job.cancel_after = 10;
  CancelToken cancel;
  const JobResult r = run_job_safely(job, JobCallbacks{}, cancel);
  EXPECT_EQ(r.outcome, JobOutcome::Cancelled);
  EXPECT_EQ(job.done, 10);
}

TEST(Job, ErrorsBecomeFailedResultWithMessage) {
  CountingJob job(100, 5);
  CancelToken cancel;
  const JobResult r = run_job_safely(job, JobCallbacks{}, cancel);
  EXPECT_EQ(r.outcome, JobOutcome::Failed);
  EXPECT_EQ(r.message, "step 5 broke");
}

}  // namespace
