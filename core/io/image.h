#pragma once
// The image type of core/io and the limits every photo is checked against before its pixels are decoded.
// No torch and no OpenCV here: the decode fuzzer (tests/fuzz) builds this part on its own.
#include <cstdint>
#include <string>
#include <vector>

#include "core/util/error.h"

namespace olis::io {

// 8-bit RGB, rows top to bottom, interleaved (HWC).
struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;  // width * height * 3
  uint8_t* pixel(int x, int y) { return rgb.data() + (static_cast<size_t>(y) * width + x) * 3; }
  const uint8_t* pixel(int x, int y) const { return rgb.data() + (static_cast<size_t>(y) * width + x) * 3; }
};

// What Olis agrees to decode. Memory is bounded by the pixel count whatever the aspect ratio, and the
// aspect ratio is bounded so that resizing the short side to a model's size (224 px for the metrics,
// 512-1024 px for training) cannot make a huge image out of a tiny file (a 1x8000 sliver would become
// 224x1792000 pixels, 1.2 GB).
struct ImageLimits {
  int64_t max_pixels = 100'000'000;  // 100 megapixels (300 MB as 8-bit RGB); phone photos are 12-50 MP
  int64_t max_aspect_ratio = 16;     // long side / short side; phone panoramas stay below 1:10
};

// The error for an image of width x height that breaks `limits`, naming `label`; nothing when it is fine.
Expected<void> check_image_shape(int64_t width, int64_t height, const std::string& label,
                                 const ImageLimits& limits = {});

}  // namespace olis::io
