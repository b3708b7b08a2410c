#pragma once
// The number of CPU threads torch uses for one operation. The setting is per calling thread under
// OpenMP, so a runner calls this on the thread that runs the jobs (the GUI's engine thread).
namespace olis::system {

// n > 0: use n threads; n <= 0: the default torch chose for this machine. Returns the number now in use.
int set_compute_threads(int n);

}  // namespace olis::system
