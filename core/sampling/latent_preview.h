#pragma once
// A cheap preview of latents during sampling: a fixed linear map from the 4 latent channels to RGB
// (no VAE), giving an image 1/8 of the final size. Good enough to see composition and colours.
#include <torch/types.h>

#include "core/io/image_io.h"

namespace olis::sampling {

enum class LatentSpace { SD, SDXL };

// latents: [4, h, w] or [1, 4, h, w] (unscaled, as the sampler holds them) -> h x w RGB image.
io::Image latent_preview(const torch::Tensor& latents, LatentSpace space);

}  // namespace olis::sampling
