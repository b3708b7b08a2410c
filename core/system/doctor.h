#pragma once
// The environment a bug report needs: versions, devices, BLAS speed, threads, memory.
#include <cstdint>
#include <string>
#include <vector>

namespace olis::system {

struct GpuInfo {
  int index = 0;
  std::string name;
  uint64_t total_memory_bytes = 0;
};

struct EnvironmentReport {
  std::string olis_version;
  std::string torch_version;
  bool cuda_available = false;
  int cuda_device_count = 0;
  std::vector<GpuInfo> gpus;
  std::string blas_library;  // the BLAS shared object mapped into this process
  bool blas_is_reference = false;
  double matmul_gflops = 0;   // measured float32 matmul throughput
  int matmul_size = 0;
  int intra_op_threads = 0;
  int inter_op_threads = 0;
  bool mkldnn_available = false;
  uint64_t memory_total_bytes = 0;
  uint64_t memory_available_bytes = 0;
  std::string torch_build_config;
  std::vector<std::string> warnings;
};

struct DoctorOptions {
  int matmul_size = 512;
  double matmul_min_seconds = 0.3;
};

EnvironmentReport collect_environment(const DoctorOptions& options = {});
std::string format_report(const EnvironmentReport& report);

// Path of the loaded BLAS library, from /proc/self/maps (empty if none is mapped).
std::string loaded_blas_library();
// Memory figures from /proc/meminfo; zero where unreadable.
uint64_t memory_available_bytes();
uint64_t memory_total_bytes();
// Peak resident set size of this process (VmHWM), in bytes.
uint64_t peak_rss_bytes();

}  // namespace olis::system
