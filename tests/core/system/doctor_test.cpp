#include "core/system/doctor.h"

#include <gtest/gtest.h>

namespace {

TEST(Doctor, ReportsVersionsBlasSpeedAndMemory) {
  olis::system::DoctorOptions opt;
  opt.matmul_size = 128;
  opt.matmul_min_seconds = 0.05;
  auto r = olis::system::collect_environment(opt);
  EXPECT_FALSE(r.olis_version.empty());
  EXPECT_EQ(r.torch_version.substr(0, 1) == "1" || r.torch_version.substr(0, 1) == "2", true) << r.torch_version;
  EXPECT_GT(r.matmul_gflops, 0.0);
  EXPECT_GT(r.intra_op_threads, 0);
  EXPECT_GT(r.memory_total_bytes, 0u);
  EXPECT_FALSE(r.blas_library.empty()) << "no BLAS mapped after a matmul";
  bool warned = false;
  for (const auto& w : r.warnings) warned = warned || w.find("reference implementation") != std::string::npos;
  EXPECT_EQ(warned, r.blas_is_reference);
  auto text = olis::system::format_report(r);
  EXPECT_NE(text.find("libtorch"), std::string::npos);
  EXPECT_NE(text.find("GFLOP/s"), std::string::npos);
}

// scripts/install-deps.sh selects OpenBLAS; the slow reference BLAS here would make every model 25x slower.
TEST(Doctor, OpenBlasIsTheBlasInUse) {
  EXPECT_NE(olis::system::loaded_blas_library().find("openblas"), std::string::npos)
      << olis::system::loaded_blas_library();
}

}  // namespace
