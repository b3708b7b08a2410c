#pragma once
// The engine-side job interface. Every long-running piece of work (prompt manifest sampling, generation,
// regularization-set generation, training, evaluation) is a Job. A Job knows nothing about threads or Qt:
// the caller (the UI's EngineWorker, or olis-cli) runs it on a thread of its choosing, passes callbacks
// for progress/preview/log, and a CancelToken that the job polls between steps.
//
// Contract for implementers:
//  - run() does the work synchronously on the calling thread. It reports progress with
//    callbacks.report_progress(step, total) (ETA is computed for you by ProgressReporter) or directly.
//  - Poll cancel.throw_if_cancelled() (or cancel.cancelled()) between steps, at least every ~0.5 s of work;
//    a cancelled job throws JobCancelled (throw_if_cancelled does that) or simply returns.
//  - Failures throw olis::Error with a message for people. The runner catches everything at its top.
//  - Callbacks may be empty std::functions: use the emit_* helpers, which check.
//  - Write outputs (images, manifests, checkpoints) under output_dir() with atomic writes.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/util/error.h"

namespace olis::jobs {

struct JobProgress {
  int64_t step = 0;            // steps done, 0..total
  int64_t total = 0;           // 0 when unknown
  double eta_seconds = -1.0;   // < 0 when unknown
};

// An 8-bit RGB image, rows tightly packed (stride = width * 3).
struct PreviewImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;
};

struct JobCallbacks {
  std::function<void(const JobProgress&)> progress;
  std::function<void(const PreviewImage&)> preview;
  std::function<void(const std::string&)> log;

  void emit_progress(const JobProgress& p) const { if (progress) progress(p); }
  void emit_preview(const PreviewImage& image) const { if (preview) preview(image); }
  void emit_log(const std::string& line) const { if (log) log(line); }
};

// Thrown by CancelToken::throw_if_cancelled(); runners report it as "cancelled", not as a failure.
class JobCancelled : public Error {
 public:
  JobCancelled() : Error("The job was cancelled") {}
};

// Shared between the thread that runs a job and the thread that may cancel it.
class CancelToken {
 public:
  void request_cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  void throw_if_cancelled() const { if (cancelled()) throw JobCancelled(); }
  void reset() { cancelled_.store(false, std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

// Turns (step, total) into JobProgress with an ETA from the mean time per step so far.
class ProgressReporter {
 public:
  ProgressReporter(const JobCallbacks& callbacks, int64_t total);
  void step(int64_t done);  // report that `done` steps of total are finished
  int64_t total() const { return total_; }

 private:
  const JobCallbacks& callbacks_;
  int64_t total_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_emit_;
};

enum class JobKind { PromptManifest, Generation, RegularizationSet, Training, Evaluation, Other };

class Job {
 public:
  virtual ~Job() = default;
  // Short human-readable name shown in the queue, e.g. "Sample 200 prompts".
  virtual std::string name() const = 0;
  virtual JobKind kind() const { return JobKind::Other; }
  // Where the job writes its results; the UI offers to open it. Empty when the job writes no files.
  virtual std::filesystem::path output_dir() const { return {}; }
  // Does the work. Throws olis::Error on failure, JobCancelled when cancelled.
  virtual void run(const JobCallbacks& callbacks, CancelToken& cancel) = 0;
};

enum class JobOutcome { Succeeded, Failed, Cancelled };

struct JobResult {
  JobOutcome outcome = JobOutcome::Succeeded;
  std::string message;  // the error message on failure
  double duration_seconds = 0;
};

// Runs a job and never throws: every exception becomes a JobResult (for runners on any thread).
JobResult run_job_safely(Job& job, const JobCallbacks& callbacks, CancelToken& cancel);

}  // namespace olis::jobs
