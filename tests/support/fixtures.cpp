#include "tests/support/fixtures.h"
#include "olis/build_paths.h"

#include <cstdlib>
#include <random>

namespace olis::test {

std::filesystem::path source_dir() {
  if (const char* env = std::getenv("OLIS_SOURCE_DIR"); env && *env) return env;
  return OLIS_SOURCE_DIR;
}

std::filesystem::path fixtures_root() {
  if (const char* env = std::getenv("OLIS_FIXTURES"); env && *env) return env;
  return source_dir().parent_path() / "shared" / "fixtures";
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && *ci && std::string(ci) != "0" && std::string(ci) != "false";
}

std::vector<std::filesystem::path> fixture_dirs(const std::string& prefix, const std::string& marker) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  auto root = fixtures_root();
  if (!std::filesystem::is_directory(root, ec)) return out;
  for (const auto& e : std::filesystem::directory_iterator(root, ec)) {
    if (!e.is_directory()) continue;
    auto name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    if (!marker.empty() && !std::filesystem::exists(e.path() / marker)) continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string missing_fixture_message(const std::string& what) {
  return "no fixture folder '" + what + "*' under " + fixtures_root().string() +
         "; set OLIS_FIXTURES to the reference fixtures folder to run this parity test";
}

namespace {

// Removes the scratch folder of this test binary when the binary exits.
struct ScratchRoot {
  std::filesystem::path path;
  ScratchRoot() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / ("olis-test-" + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~ScratchRoot() {
    std::error_code ec;
    if (!std::getenv("OLIS_KEEP_TEST_FILES")) std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

std::filesystem::path temp_dir(const std::string& name) {
  static ScratchRoot root;
  auto p = root.path / name;
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

}  // namespace olis::test
