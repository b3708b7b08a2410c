#include "core/io/torch_dtype.h"

namespace olis::io {

c10::ScalarType to_torch(DType d) {
  switch (d) {
    case DType::F64: return c10::ScalarType::Double;
    case DType::F32: return c10::ScalarType::Float;
    case DType::F16: return c10::ScalarType::Half;
    case DType::BF16: return c10::ScalarType::BFloat16;
    case DType::I64: return c10::ScalarType::Long;
    case DType::I32: return c10::ScalarType::Int;
    case DType::I16: return c10::ScalarType::Short;
    case DType::I8: return c10::ScalarType::Char;
    case DType::U8: return c10::ScalarType::Byte;
    case DType::Bool: return c10::ScalarType::Bool;
  }
  return c10::ScalarType::Undefined;
}

std::optional<DType> from_torch(c10::ScalarType t) {
  switch (t) {
    case c10::ScalarType::Double: return DType::F64;
    case c10::ScalarType::Float: return DType::F32;
    case c10::ScalarType::Half: return DType::F16;
    case c10::ScalarType::BFloat16: return DType::BF16;
    case c10::ScalarType::Long: return DType::I64;
    case c10::ScalarType::Int: return DType::I32;
    case c10::ScalarType::Short: return DType::I16;
    case c10::ScalarType::Char: return DType::I8;
    case c10::ScalarType::Byte: return DType::U8;
    case c10::ScalarType::Bool: return DType::Bool;
    default: return std::nullopt;
  }
}

}  // namespace olis::io
