#pragma once
// Atomic file writes: data goes to a temporary file in the target's folder, is fsync'ed, then renamed
// over the target (and the folder is fsync'ed). A crash leaves either the old file or the new one,
// never a half-written file.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/util/error.h"

namespace olis {

class AtomicFileWriter {
 public:
  // Opens "<target>.tmp-<random>" next to target. Throws olis::Error when that is impossible.
  explicit AtomicFileWriter(std::filesystem::path target);
  ~AtomicFileWriter();  // removes the temporary file unless commit() succeeded
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(const void* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  // fsync + rename + fsync of the folder. After this the target holds exactly what was written.
  void commit();

  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }

  // Test hook: when set, commit() throws just before the rename, as a crash mid-write would leave it.
  static void set_fail_before_rename_for_testing(bool fail);
  // Test hook: when set, commit() calls it with the target just before the rename. It may throw (a write that
  // failed, e.g. for a full disk) or end the process (a kill in the middle of the write). Not thread-safe: set
  // it while no other thread writes files.
  static void set_before_rename_hook_for_testing(std::function<void(const std::filesystem::path& target)> hook);

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  bool committed_ = false;
};

void write_file_atomic(const std::filesystem::path& target, std::string_view data);
Expected<std::string> read_text_file(const std::filesystem::path& path, std::size_t max_bytes = 256u << 20);

}  // namespace olis
