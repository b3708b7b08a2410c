#include "core/system/threads.h"

#include <sched.h>

#include <cstdlib>
#include <thread>

#include <ATen/Parallel.h>

namespace olis::system {

namespace {

int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0';
}

}  // namespace

int default_compute_threads() {
  static const int torch_default = at::get_num_threads();  // before anyone changed it
  if (env_set("OMP_NUM_THREADS") || env_set("MKL_NUM_THREADS")) return torch_default;
  return usable_cores();
}

int set_compute_threads(int n) {
  const int fallback = default_compute_threads();  // first call: records torch's choice before any change
  const int want = n > 0 ? n : fallback;
  if (at::get_num_threads() != want) at::set_num_threads(want);
  return at::get_num_threads();
}

}  // namespace olis::system
