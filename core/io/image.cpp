#include "core/io/image.h"

#include <algorithm>

#include <fmt/format.h>

namespace olis::io {

Expected<void> check_image_shape(int64_t width, int64_t height, const std::string& label, const ImageLimits& limits) {
  if (width <= 0 || height <= 0) return fail(fmt::format("{} has no pixels ({}x{})", label, width, height));
  const int64_t long_side = std::max(width, height), short_side = std::min(width, height);
  // Checked before the product, which a hostile header could overflow.
  if (long_side > limits.max_pixels || width * height > limits.max_pixels)
    return fail(fmt::format("{} is {}x{} pixels ({:.1f} megapixels); Olis reads images of up to {:g} megapixels: "
                            "scale it down first",
                            label, width, height, static_cast<double>(width) * static_cast<double>(height) / 1e6,
                            static_cast<double>(limits.max_pixels) / 1e6));
  if (long_side > short_side * limits.max_aspect_ratio)
    return fail(fmt::format("{} is {}x{} pixels: its long side is {} times its short side, more than the {}:1 Olis "
                            "accepts; crop it to the subject first",
                            label, width, height, long_side / short_side, limits.max_aspect_ratio));
  return {};
}

}  // namespace olis::io
