#pragma once
// Photos from memory: JPEG, PNG and BMP through stb_image, upright (the EXIF orientation of JPEG and PNG
// files, see exif_orientation.h). The size in the header is checked against ImageLimits first: no pixel of
// a refused image is decoded. No torch here (the decode fuzzer builds this part on its own).
#include <cstdint>
#include <string>

#include "core/io/exif_orientation.h"
#include "core/io/image.h"

namespace olis::io {

// What the first bytes say. Olis decodes kJpeg, kPng and kBmp; the others are named in the error.
enum class ImageFormat : uint8_t { kUnknown, kJpeg, kPng, kBmp, kGif, kWebp, kTiff, kHeif, kAvif };
ImageFormat sniff_image_format(const std::string& bytes);
const char* image_format_name(ImageFormat format);  // "JPEG", "PNG", ...

struct ImageHeader {
  ImageFormat format = ImageFormat::kUnknown;
  int width = 0;   // as displayed, after the EXIF orientation
  int height = 0;
  ExifOrientation orientation = ExifOrientation::kNormal;
};

// Reads only the header (and the Exif data). Errors name `label`: empty file, a format Olis does not read,
// a damaged header.
Expected<ImageHeader> read_image_header(const std::string& bytes, const std::string& label);

// Alpha is dropped, grey becomes RGB, 16-bit PNGs keep their high byte. Errors name `label`.
Expected<Image> decode_image(const std::string& bytes, const std::string& label, const ImageLimits& limits = {});

}  // namespace olis::io
