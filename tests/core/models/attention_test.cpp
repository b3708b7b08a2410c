#include "core/models/attention.h"

#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "tests/support/tensor_compare.h"

namespace {

torch::Tensor naive(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask) {
  auto s = torch::matmul(q.to(torch::kFloat64), k.to(torch::kFloat64).transpose(-1, -2)) / std::sqrt(double(q.size(-1)));
  if (mask.defined()) s = s + mask.to(torch::kFloat64);
  return torch::matmul(torch::softmax(s, -1), v.to(torch::kFloat64)).to(q.scalar_type());
}

TEST(Attention, ChunkedEqualsNaive) {
  torch::manual_seed(0);
  auto q = torch::randn({2, 3, 37, 8}), k = torch::randn({2, 3, 19, 8}), v = torch::randn({2, 3, 19, 5});
  olis::models::AttentionOptions opt;
  opt.max_chunk_elements = 2 * 3 * 19 * 4;  // forces chunks of 4 query rows
  opt.allow_fused = false;
  EXPECT_TRUE(olis::test::tensors_close(olis::models::attention(q, k, v, {}, opt), naive(q, k, v, {}), 1e-5));
}

TEST(Attention, CausalMaskIgnoresFutureKeys) {
  torch::manual_seed(1);
  auto q = torch::randn({1, 2, 6, 4}), k = torch::randn({1, 2, 6, 4}), v = torch::randn({1, 2, 6, 4});
  olis::models::AttentionOptions opt;
  opt.causal = true;
  auto out = olis::models::attention(q, k, v, {}, opt);
  auto causal = torch::full({6, 6}, -std::numeric_limits<float>::infinity()).triu(1);
  EXPECT_TRUE(olis::test::tensors_close(out, naive(q, k, v, causal), 1e-5));
  // Changing the last key must not change the first query's output.
  auto k2 = k.clone();
  k2.index_put_({0, torch::indexing::Slice(), 5}, 100.0);
  auto out2 = olis::models::attention(q, k2, v, {}, opt);
  EXPECT_TRUE(torch::allclose(out.select(2, 0), out2.select(2, 0)));
}

TEST(Attention, UpcastGivesFloatAccuracyForHalfInputs) {
  torch::manual_seed(2);
  auto q = torch::randn({1, 1, 8, 16}), k = torch::randn({1, 1, 8, 16}), v = torch::randn({1, 1, 8, 16});
  olis::models::AttentionOptions opt;
  opt.upcast = true;
  auto out = olis::models::attention(q.to(torch::kBFloat16), k.to(torch::kBFloat16), v.to(torch::kBFloat16), {}, opt);
  EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
  EXPECT_TRUE(olis::test::tensors_close(out, naive(q, k, v, {}), 5e-2));
}

}  // namespace

namespace {

TEST(Attention, UpcastKeepsTheFusedKernel) {
  // SD 2.x sets upcast_attention; with a fused kernel (libtorch 2.x) fp16/bf16 attention must stay on it, as
  // diffusers' SDPA processor does (the kernel keeps the softmax in float32), not fall to the chunked path.
  olis::models::AttentionOptions opt;
  opt.upcast = true;
  EXPECT_TRUE(olis::models::uses_fused_attention(opt, true));
  EXPECT_FALSE(olis::models::uses_fused_attention(opt, false));
  opt.allow_fused = false;
  EXPECT_FALSE(olis::models::uses_fused_attention(opt, true));
}

TEST(Attention, FusedUpcastBf16MatchesFloat64WithLargeLogits) {
  if (!olis::compat::has_fused_sdpa()) GTEST_SKIP() << "libtorch " << olis::compat::torch_version() << " has no fused attention";
  torch::manual_seed(3);
  // Large logits (|q.k| ~ 40) are where an unguarded bf16 softmax loses accuracy.
  auto q = torch::randn({2, 4, 64, 32}) * 2, k = torch::randn({2, 4, 64, 32}) * 2, v = torch::randn({2, 4, 64, 32});
  olis::models::AttentionOptions opt;
  opt.upcast = true;
  auto bf = [](const torch::Tensor& t) { return t.to(torch::kBFloat16); };
  auto out = olis::models::attention(bf(q), bf(k), bf(v), {}, opt);
  EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
  auto ref = naive(bf(q).to(torch::kFloat32), bf(k).to(torch::kFloat32), bf(v).to(torch::kFloat32), {});
  const double rel = ((out.to(torch::kFloat64) - ref.to(torch::kFloat64)).norm() / ref.to(torch::kFloat64).norm()).item<double>();
  EXPECT_LT(rel, 1e-2);  // bf16 output rounding (2^-8) plus the fused kernel's float32 softmax
}

}  // namespace
