#include "core/io/image_io.h"

#include <torch/torch.h>

namespace olis::io {

torch::Tensor image_to_tensor(const Image& image) {
  auto hwc = torch::from_blob(const_cast<uint8_t*>(image.rgb.data()), {image.height, image.width, 3}, torch::kUInt8);
  return hwc.permute({2, 0, 1}).to(torch::kFloat32).div(127.5).sub(1.0).contiguous();
}

Image tensor_to_image(const torch::Tensor& t) {
  auto chw = t.dim() == 4 ? t.squeeze(0) : t;
  if (chw.dim() != 3 || chw.size(0) != 3)
    throw Error("tensor_to_image: expected [3, H, W], got " + c10::str(t.sizes()));
  auto u8 = (chw.detach().to(torch::kCPU, torch::kFloat32) / 2 + 0.5)
                .clamp(0, 1)
                .mul(255)
                .round()
                .to(torch::kUInt8)
                .permute({1, 2, 0})
                .contiguous();
  Image img;
  img.height = static_cast<int>(u8.size(0));
  img.width = static_cast<int>(u8.size(1));
  img.rgb.assign(u8.data_ptr<uint8_t>(), u8.data_ptr<uint8_t>() + u8.numel());
  return img;
}

}  // namespace olis::io
