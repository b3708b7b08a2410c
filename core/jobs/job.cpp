#include "core/jobs/job.h"

#include <exception>

namespace olis::jobs {

ProgressReporter::ProgressReporter(const JobCallbacks& callbacks, int64_t total)
    : callbacks_(callbacks), total_(total), start_(std::chrono::steady_clock::now()), last_emit_(start_) {
  callbacks_.emit_progress(JobProgress{0, total_, -1.0});
}

void ProgressReporter::step(int64_t done) {
  const auto now = std::chrono::steady_clock::now();
  // Throttle to ~50 reports per second so that fast loops do not flood a UI event queue,
  // but always report the last step.
  if (done < total_ && now - last_emit_ < std::chrono::milliseconds(20)) return;
  last_emit_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  double eta = -1.0;
  if (done > 0 && total_ > 0) eta = elapsed / static_cast<double>(done) * static_cast<double>(total_ - done);
  callbacks_.emit_progress(JobProgress{done, total_, eta});
}

JobResult run_job_safely(Job& job, const JobCallbacks& callbacks, CancelToken& cancel) {
  JobResult result;
  const auto start = std::chrono::steady_clock::now();
  try {
    job.run(callbacks, cancel);
    result.outcome = cancel.cancelled() ? JobOutcome::Cancelled : JobOutcome::Succeeded;
  } catch (const JobCancelled&) {
    result.outcome = JobOutcome::Cancelled;
  } catch (const std::exception& e) {
    result.outcome = cancel.cancelled() ? JobOutcome::Cancelled : JobOutcome::Failed;
    result.message = e.what();
  } catch (...) {
    result.outcome = JobOutcome::Failed;
    result.message = "unknown error in job '" + job.name() + "'";
  }
  result.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace olis::jobs
