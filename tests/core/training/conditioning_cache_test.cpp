#include "core/training/conditioning_cache.h"

#include <gtest/gtest.h>

#include "core/util/error.h"

using namespace olis::training;

namespace {

// A stand-in text encoder: one row per prompt from its characters; counts its calls.
struct CountingEncoder {
  int calls = 0;
  bool pooled = true;
  olis::text::Conditioning operator()(const std::string& p) {
    ++calls;
    olis::text::Conditioning c;
    c.context = torch::full({1, 3, 4}, static_cast<float>(p.size())) + torch::arange(12, torch::kFloat32).view({1, 3, 4});
    if (pooled) c.pooled = torch::full({1, 2}, static_cast<float>(p.front()));
    return c;
  }
};

}  // namespace

TEST(ConditioningCache, EncodesEachPromptOnceAndKeepsTheOrder) {
  ConditioningCache cache;
  CountingEncoder enc;
  auto encode = [&](const std::string& p) { return enc(p); };
  auto a = cache.get({"a dog", "a cat on a rock"}, encode);
  EXPECT_EQ(enc.calls, 2);
  ASSERT_EQ(a.context.sizes(), (std::vector<int64_t>{2, 3, 4}));
  ASSERT_EQ(a.pooled.sizes(), (std::vector<int64_t>{2, 2}));
  auto b = cache.get({"a cat on a rock", "a dog", "a bird"}, encode);
  EXPECT_EQ(enc.calls, 3);  // only "a bird" is new
  EXPECT_EQ(cache.hits(), 2);
  EXPECT_EQ(cache.misses(), 3);
  EXPECT_TRUE(torch::equal(b.context[0], a.context[1]));
  EXPECT_TRUE(torch::equal(b.context[1], a.context[0]));
  EXPECT_TRUE(torch::equal(b.pooled[1], a.pooled[0]));
  EXPECT_TRUE(torch::equal(b.context[2], enc("a bird").context[0]));
  // The result is a fresh tensor: changing it leaves the cache alone.
  b.context.zero_();
  EXPECT_TRUE(torch::equal(cache.get({"a dog"}, encode).context[0], a.context[0]));
}

TEST(ConditioningCache, StopsGrowingAtItsBudget) {
  // One entry is 12 + 2 floats = 56 bytes: a budget of 120 bytes holds two.
  ConditioningCache cache(120);
  CountingEncoder enc;
  auto encode = [&](const std::string& p) { return enc(p); };
  cache.get({"one", "two", "three"}, encode);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.bytes(), 112);
  auto again = cache.get({"three"}, encode);  // not kept, encoded again, still right
  EXPECT_EQ(enc.calls, 4);
  EXPECT_TRUE(torch::equal(again.context, enc("three").context));
}

TEST(ConditioningCache, WithoutPooledEmbeddingsAndBadEncoders) {
  ConditioningCache cache;
  CountingEncoder enc;
  enc.pooled = false;
  auto c = cache.get({"x", "yy"}, [&](const std::string& p) { return enc(p); });
  EXPECT_FALSE(c.pooled.defined());
  EXPECT_THROW(cache.get({}, [&](const std::string& p) { return enc(p); }), olis::Error);
  auto two_rows = [](const std::string&) {
    olis::text::Conditioning c;
    c.context = torch::zeros({2, 3, 4});
    return c;
  };
  EXPECT_THROW(cache.get({"z"}, two_rows), olis::Error);
}
