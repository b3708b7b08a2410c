#pragma once
// Image preprocessing of the DreamBench metric models, as the references do it (torchvision 0.14 + PIL):
//   CLIP (openai/CLIP `_transform(n_px)`): Resize(n_px, BICUBIC) of the short side, CenterCrop(n_px),
//        ToTensor, Normalize(CLIP mean/std).
//   DINO (eval_knn.py):  Resize(256, BICUBIC), CenterCrop(224), ToTensor, Normalize(ImageNet mean/std).
#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include <torch/types.h>

#include "core/eval/pil_resample.h"

namespace olis::eval {

struct PreprocessParams {
  int64_t resize_short_px = 224;  // short side after resizing; the long side keeps the aspect ratio
  int64_t crop_px = 224;          // square center crop
  std::array<float, 3> mean{0.f, 0.f, 0.f};
  std::array<float, 3> std{1.f, 1.f, 1.f};
  ResampleFilter filter = ResampleFilter::kPilBicubic;
};

PreprocessParams clip_preprocess_params(int64_t n_px);  // CLIP ViT-B/32: n_px = 224
PreprocessParams dino_preprocess_params();               // 256 -> 224, ImageNet constants

// torchvision's size rule for Resize(int): (height, width) after resizing an h x w image.
std::pair<int64_t, int64_t> resized_size(int64_t h, int64_t w, int64_t short_px);
// torchvision's CenterCrop offsets (top, left), with Python's round-half-to-even.
std::pair<int64_t, int64_t> center_crop_offsets(int64_t h, int64_t w, int64_t crop_px);

// rgb: uint8 [H, W, 3] -> float32 [3, crop_px, crop_px], normalised. Throws olis::Error naming `label` for
// a shape outside io::ImageLimits: the short side is resized to resize_short_px, so a 1x8000 sliver would
// otherwise become a 224x1792000 image (1.8 GB on the way).
torch::Tensor preprocess_image(const torch::Tensor& rgb, const PreprocessParams& params,
                               const std::string& label = "image");

}  // namespace olis::eval
