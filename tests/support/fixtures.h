#pragma once
// Finding the reference fixtures (../shared/fixtures by default, or $OLIS_FIXTURES).
// Tests skip with a clear message when the folder is absent, and fail when $CI is set.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace olis::test {

std::filesystem::path fixtures_root();
// The source tree ($OLIS_SOURCE_DIR, else the one this build was configured from).
std::filesystem::path source_dir();
bool in_ci();
// Every fixture folder whose name starts with `prefix` and that holds `marker` (e.g. "case.safetensors"),
// sorted by name. Data-driven parity tests run on each of them.
std::vector<std::filesystem::path> fixture_dirs(const std::string& prefix, const std::string& marker = "");
std::string missing_fixture_message(const std::string& what);
// A scratch folder, unique per test, removed at exit of the test binary.
std::filesystem::path temp_dir(const std::string& name);

}  // namespace olis::test

// Declares `var` (a vector of fixture folders) or skips / fails the test when there is none.
#define OLIS_REQUIRE_FIXTURES(var, prefix, marker)                                          \
  const auto var = ::olis::test::fixture_dirs(prefix, marker);                              \
  if (var.empty()) {                                                                        \
    if (::olis::test::in_ci()) {                                                            \
      FAIL() << ::olis::test::missing_fixture_message(prefix) << " (CI is set: failing)";   \
    } else {                                                                                \
      GTEST_SKIP() << ::olis::test::missing_fixture_message(prefix);                        \
    }                                                                                       \
  }
