#pragma once
// The number of CPU threads torch uses for one operation. The setting is per calling thread under
// OpenMP, so a runner calls this on the thread that runs the jobs (the GUI's engine thread, the CLI's
// main thread).
namespace olis::system {

// The default: every core this process may run on (its CPU affinity, which honours cgroup cpusets),
// unless OMP_NUM_THREADS or MKL_NUM_THREADS is set, in which case torch's own choice is kept. libtorch
// alone often picks 1 thread on small machines (2 cores here), which makes training steps ~20% slower.
int default_compute_threads();

// n > 0: use n threads; n <= 0: default_compute_threads(). Returns the number now in use.
int set_compute_threads(int n);

}  // namespace olis::system
