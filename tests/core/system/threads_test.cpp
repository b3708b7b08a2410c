#include "core/system/threads.h"

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <thread>

TEST(ComputeThreads, SetsAndRestoresTheDefaultOnTheCallingThread) {
  std::thread t([] {  // a fresh thread, as the GUI's engine thread is
    const int before = at::get_num_threads();
    EXPECT_EQ(olis::system::set_compute_threads(1), 1);
    EXPECT_EQ(at::get_num_threads(), 1);
    EXPECT_EQ(olis::system::set_compute_threads(0), before);
    EXPECT_GE(before, 1);
  });
  t.join();
}
