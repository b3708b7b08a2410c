#include "core/eval/preprocess.h"

#include <cmath>

#include <fmt/format.h>

#include "core/io/image.h"
#include "core/util/error.h"

namespace olis::eval {

PreprocessParams clip_preprocess_params(int64_t n_px) {
  PreprocessParams p;
  p.resize_short_px = n_px;
  p.crop_px = n_px;
  p.mean = {0.48145466f, 0.4578275f, 0.40821073f};
  p.std = {0.26862954f, 0.26130258f, 0.27577711f};
  return p;
}

PreprocessParams dino_preprocess_params() {
  PreprocessParams p;
  p.resize_short_px = 256;
  p.crop_px = 224;
  p.mean = {0.485f, 0.456f, 0.406f};
  p.std = {0.229f, 0.224f, 0.225f};
  return p;
}

std::pair<int64_t, int64_t> resized_size(int64_t h, int64_t w, int64_t short_px) {
  // torchvision: new_long = int(short_px * long / short), computed in Python floats (double).
  const bool w_short = w <= h;
  const int64_t shorter = w_short ? w : h, longer = w_short ? h : w;
  const auto new_long = static_cast<int64_t>(static_cast<double>(short_px) * static_cast<double>(longer) /
                                             static_cast<double>(shorter));
  return w_short ? std::pair{new_long, short_px} : std::pair{short_px, new_long};
}

std::pair<int64_t, int64_t> center_crop_offsets(int64_t h, int64_t w, int64_t crop_px) {
  // int(round((h - crop) / 2.0)): Python's round() rounds halves to even, as nearbyint does by default.
  const auto top = static_cast<int64_t>(std::nearbyint(static_cast<double>(h - crop_px) / 2.0));
  const auto left = static_cast<int64_t>(std::nearbyint(static_cast<double>(w - crop_px) / 2.0));
  return {top, left};
}

torch::Tensor preprocess_image(const torch::Tensor& rgb, const PreprocessParams& params, const std::string& label) {
  if (rgb.dim() != 3 || rgb.size(2) != 3 || rgb.scalar_type() != torch::kUInt8)
    throw Error(fmt::format("preprocess: {}: expected an 8-bit RGB image [H, W, 3], got {}", label,
                            fmt::join(rgb.sizes(), "x")));
  const int64_t h = rgb.size(0), w = rgb.size(1);
  // Bounded aspect ratio => the resized image holds at most resize_short_px^2 * max_aspect_ratio pixels.
  if (auto shape = io::check_image_shape(w, h, label); !shape) throw shape.error();
  auto [rh, rw] = resized_size(h, w, params.resize_short_px);
  auto resized = resize_u8(rgb, rh, rw, params.filter);
  if (rh < params.crop_px || rw < params.crop_px)
    throw Error(fmt::format("preprocess: {}x{} image is smaller than the {} px crop", rw, rh, params.crop_px));
  auto [top, left] = center_crop_offsets(rh, rw, params.crop_px);
  auto crop = resized.narrow(0, top, params.crop_px).narrow(1, left, params.crop_px);
  // ToTensor (/255 in float32) then Normalize ((x - mean) / std in float32), exactly torchvision's ops.
  auto x = crop.permute({2, 0, 1}).contiguous().to(torch::kFloat32).div(255);
  auto mean = torch::tensor({params.mean[0], params.mean[1], params.mean[2]}, torch::kFloat32).view({3, 1, 1});
  auto stdv = torch::tensor({params.std[0], params.std[1], params.std[2]}, torch::kFloat32).view({3, 1, 1});
  return x.sub(mean).div(stdv);
}

}  // namespace olis::eval
