#include "tests/support/image_files.h"

#include <array>
#include <fstream>
#include <stdexcept>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"  // the writers of other formats
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include <stb_image_write.h>
#pragma GCC diagnostic pop

namespace olis::test {
namespace {

void append_stb(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
}

std::string u16(uint16_t v, ExifByteOrder o) {
  const char hi = static_cast<char>(v >> 8), lo = static_cast<char>(v & 0xFF);
  return o == ExifByteOrder::kIntel ? std::string{lo, hi} : std::string{hi, lo};
}

std::string u32(uint32_t v, ExifByteOrder o) {
  return o == ExifByteOrder::kIntel ? u16(static_cast<uint16_t>(v & 0xFFFF), o) + u16(static_cast<uint16_t>(v >> 16), o)
                                    : u16(static_cast<uint16_t>(v >> 16), o) + u16(static_cast<uint16_t>(v & 0xFFFF), o);
}

std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 0xFF), static_cast<char>((v >> 8) & 0xFF),
          static_cast<char>(v & 0xFF)};
}

uint32_t crc32(const std::string& s) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : s) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return ~c;
}

}  // namespace

std::string encode_jpeg(const io::Image& image, int quality) {
  std::string out;
  if (!stbi_write_jpg_to_func(append_stb, &out, image.width, image.height, 3, image.rgb.data(), quality))
    throw std::runtime_error("stb_image_write could not write the JPEG");
  return out;
}

std::string exif_block(uint16_t orientation, ExifByteOrder o) {
  // TIFF header (8 bytes), IFD0 at offset 8: count (2) + 2 entries (12 each) + next IFD (4) = 30 bytes,
  // then Make's value at offset 38.
  std::string tiff = (o == ExifByteOrder::kIntel ? std::string("II") : std::string("MM")) + u16(42, o) + u32(8, o);
  tiff += u16(2, o);
  tiff += u16(0x010F, o) + u16(2, o) + u32(5, o) + u32(38, o);                  // Make, ASCII, 5 bytes, at 38
  tiff += u16(0x0112, o) + u16(3, o) + u32(1, o) + u16(orientation, o) + u16(0, o);  // Orientation, SHORT, 1
  tiff += u32(0, o);                                                              // no IFD1
  tiff += std::string("Olis\0", 5);
  return std::string("Exif\0\0", 6) + tiff;
}

std::string jpeg_with_exif(const std::string& jpeg, uint16_t orientation, ExifByteOrder order, ExifPlacement placement) {
  const std::string payload = exif_block(orientation, order);
  const auto length = static_cast<uint16_t>(payload.size() + 2);
  const std::string app1 = std::string("\xFF\xE1", 2) + static_cast<char>(length >> 8) +
                           static_cast<char>(length & 0xFF) + payload;
  size_t at = 2;  // after SOI
  if (placement == ExifPlacement::kAfterJfif) {
    if (jpeg.size() < 6 || static_cast<uint8_t>(jpeg[3]) != 0xE0) throw std::runtime_error("no JFIF APP0 segment");
    at = 4 + ((static_cast<size_t>(static_cast<uint8_t>(jpeg[4])) << 8) | static_cast<uint8_t>(jpeg[5]));
  }
  std::string out = jpeg;
  out.insert(at, app1);
  return out;
}

std::string png_chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

std::string png_with_exif(const std::string& png, uint16_t orientation, ExifByteOrder order) {
  std::string out = png;
  out.insert(8 + 25, png_chunk("eXIf", exif_block(orientation, order).substr(6)));  // after signature + IHDR
  return out;
}

std::string encode_bmp(const io::Image& image) {
  const uint32_t row = (static_cast<uint32_t>(image.width) * 3 + 3) & ~3u;
  const uint32_t data_size = row * static_cast<uint32_t>(image.height);
  auto le32 = [](uint32_t v) {
    return std::string{static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF),
                       static_cast<char>((v >> 16) & 0xFF), static_cast<char>(v >> 24)};
  };
  auto le16 = [](uint16_t v) { return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; };
  std::string out = "BM" + le32(54 + data_size) + le32(0) + le32(54);
  out += le32(40) + le32(static_cast<uint32_t>(image.width)) + le32(static_cast<uint32_t>(image.height)) + le16(1) +
         le16(24) + le32(0) + le32(data_size) + le32(2835) + le32(2835) + le32(0) + le32(0);
  for (int y = image.height - 1; y >= 0; --y) {  // bottom-up, BGR
    std::string line;
    for (int x = 0; x < image.width; ++x) {
      const auto* p = image.pixel(x, y);
      line += {static_cast<char>(p[2]), static_cast<char>(p[1]), static_cast<char>(p[0])};
    }
    line.resize(row, '\0');
    out += line;
  }
  return out;
}

io::Image quadrants(int width, int height) {
  io::Image img;
  img.width = width;
  img.height = height;
  img.rgb.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const bool right = x >= width / 2, bottom = y >= height / 2;
      auto* p = img.pixel(x, y);
      const std::array<uint8_t, 3> c = !bottom ? (right ? std::array<uint8_t, 3>{0, 255, 0} : std::array<uint8_t, 3>{255, 0, 0})
                                               : (right ? std::array<uint8_t, 3>{255, 255, 255}
                                                        : std::array<uint8_t, 3>{0, 0, 255});
      p[0] = c[0];
      p[1] = c[1];
      p[2] = c[2];
    }
  return img;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace olis::test
