#include "core/io/exif_orientation.h"

#include <cstring>
#include <memory>

#include <libexif/exif-data.h>

#include "core/io/jpeg_segments.h"

namespace olis::io {
namespace {

constexpr std::string_view kExifHeader("Exif\0\0", 6);

uint32_t be32(std::string_view s, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
  return v;
}

// JPEG: the first APP1 segment whose payload starts with "Exif\0\0".
std::string_view jpeg_exif(std::string_view s) {
  std::string_view found;
  detail::for_each_jpeg_segment(s, [&](uint8_t marker, std::string_view payload) {
    if (marker == 0xE1 && payload.substr(0, kExifHeader.size()) == kExifHeader) found = payload;
    return found.empty();
  });
  return found;
}

// PNG: 8-byte signature, then chunks of length (4, big endian), type (4), data, CRC (4). The eXIf chunk holds
// the TIFF data without the "Exif\0\0" header.
std::string_view png_exif_chunk(std::string_view s) {
  size_t at = 8;
  while (at + 12 <= s.size()) {
    const uint32_t length = be32(s, at);
    if (length > s.size() - at - 12) return {};
    const auto type = s.substr(at + 4, 4);
    if (type == "eXIf") return s.substr(at + 8, length);
    if (type == "IDAT" || type == "IEND") return {};  // eXIf must come before the image data
    at += 12 + length;
  }
  return {};
}

bool is_jpeg(std::string_view s) { return s.size() >= 3 && s.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3); }
bool is_png(std::string_view s) { return s.size() >= 8 && s.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8); }

struct ExifDataUnref {
  void operator()(ExifData* d) const { exif_data_unref(d); }
};

}  // namespace

ExifOrientation read_exif_orientation(std::string_view s) {
  std::string block;  // "Exif\0\0" + TIFF data, the form exif_data_load_data reads without searching
  if (is_jpeg(s)) {
    block = std::string(jpeg_exif(s));
  } else if (is_png(s)) {
    const auto tiff = png_exif_chunk(s);
    if (!tiff.empty()) block = std::string(kExifHeader) + std::string(tiff);
  }
  if (block.size() <= kExifHeader.size()) return ExifOrientation::kNormal;

  std::unique_ptr<ExifData, ExifDataUnref> data(exif_data_new());
  if (!data) return ExifOrientation::kNormal;
  // Read what is there; do not add the entries the specification calls mandatory.
  exif_data_unset_option(data.get(), EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_load_data(data.get(), reinterpret_cast<const unsigned char*>(block.data()),
                      static_cast<unsigned int>(block.size()));
  ExifEntry* entry = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
  if (!entry || entry->format != EXIF_FORMAT_SHORT || entry->components < 1 || !entry->data || entry->size < 2)
    return ExifOrientation::kNormal;
  const ExifShort value = exif_get_short(entry->data, exif_data_get_byte_order(data.get()));
  if (value < 1 || value > 8) return ExifOrientation::kNormal;
  return static_cast<ExifOrientation>(value);
}

bool swaps_axes(ExifOrientation o) {
  return o == ExifOrientation::kTranspose || o == ExifOrientation::kRotate90Cw || o == ExifOrientation::kTransverse ||
         o == ExifOrientation::kRotate270Cw;
}

Image apply_orientation(const Image& stored, ExifOrientation o) {
  if (o == ExifOrientation::kNormal) return stored;
  const int w = stored.width, h = stored.height;
  Image out;
  out.width = swaps_axes(o) ? h : w;
  out.height = swaps_axes(o) ? w : h;
  out.rgb.resize(stored.rgb.size());
  // For each displayed pixel (x, y), the stored pixel (sx, sy) it shows.
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      int sx = x, sy = y;
      switch (o) {
        case ExifOrientation::kNormal: break;
        case ExifOrientation::kMirrorHorizontal: sx = w - 1 - x; break;
        case ExifOrientation::kRotate180: sx = w - 1 - x; sy = h - 1 - y; break;
        case ExifOrientation::kMirrorVertical: sy = h - 1 - y; break;
        case ExifOrientation::kTranspose: sx = y; sy = x; break;
        case ExifOrientation::kRotate90Cw: sx = y; sy = h - 1 - x; break;
        case ExifOrientation::kTransverse: sx = w - 1 - y; sy = h - 1 - x; break;
        case ExifOrientation::kRotate270Cw: sx = w - 1 - y; sy = x; break;
      }
      std::memcpy(out.pixel(x, y), stored.pixel(sx, sy), 3);
    }
  }
  return out;
}

}  // namespace olis::io
