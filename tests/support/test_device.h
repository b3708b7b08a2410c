#pragma once
// Where the device-aware tests run. OLIS_TEST_DEVICE=cuda (or cuda:N) runs them on a GPU, with TF32 off so
// that float32 keeps the fixture tolerances; OLIS_TEST_DTYPE=bf16 (or OLIS_TEST_DEVICE=cuda,bf16) runs the
// models in bfloat16 at the looser tolerance below. Without a CUDA device those runs skip (in CI too: CI has no GPU),
// or fail with OLIS_REQUIRE_CUDA=1 (scripts/gpu-check.sh), so that a GPU run cannot pass by skipping.
// The `gpu` CTest label registers the parity tests and the *_gpu_test.cpp tests with OLIS_TEST_DEVICE=cuda.
#include <string>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "tests/support/tensor_compare.h"

namespace olis::test {

torch::Device test_device();       // OLIS_TEST_DEVICE, default cpu
torch::ScalarType test_dtype();    // OLIS_TEST_DTYPE: fp32 (default), bf16, fp16
bool test_device_available();      // false when CUDA was asked for and there is none
bool cuda_required();              // OLIS_REQUIRE_CUDA=1: a missing CUDA device fails the test instead of skipping
std::string test_device_label();   // "cpu fp32", "cuda bf16", ... for messages

// bf16 runs compare by relative L2 error, ||actual - expected|| / ||expected|| <= kBf16RelativeL2
// (bf16 keeps 8 significant bits: 2^-8 = 0.4% per rounding, compounded over a tiny model's layers).
inline constexpr double kBf16RelativeL2 = 3e-2;

// The fixture tolerance (atol, rtol) in float32; the relative L2 bound in bf16/fp16.
::testing::AssertionResult device_close(const torch::Tensor& actual, const torch::Tensor& expected, double atol,
                                        double rtol = 0.0, const std::string& what = "");

}  // namespace olis::test

// Skips the test when its device is absent (OLIS_TEST_DEVICE=cuda on a machine without CUDA); fails it
// instead with OLIS_REQUIRE_CUDA=1.
#define OLIS_REQUIRE_TEST_DEVICE()                                                                   \
  if (!::olis::test::test_device_available()) {                                                     \
    if (::olis::test::cuda_required())                                                               \
      GTEST_FAIL() << "OLIS_REQUIRE_CUDA is set, but " << ::olis::test::test_device_label()         \
                   << " is not usable here";                                                         \
    GTEST_SKIP() << "OLIS_TEST_DEVICE asks for " << ::olis::test::test_device_label()               \
                 << " but no CUDA device is present";                                               \
  }
