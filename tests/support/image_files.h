#pragma once
// Image files built in tests the way cameras and phones write them: JPEGs (stb_image_write, an encoder
// independent of the decoder under test) with a hand-built Exif block, PNGs with an eXIf chunk, BMPs.
// No torch and no GoogleTest here, so the fuzz seed writer can use it too.
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/io/image.h"

namespace olis::test {

enum class ExifByteOrder { kIntel, kMotorola };  // "II" (most phones) or "MM"
enum class ExifPlacement { kAfterSoi, kAfterJfif };  // APP1 before or after the JFIF APP0 segment

// A 4:4:4 baseline JPEG at quality 100 (quality <= 90 gives 4:2:0).
std::string encode_jpeg(const io::Image& image, int quality = 100);
// A TIFF block as the Exif specification lays it out: IFD0 with Make ("Olis", stored out of line) and
// Orientation, in the given byte order, prefixed with "Exif\0\0".
std::string exif_block(uint16_t orientation, ExifByteOrder order);
// The JPEG with an APP1 segment holding exif_block(orientation, order).
std::string jpeg_with_exif(const std::string& jpeg, uint16_t orientation, ExifByteOrder order,
                           ExifPlacement placement = ExifPlacement::kAfterSoi);
// The PNG with an eXIf chunk (TIFF data without the "Exif\0\0" header) right after IHDR.
std::string png_with_exif(const std::string& png, uint16_t orientation, ExifByteOrder order);
// A PNG chunk with its CRC (for hand-made files).
std::string png_chunk(const std::string& type, const std::string& data);
// An uncompressed 24-bit BMP.
std::string encode_bmp(const io::Image& image);

// Solid quadrants: top-left red, top-right green, bottom-left blue, bottom-right white.
io::Image quadrants(int width, int height);

void write_file(const std::filesystem::path& path, const std::string& bytes);

}  // namespace olis::test
