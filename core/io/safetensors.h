#pragma once
// safetensors: reading (memory-mapped, zero-copy, validated as hostile input) and atomic writing.
// Format: u64-LE header length N, N bytes of JSON header, then the raw little-endian data.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "core/io/safetensors_header.h"
#include "core/io/torch_dtype.h"
#include "core/util/error.h"

namespace olis::io {

// A memory-mapped safetensors file. Tensors handed out share the mapping (copy-on-write: writing into a
// tensor never touches the file) and keep it alive after the SafetensorsFile object is gone.
class SafetensorsFile {
 public:
  static Expected<std::shared_ptr<SafetensorsFile>> open(const std::filesystem::path& path,
                                                         const HeaderLimits& limits = {});
  ~SafetensorsFile();

  const std::filesystem::path& path() const { return path_; }
  const std::vector<TensorInfo>& tensors() const { return header_.tensors; }
  const std::map<std::string, std::string>& metadata() const { return header_.metadata; }
  const TensorInfo* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  // Zero-copy view of a tensor (copied only when its offset is misaligned for its dtype). Throws if absent.
  torch::Tensor tensor(std::string_view name) const;
  std::vector<std::string> names() const;

  struct Mapping;

 private:
  SafetensorsFile() = default;
  std::filesystem::path path_;
  SafetensorsHeader header_;
  std::shared_ptr<Mapping> map_;
};

using TensorMap = std::map<std::string, torch::Tensor>;

// Loads every tensor of a file, or of a sharded set through "<name>.safetensors.index.json"
// (its "weight_map" names each tensor's shard). Zero-copy views.
Expected<TensorMap> load_safetensors(const std::filesystem::path& file_or_index);
// Headers only (no data touched): for inspect and for config detection.
Expected<std::vector<TensorInfo>> read_safetensors_infos(const std::filesystem::path& file_or_index);

struct WriteOptions {
  std::map<std::string, std::string> metadata;
};
// Writes atomically (temp file, fsync, rename). Tensors are made CPU-contiguous; dtype must be supported.
void save_safetensors(const std::filesystem::path& path, const TensorMap& tensors, const WriteOptions& options = {});

}  // namespace olis::io
