#pragma once
// Photos in, PNGs out. Loading checks the size in the header against ImageLimits before decoding and
// honours the EXIF orientation of camera JPEGs (a portrait photo stored sideways comes out upright); see
// image_decode.h. PNGs are written atomically with libpng and can carry text chunks, e.g. the "parameters"
// chunk that AUTOMATIC1111, ComfyUI and image viewers show as generation settings; see png_file.h.
#include <torch/types.h>

#include "core/io/image_file.h"

namespace olis::io {

// [3, H, W] float32 in [-1, 1] (the VAE's input range) from an image.
torch::Tensor image_to_tensor(const Image& image);
// An image from [3, H, W] (or [1, 3, H, W]) in [-1, 1], clamped and rounded as diffusers'
// VaeImageProcessor does: round(clamp(x / 2 + 0.5, 0, 1) * 255).
Image tensor_to_image(const torch::Tensor& chw);

}  // namespace olis::io
