#include "core/io/safetensors.h"

#include <gtest/gtest.h>

#include "tests/support/fixtures.h"

namespace {

TEST(Safetensors, RoundTripF32) {
  auto dir = olis::test::temp_dir("st_roundtrip");
  olis::io::TensorMap m{{"a", torch::arange(6, torch::kFloat32).reshape({2, 3})}};
  olis::io::save_safetensors(dir / "x.safetensors", m);
  auto back = olis::io::load_safetensors(dir / "x.safetensors");
  ASSERT_TRUE(back) << back.error().what();
  EXPECT_TRUE(torch::equal(back->at("a"), m["a"]));
}

}  // namespace
