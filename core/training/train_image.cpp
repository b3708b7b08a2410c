#include "core/training/train_image.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace olis::training {

Expected<RgbImage> read_rgb_image(const std::filesystem::path& path) { return io::load_image(path); }

CroppedImage random_crop_resize(const RgbImage& image, const CropOptions& o, StepRng& rng) {
  if (image.width <= 0 || image.height <= 0 || image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
    throw Error("training image is empty or its pixel buffer does not match its size");
  if (o.width_px <= 0 || o.height_px <= 0 || o.min_scale <= 0 || o.min_scale > o.max_scale || o.max_scale > 1.0)
    throw Error("crop options are invalid (need a positive size and 0 < min_scale <= max_scale <= 1)");
  // Largest crop with the target's aspect ratio.
  const double aspect = static_cast<double>(o.width_px) / o.height_px;
  double base_w = image.width, base_h = image.width / aspect;
  if (base_h > image.height) { base_h = image.height; base_w = image.height * aspect; }
  const double scale = rng.uniform(o.min_scale, o.max_scale);
  const int crop_w = std::clamp(static_cast<int>(std::lround(base_w * scale)), 1, image.width);
  const int crop_h = std::clamp(static_cast<int>(std::lround(base_h * scale)), 1, image.height);
  int top = (image.height - crop_h) / 2, left = (image.width - crop_w) / 2;
  if (o.random_position) {
    top = static_cast<int>(rng.below(static_cast<uint64_t>(image.height - crop_h + 1)));
    left = static_cast<int>(rng.below(static_cast<uint64_t>(image.width - crop_w + 1)));
  }
  const bool flip = o.horizontal_flip && rng.chance(0.5);

  cv::Mat src(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
  cv::Mat crop = src(cv::Rect(left, top, crop_w, crop_h));
  cv::Mat resized;
  const bool down = crop_w > o.width_px || crop_h > o.height_px;
  cv::resize(crop, resized, cv::Size(o.width_px, o.height_px), 0, 0, down ? cv::INTER_AREA : cv::INTER_CUBIC);
  if (flip) cv::flip(resized, resized, 1);
  if (!resized.isContinuous()) resized = resized.clone();

  CroppedImage out;
  auto hwc = torch::from_blob(resized.data, {o.height_px, o.width_px, 3}, torch::kUInt8);
  out.pixels = hwc.permute({2, 0, 1}).to(torch::kFloat32).div(127.5).sub(1.0).contiguous();
  // SDXL's micro-conditioning describes the frame the model sees the crop in: the photo enlarged (or
  // reduced) so that the crop has the target size (paper §3), not the photo's own pixel size.
  const double fy = static_cast<double>(o.height_px) / crop_h;
  const double fx = static_cast<double>(o.width_px) / crop_w;
  out.original_height = static_cast<int>(std::lround(image.height * fy));
  out.original_width = static_cast<int>(std::lround(image.width * fx));
  out.crop_top = static_cast<int>(std::lround(top * fy));
  out.crop_left = static_cast<int>(std::lround(left * fx));
  out.flipped = flip;
  return out;
}

torch::Tensor sdxl_time_ids(const CroppedImage& c, int target_height, int target_width) {
  return torch::tensor({static_cast<float>(c.original_height), static_cast<float>(c.original_width),
                        static_cast<float>(c.crop_top), static_cast<float>(c.crop_left),
                        static_cast<float>(target_height), static_cast<float>(target_width)},
                       torch::kFloat32);
}

RgbImage tensor_to_rgb(const torch::Tensor& chw) {
  auto t = chw.detach().to(torch::kCPU, torch::kFloat32);
  if (t.dim() != 3 || t.size(0) != 3) throw Error("tensor_to_rgb needs a [3, H, W] tensor, got " + c10::str(t.sizes()));
  auto bytes = ((t.clamp(-1, 1) + 1.0) * 127.5).round().to(torch::kUInt8).permute({1, 2, 0}).contiguous();
  RgbImage out;
  out.height = static_cast<int>(t.size(1));
  out.width = static_cast<int>(t.size(2));
  out.rgb.assign(bytes.data_ptr<uint8_t>(), bytes.data_ptr<uint8_t>() + bytes.numel());
  return out;
}

}  // namespace olis::training
