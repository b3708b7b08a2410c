#include "tests/support/test_device.h"

#include <cstdlib>
#include <utility>

#include "core/compat/torch_compat.h"
#include "core/models/placement.h"

namespace olis::test {

namespace {

std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string(fallback);
}

// OLIS_TEST_DEVICE is DEVICE or DEVICE,DTYPE (one variable, so that CTest needs one ENVIRONMENT entry).
std::pair<std::string, std::string> device_setting() {
  const std::string v = env("OLIS_TEST_DEVICE", "cpu");
  const auto comma = v.find(',');
  if (comma == std::string::npos) return {v, ""};
  return {v.substr(0, comma), v.substr(comma + 1)};
}

}  // namespace

torch::Device test_device() {
  static const torch::Device d = olis::value_or_throw(olis::models::parse_device(device_setting().first));
  return d;
}

torch::ScalarType test_dtype() {
  static const torch::ScalarType t = [] {
    std::string name = env("OLIS_TEST_DTYPE", "");
    if (name.empty()) name = device_setting().second;
    return olis::value_or_throw(olis::models::parse_dtype(name.empty() ? "fp32" : name));
  }();
  return t;
}

bool cuda_required() { return env("OLIS_REQUIRE_CUDA", "0") == "1"; }

bool test_device_available() {
  const auto d = test_device();
  if (!d.is_cuda()) return true;
  if (!torch::cuda::is_available()) return false;
  if (d.has_index() && d.index() >= static_cast<int>(torch::cuda::device_count())) return false;
  static const bool tf32_off = [] {  // float32 parity at the fixture tolerances needs full float32 matmuls
    olis::compat::set_cuda_tf32(false);
    return true;
  }();
  (void)tf32_off;
  return true;
}

std::string test_device_label() { return test_device().str() + " " + olis::models::dtype_name(test_dtype()); }

::testing::AssertionResult device_close(const torch::Tensor& actual, const torch::Tensor& expected, double atol,
                                        double rtol, const std::string& what) {
  if (test_dtype() == torch::kFloat32) return tensors_close(actual, expected, atol, rtol, what + " [" + test_device_label() + "]");
  if (!actual.defined()) return ::testing::AssertionFailure() << what << ": actual tensor is undefined";
  if (actual.sizes() != expected.sizes())
    return ::testing::AssertionFailure() << what << ": shape " << actual.sizes() << " != expected " << expected.sizes();
  auto a = actual.detach().to(torch::kCPU, torch::kFloat64);
  auto e = expected.detach().to(torch::kCPU, torch::kFloat64);
  if (a.isnan().any().item<bool>()) return ::testing::AssertionFailure() << what << ": NaN in the " << test_device_label() << " output";
  const double rel = ((a - e).norm() / e.norm().clamp_min(1e-30)).item<double>();
  if (rel <= kBf16RelativeL2) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << " [" << test_device_label() << "]: relative L2 error " << rel << " > "
                                       << kBf16RelativeL2;
}

}  // namespace olis::test
