#include "core/io/dtype.h"

#include <array>
#include <utility>

namespace olis::io {
namespace {

struct Row {
  DType dtype;
  std::string_view name;
  std::size_t size;
};

constexpr std::array<Row, 10> kRows{{
    {DType::F64, "F64", 8},
    {DType::F32, "F32", 4},
    {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8},
    {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},
    {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
}};

const Row& row(DType d) { return kRows[static_cast<std::size_t>(d)]; }

}  // namespace

std::optional<DType> dtype_from_name(std::string_view name) {
  for (const auto& r : kRows)
    if (r.name == name) return r.dtype;
  return std::nullopt;
}
std::string_view dtype_name(DType d) { return row(d).name; }
std::size_t dtype_size(DType d) { return row(d).size; }

}  // namespace olis::io
