#include "core/system/threads.h"

#include <sched.h>

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

namespace {

int affinity_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return static_cast<int>(std::thread::hardware_concurrency());
  return CPU_COUNT(&set);
}

bool thread_env_set() {
  for (const char* name : {"OMP_NUM_THREADS", "MKL_NUM_THREADS"})
    if (const char* v = std::getenv(name); v && *v) return true;
  return false;
}

}  // namespace

TEST(ComputeThreads, SetsAndRestoresTheDefaultOnTheCallingThread) {
  std::thread t([] {  // a fresh thread, as the GUI's engine thread is
    EXPECT_EQ(olis::system::set_compute_threads(1), 1);
    EXPECT_EQ(at::get_num_threads(), 1);
    EXPECT_EQ(olis::system::set_compute_threads(0), olis::system::default_compute_threads());
    EXPECT_EQ(at::get_num_threads(), olis::system::default_compute_threads());
  });
  t.join();
}

TEST(ComputeThreads, DefaultUsesEveryCoreThisProcessMayRunOn) {
  if (thread_env_set()) GTEST_SKIP() << "OMP_NUM_THREADS/MKL_NUM_THREADS is set: torch's choice is kept";
  std::thread t([] {
    EXPECT_EQ(olis::system::default_compute_threads(), affinity_cores());
    EXPECT_EQ(olis::system::set_compute_threads(0), affinity_cores());
    EXPECT_EQ(at::get_num_threads(), affinity_cores());
  });
  t.join();
}
