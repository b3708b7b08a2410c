// libFuzzer entry: decoding an untrusted photo (format sniffing, header sizes, JPEG segments, EXIF via
// libexif, stb_image's JPEG/PNG/BMP decoders, the shape limits, PNG text chunks) must never crash, hang,
// leak or read out of bounds; what it accepts must be consistent, and PNG writing of it must round-trip.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/io/image_decode.h"
#include "core/io/png_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  olis::io::ImageLimits limits;
  limits.max_pixels = 1 << 20;  // one megapixel keeps every run fast; the checks are the same

  const auto header = olis::io::read_image_header(bytes, "fuzz");
  const auto image = olis::io::decode_image(bytes, "fuzz", limits);
  if (image) {
    // Accepted: the header was readable, and the pixels match it and the limits.
    if (!header || image->width != header->width || image->height != header->height) __builtin_trap();
    if (image->rgb.size() != static_cast<size_t>(image->width) * static_cast<size_t>(image->height) * 3)
      __builtin_trap();
    if (!olis::io::check_image_shape(image->width, image->height, "fuzz", limits)) __builtin_trap();
    if (image->rgb.size() <= 3 * 64 * 64) {
      const auto png = olis::io::encode_png(*image, {{"parameters", "fuzz"}});
      const auto again = olis::io::decode_image(png, "fuzz-png", limits);
      if (!again || again->rgb != image->rgb) __builtin_trap();
      const auto text = olis::io::parse_png_text(png, "fuzz-png");
      if (!text || text->at("parameters") != "fuzz") __builtin_trap();
    }
  }
  (void)olis::io::parse_png_text(bytes, "fuzz");
  return 0;
}
