#pragma once
// Tensor comparison for parity tests: reports the worst element, not just "not equal".
#include <string>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/io/safetensors.h"

namespace olis::test {

// |actual - expected| <= atol + rtol * |expected| everywhere, same shape.
inline ::testing::AssertionResult tensors_close(const torch::Tensor& actual, const torch::Tensor& expected,
                                                double atol, double rtol = 0.0, const std::string& what = "") {
  if (!actual.defined()) return ::testing::AssertionFailure() << what << ": actual tensor is undefined";
  if (actual.sizes() != expected.sizes())
    return ::testing::AssertionFailure() << what << ": shape " << actual.sizes() << " != expected "
                                         << expected.sizes();
  auto a = actual.detach().to(torch::kCPU, torch::kFloat64);
  auto e = expected.detach().to(torch::kCPU, torch::kFloat64);
  auto diff = (a - e).abs();
  auto allowed = atol + rtol * e.abs();
  auto bad = (diff > allowed) | diff.isnan();
  if (bad.any().item<bool>()) {
    auto flat = diff.flatten();
    auto idx = flat.nan_to_num(1e300).argmax().item<int64_t>();
    return ::testing::AssertionFailure() << what << ": max |diff| " << flat.nan_to_num(1e300).max().item<double>()
                                         << " at flat index " << idx << " (actual " << a.flatten()[idx].item<double>()
                                         << ", expected " << e.flatten()[idx].item<double>() << "), "
                                         << bad.sum().item<int64_t>() << " of " << e.numel()
                                         << " elements out of tolerance atol=" << atol << " rtol=" << rtol;
  }
  return ::testing::AssertionSuccess();
}

inline double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.detach().to(torch::kFloat64) - b.detach().to(torch::kFloat64)).abs().max().item<double>();
}

// Loads a case file or throws with the file name.
inline io::TensorMap load_case(const std::filesystem::path& path) { return value_or_throw(io::load_safetensors(path)); }

}  // namespace olis::test
