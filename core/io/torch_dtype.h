#pragma once
#include <optional>

#include <c10/core/ScalarType.h>

#include "core/io/dtype.h"

namespace olis::io {

c10::ScalarType to_torch(DType d);
std::optional<DType> from_torch(c10::ScalarType t);

}  // namespace olis::io
