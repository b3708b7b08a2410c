// libFuzzer entry: the header parser must never crash, hang or overflow on any input.
#include <cstddef>
#include <cstdint>

#include "core/io/safetensors_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = olis::io::parse_safetensors_header(data, size, size, "fuzz-input");
  if (r) {
    // Every accepted tensor must lie inside the input, and together they index the whole data section
    // (no holes, no overlaps).
    uint64_t indexed = 0;
    for (const auto& t : r->tensors) {
      if (r->data_offset + t.end > size || t.begin > t.end) __builtin_trap();
      indexed += t.end - t.begin;
    }
    if (r->data_offset + indexed != size) __builtin_trap();
  }
  return 0;
}
