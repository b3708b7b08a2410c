#pragma once
// Photos in, PNGs out. Loading honours the EXIF orientation of camera JPEGs (a portrait photo stored
// sideways comes out upright). PNGs are written atomically and can carry text chunks, e.g. the
// "parameters" chunk that AUTOMATIC1111, ComfyUI and image viewers show as generation settings.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <torch/types.h>

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

// JPEG, PNG, WebP, BMP, TIFF (OpenCV, EXIF orientation applied), else GIF/PSD/TGA/HDR/PIC via stb_image.
// Alpha is dropped. Errors name the file.
Expected<Image> load_image(const std::filesystem::path& path);
// Decodes an image held in memory (same formats and orientation handling). `label` names it in errors.
Expected<Image> decode_image(const std::string& bytes, const std::string& label);

// PNG text chunks, keyword -> text (keywords: 1-79 Latin-1 characters). ASCII text is written as tEXt,
// anything else as uncompressed UTF-8 iTXt.
using PngText = std::map<std::string, std::string>;
std::string encode_png(const Image& image, const PngText& text = {});
// Atomic: a crash leaves the old file or the new one. Throws olis::Error naming the file.
void save_png(const std::filesystem::path& path, const Image& image, const PngText& text = {});
// tEXt and uncompressed iTXt chunks of a PNG file (compressed ones are skipped).
Expected<PngText> read_png_text(const std::filesystem::path& path);
Expected<PngText> parse_png_text(const std::string& png_bytes, const std::string& label);

// [3, H, W] float32 in [-1, 1] (the VAE's input range) from an image.
torch::Tensor image_to_tensor(const Image& image);
// An image from [3, H, W] (or [1, 3, H, W]) in [-1, 1], clamped and rounded as diffusers'
// VaeImageProcessor does: round(clamp(x / 2 + 0.5, 0, 1) * 255).
Image tensor_to_image(const torch::Tensor& chw);

}  // namespace olis::io
