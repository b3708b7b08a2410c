#pragma once
// Image resampling that reproduces Pillow's `Image.resize(size, BICUBIC)` on 8-bit images bit for bit
// (Pillow's libImaging/Resample.c): a separable convolution, horizontal pass first, with the cubic kernel
// a = -0.5 whose support grows with the downscale factor (antialiasing), fixed-point coefficients with
// 22 fractional bits and rounding + clipping to uint8 after EACH pass. The CLIP and DINO references
// preprocess with torchvision + PIL, so matching PIL is what makes our scores match theirs.
#include <cstdint>

#include <torch/types.h>

namespace olis::eval {

enum class ResampleFilter {
  kPilBicubic,     // Pillow BICUBIC, antialiased when shrinking (the reference behaviour)
  kOpenCvCubic,    // cv::resize INTER_CUBIC (a = -0.75, no antialias), for comparison only
};

// image: uint8 [H, W, C] (C = 1..4, any layout of channels) -> uint8 [out_h, out_w, C].
torch::Tensor resize_u8(const torch::Tensor& image, int64_t out_h, int64_t out_w,
                        ResampleFilter filter = ResampleFilter::kPilBicubic);

}  // namespace olis::eval
