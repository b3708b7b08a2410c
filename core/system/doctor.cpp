#include "core/system/doctor.h"

#include <dlfcn.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "olis/version.h"

namespace olis::system {
namespace {

uint64_t meminfo_kb(const std::string& key, const char* file = "/proc/meminfo") {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) {
      std::istringstream ss(line.substr(key.size() + 1));
      uint64_t kb = 0;
      ss >> kb;
      return kb;
    }
  }
  return 0;
}

// CUDA device names through the driver API, loaded at run time so that CPU builds need no CUDA headers.
std::vector<GpuInfo> query_gpus(int count) {
  std::vector<GpuInfo> out;
  void* lib = ::dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
  using InitFn = int (*)(unsigned);
  using GetFn = int (*)(int*, int);
  using NameFn = int (*)(char*, int, int);
  using MemFn = int (*)(size_t*, int);
  InitFn init = lib ? reinterpret_cast<InitFn>(::dlsym(lib, "cuInit")) : nullptr;
  GetFn get = lib ? reinterpret_cast<GetFn>(::dlsym(lib, "cuDeviceGet")) : nullptr;
  NameFn name = lib ? reinterpret_cast<NameFn>(::dlsym(lib, "cuDeviceGetName")) : nullptr;
  MemFn mem = lib ? reinterpret_cast<MemFn>(::dlsym(lib, "cuDeviceTotalMem_v2")) : nullptr;
  bool ok = init && get && name && init(0) == 0;
  for (int i = 0; i < count; ++i) {
    GpuInfo g;
    g.index = i;
    g.name = "CUDA device";
    if (ok) {
      int dev = 0;
      char buf[256] = {0};
      if (get(&dev, i) == 0 && name(buf, sizeof(buf) - 1, dev) == 0) g.name = buf;
      size_t bytes = 0;
      if (mem && mem(&bytes, dev) == 0) g.total_memory_bytes = bytes;
    }
    out.push_back(g);
  }
  if (lib) ::dlclose(lib);
  return out;
}

double measure_matmul_gflops(int n, double min_seconds) {
  torch::NoGradGuard no_grad;
  auto a = torch::randn({n, n});
  auto b = torch::randn({n, n});
  auto c = torch::mm(a, b);  // warm-up
  int iters = 0;
  auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  do {
    c = torch::mm(a, b);
    ++iters;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < min_seconds);
  return 2.0 * n * n * static_cast<double>(n) * iters / elapsed / 1e9;
}

std::string gib(uint64_t bytes) { return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1ull << 30)); }

}  // namespace

std::string loaded_blas_library() {
  std::ifstream in("/proc/self/maps");
  std::string line;
  std::string found;
  while (std::getline(in, line)) {
    auto pos = line.find('/');
    if (pos == std::string::npos) continue;
    auto path = line.substr(pos);
    auto file = path.substr(path.rfind('/') + 1);
    if (file.find("openblas") != std::string::npos || file.find("mkl_core") != std::string::npos ||
        file.find("libblis") != std::string::npos || file.find("libblas") != std::string::npos) {
      // Prefer the most specific hit: openblas/mkl over a generic libblas.so.3 alternative.
      if (found.empty() || path.find("openblas") != std::string::npos || path.find("mkl") != std::string::npos)
        found = path;
    }
  }
  return found;
}

uint64_t memory_available_bytes() { return meminfo_kb("MemAvailable") * 1024; }
uint64_t memory_total_bytes() { return meminfo_kb("MemTotal") * 1024; }
uint64_t peak_rss_bytes() { return meminfo_kb("VmHWM", "/proc/self/status") * 1024; }

EnvironmentReport collect_environment(const DoctorOptions& options) {
  EnvironmentReport r;
  r.olis_version = OLIS_VERSION_STRING;
  r.torch_version = compat::torch_version();
  r.cuda_available = torch::cuda::is_available();
  r.cuda_device_count = r.cuda_available ? static_cast<int>(torch::cuda::device_count()) : 0;
  r.gpus = query_gpus(r.cuda_device_count);
  r.intra_op_threads = at::get_num_threads();
  r.inter_op_threads = at::get_num_interop_threads();
  r.mkldnn_available = at::hasMKLDNN();
  r.torch_build_config = at::show_config();
  r.matmul_size = options.matmul_size;
  r.matmul_gflops = measure_matmul_gflops(options.matmul_size, options.matmul_min_seconds);
  r.blas_library = loaded_blas_library();  // after the matmul, so a lazily loaded BLAS is mapped
  const bool openblas = r.blas_library.find("openblas") != std::string::npos;
  const bool mkl = r.blas_library.find("mkl") != std::string::npos || at::hasMKL();
  r.blas_is_reference = !openblas && !mkl && r.blas_library.find("/blas/") != std::string::npos;
  r.memory_total_bytes = memory_total_bytes();
  r.memory_available_bytes = memory_available_bytes();
  if (r.blas_is_reference)
    r.warnings.push_back(fmt::format(
        "BLAS is the slow reference implementation ({}): matrix products run about 25x slower. Install OpenBLAS: "
        "`apt-get install libopenblas0-pthread` (scripts/install-deps.sh does this).",
        r.blas_library));
  if (!r.cuda_available)
    r.warnings.push_back("no CUDA device: generation and training run on the CPU and are slow at real model sizes");
  if (r.memory_available_bytes > 0 && r.memory_available_bytes < (8ull << 30))
    r.warnings.push_back(fmt::format("only {} of memory available; SD 1.5 needs about 8 GiB on the CPU",
                                     gib(r.memory_available_bytes)));
  return r;
}

std::string format_report(const EnvironmentReport& r) {
  std::string s;
  s += fmt::format("Olis            {}\n", r.olis_version);
  s += fmt::format("libtorch        {}\n", r.torch_version);
  s += fmt::format("CUDA            {}\n", r.cuda_available ? fmt::format("available, {} device(s)", r.cuda_device_count)
                                                            : std::string("not available"));
  for (const auto& g : r.gpus)
    s += fmt::format("  cuda:{}        {}{}\n", g.index, g.name,
                     g.total_memory_bytes ? fmt::format(" ({})", gib(g.total_memory_bytes)) : std::string());
  s += fmt::format("BLAS            {}{}\n", r.blas_library.empty() ? "(none mapped)" : r.blas_library,
                   r.blas_is_reference ? "  [reference BLAS: slow]" : "");
  s += fmt::format("matmul          {:.1f} GFLOP/s (float32, {}x{}, {} thread(s))\n", r.matmul_gflops, r.matmul_size,
                   r.matmul_size, r.intra_op_threads);
  s += fmt::format("threads         intra-op {}, inter-op {}\n", r.intra_op_threads, r.inter_op_threads);
  s += fmt::format("MKLDNN          {}\n", r.mkldnn_available ? "yes" : "no");
  s += fmt::format("memory          {} available of {}\n", gib(r.memory_available_bytes), gib(r.memory_total_bytes));
  for (const auto& w : r.warnings) s += fmt::format("WARNING: {}\n", w);
  return s;
}

}  // namespace olis::system
