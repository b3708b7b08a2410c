#include "core/util/resources.h"
#include "olis/build_paths.h"

#include <cstdlib>
#include <system_error>

namespace olis {

namespace fs = std::filesystem;

fs::path resources_dir() {
  if (const char* env = std::getenv("OLIS_RESOURCES"); env && *env) return fs::path(env);
  std::error_code ec;
#ifdef OLIS_RESOURCES_DIR
  if (fs::is_directory(OLIS_RESOURCES_DIR, ec)) return fs::path(OLIS_RESOURCES_DIR);
#endif
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return exe.parent_path().parent_path() / "share" / "olis";
  return fs::path("share") / "olis";
}

}  // namespace olis
