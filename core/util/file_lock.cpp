#include "core/util/file_lock.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/util/error.h"

namespace olis {

FileLock::FileLock(const std::filesystem::path& file, const std::function<bool()>& keep_waiting) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error("cannot open the lock file " + file.string() + ": " + std::strerror(errno));
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const int e = errno;
      ::close(fd_);
      fd_ = -1;
      throw Error("cannot lock " + file.string() + ": " + std::strerror(e));
    }
    was_free_ = false;
    bool go_on = true;
    try {
      go_on = !keep_waiting || keep_waiting();
    } catch (...) {
      ::close(fd_);
      fd_ = -1;
      throw;
    }
    if (!go_on) {
      ::close(fd_);
      fd_ = -1;
      throw Error("gave up waiting for " + file.string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace olis
