#include "core/util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

namespace olis {
namespace {

std::atomic<bool> g_fail_before_rename{false};
std::function<void(const std::filesystem::path&)> g_before_rename_hook;

std::string errno_text() { return std::strerror(errno); }

std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:012x}", rng() & 0xffffffffffffULL);
}

void fsync_dir(const std::filesystem::path& dir) {
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target) : target_(std::move(target)) {
  auto dir = target_.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("{}: cannot create folder {}: {}", target_.string(), dir.string(), ec.message()));
  }
  for (int attempt = 0; attempt < 8 && fd_ < 0; ++attempt) {
    temp_ = target_;
    temp_ += ".tmp-" + random_suffix();
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0 && errno != EEXIST) break;
  }
  if (fd_ < 0) throw Error(fmt::format("{}: cannot create temporary file: {}", target_.string(), errno_text()));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFileWriter::write(const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(fmt::format("{}: write failed: {}", target_.string(), errno_text()));
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

void AtomicFileWriter::commit() {
  if (committed_) return;
  if (::fsync(fd_) != 0) throw Error(fmt::format("{}: fsync failed: {}", target_.string(), errno_text()));
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw Error(fmt::format("{}: close failed: {}", target_.string(), errno_text()));
  }
  fd_ = -1;
  if (g_fail_before_rename.load()) throw Error(fmt::format("{}: simulated crash before rename", target_.string()));
  if (g_before_rename_hook) g_before_rename_hook(target_);
  if (::rename(temp_.c_str(), target_.c_str()) != 0)
    throw Error(fmt::format("{}: rename from {} failed: {}", target_.string(), temp_.string(), errno_text()));
  committed_ = true;
  fsync_dir(target_.parent_path());
}

void AtomicFileWriter::set_fail_before_rename_for_testing(bool fail) { g_fail_before_rename.store(fail); }

void AtomicFileWriter::set_before_rename_hook_for_testing(std::function<void(const std::filesystem::path&)> hook) {
  g_before_rename_hook = std::move(hook);
}

void write_file_atomic(const std::filesystem::path& target, std::string_view data) {
  AtomicFileWriter w(target);
  w.write(data);
  w.commit();
}

Expected<std::string> read_text_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail(fmt::format("{}: file not found", path.string()));
  if (std::filesystem::is_directory(path, ec)) return fail(fmt::format("{}: is a folder, not a file", path.string()));
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(fmt::format("{}: cannot read size: {}", path.string(), ec.message()));
  if (size > max_bytes)
    return fail(fmt::format("{}: file is {} bytes, more than the {} bytes allowed", path.string(), size, max_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(fmt::format("{}: cannot open: {}", path.string(), errno_text()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace olis
