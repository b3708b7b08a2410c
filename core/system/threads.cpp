#include "core/system/threads.h"

#include <ATen/Parallel.h>

namespace olis::system {

int set_compute_threads(int n) {
  static const int machine_default = at::get_num_threads();  // before anyone changed it
  const int want = n > 0 ? n : machine_default;
  if (at::get_num_threads() != want) at::set_num_threads(want);
  return at::get_num_threads();
}

}  // namespace olis::system
