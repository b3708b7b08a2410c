#pragma once
// Image augmentation of training examples (the paper's setting): a random crop covering 75-100% of the
// largest crop of the target's aspect ratio, resized to the model's resolution, optionally mirrored
// (off by default: mirroring breaks logos and text). SDXL conditions on the original size, the crop's
// top-left and the target size (its "micro-conditioning" time ids).
#include <cstdint>
#include <filesystem>
#include <vector>

#include <torch/torch.h>

#include "core/io/image_io.h"
#include "core/training/step_rng.h"
#include "core/util/error.h"

namespace olis::training {

// 8-bit RGB, rows tightly packed (the image type of core/io).
using RgbImage = io::Image;

// Reads a photo as RGB, upright (EXIF orientation applied, through io::load_image). Errors name the file.
Expected<RgbImage> read_rgb_image(const std::filesystem::path& path);

struct CropOptions {
  int width_px = 512;   // the model's resolution
  int height_px = 512;
  double min_scale = 0.75;  // crop side as a fraction of the largest crop with the target's aspect ratio
  double max_scale = 1.0;
  bool horizontal_flip = false;
  bool random_position = true;  // false: the crop is centered (with min_scale == max_scale it never changes)
};

struct CroppedImage {
  torch::Tensor pixels;  // [3, height_px, width_px] float32 in [-1, 1]
  // The photo scaled so that the crop has the target size (a 2000x1500 photo whose 1125-pixel crop becomes
  // 1024: 1820x1365), and the crop's top-left in it: SDXL's original size and crop coordinates.
  int original_height = 0, original_width = 0;
  int crop_top = 0, crop_left = 0;
  bool flipped = false;
};

// Throws olis::Error when the image is empty or the options are invalid.
CroppedImage random_crop_resize(const RgbImage& image, const CropOptions& options, StepRng& rng);

// SDXL add_time_ids: [orig_h, orig_w, crop_top, crop_left, target_h, target_w] as float32 [6].
torch::Tensor sdxl_time_ids(const CroppedImage& crop, int target_height, int target_width);

// [3, H, W] in [-1, 1] -> RGB bytes (for previews and saved images).
RgbImage tensor_to_rgb(const torch::Tensor& chw);

}  // namespace olis::training
