#pragma once
// Tensor element types as safetensors names them (no torch here: the fuzzer builds this without it).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace olis::io {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

std::optional<DType> dtype_from_name(std::string_view name);  // "F32" -> F32; unknown -> nullopt
std::string_view dtype_name(DType d);
std::size_t dtype_size(DType d);

}  // namespace olis::io
