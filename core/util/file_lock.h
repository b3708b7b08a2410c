#pragma once
// An exclusive advisory lock on a file (flock), held until the object goes away or the process dies, so
// that two jobs (threads or processes) do not fill the same shared cache folder at once. Waiting polls a
// cancel predicate, so a waiting job can still be cancelled.
#include <filesystem>
#include <functional>

namespace olis {

class FileLock {
 public:
  // Creates the lock file (and its folder) if needed and waits for the lock; `keep_waiting` is asked every
  // ~100 ms and returning false gives up (throws what it throws, or olis::Error). Throws olis::Error
  // naming the file when it cannot be opened.
  explicit FileLock(const std::filesystem::path& file, const std::function<bool()>& keep_waiting = {});
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  // True when the lock was taken without waiting.
  bool was_free() const { return was_free_; }

 private:
  int fd_ = -1;
  bool was_free_ = true;
};

}  // namespace olis
