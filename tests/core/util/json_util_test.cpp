#include "core/util/json_util.h"

#include <gtest/gtest.h>

#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

namespace {

struct Tiny {
  int64_t width = 0;
};

Tiny tiny_from_json(const nlohmann::json& j, const std::string& label) {
  Tiny t;
  t.width = olis::json_get<int64_t>(j, "width", 0, label);
  if (t.width <= 0) throw olis::Error(label + ": width must be positive");
  return t;
}

}  // namespace

TEST(LoadJsonAs, ConvertsAndNamesTheFileOnEveryFailure) {
  const auto dir = olis::test::temp_dir("load_json_as");
  olis::write_file_atomic(dir / "good.json", R"({"width": 64, "lambda_min_clipped": -Infinity})");
  olis::write_file_atomic(dir / "zero.json", R"({"width": 0})");
  olis::write_file_atomic(dir / "text.json", R"({"width": "wide"})");
  olis::write_file_atomic(dir / "broken.json", R"({"width": )");

  auto good = olis::load_json_as(dir / "good.json", tiny_from_json);
  ASSERT_TRUE(good) << good.error().what();
  EXPECT_EQ(good->width, 64);
  for (const char* name : {"zero.json", "text.json", "broken.json", "missing.json"}) {
    auto bad = olis::load_json_as(dir / name, tiny_from_json);
    ASSERT_FALSE(bad) << name;
    EXPECT_NE(std::string(bad.error().what()).find((dir / name).string()), std::string::npos) << bad.error().what();
  }
  EXPECT_NE(std::string(olis::load_json_as(dir / "text.json", tiny_from_json).error().what()).find("'width'"), std::string::npos);
}
