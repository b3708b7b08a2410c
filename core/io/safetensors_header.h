#pragma once
// The safetensors header: parsing and validation of a possibly hostile file. No torch here, so that the
// libFuzzer target builds from this file alone.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/io/dtype.h"
#include "core/util/error.h"

namespace olis::io {

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets relative to the data section
  uint64_t end = 0;
  int64_t numel() const;
};

struct SafetensorsHeader {
  std::vector<TensorInfo> tensors;  // sorted by name
  std::map<std::string, std::string> metadata;
  uint64_t data_offset = 0;  // 8 + N: where the data section starts in the file
};

struct HeaderLimits {
  uint64_t max_header_bytes = 100ull << 20;  // the reference implementation's limit
  std::size_t max_rank = 16;
  std::size_t max_tensors = 1u << 20;
};

// Parses and validates the header of a safetensors image of `file_size` bytes whose first
// `available` bytes are at `data`. `label` names the file in messages. Exposed for the fuzzer.
Expected<SafetensorsHeader> parse_safetensors_header(const uint8_t* data, std::size_t available, uint64_t file_size,
                                                     const std::string& label, const HeaderLimits& limits = {});

}  // namespace olis::io
