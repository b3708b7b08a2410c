#pragma once
// EXIF orientation (TIFF tag 0x0112): how a camera's stored pixels must be turned to be seen upright.
// Phones store portrait photos sideways and set this tag; ignoring it trains on lying-down subjects.
#include <cstdint>
#include <string_view>

#include "core/io/image.h"

namespace olis::io {

// The eight values of the EXIF specification (CIPA DC-008, tag Orientation). The name says what turns the
// stored image into the displayed one.
enum class ExifOrientation : uint8_t {
  kNormal = 1,
  kMirrorHorizontal = 2,
  kRotate180 = 3,
  kMirrorVertical = 4,
  kTranspose = 5,    // mirror along the top-left to bottom-right diagonal
  kRotate90Cw = 6,   // the usual portrait photo of a phone held upright
  kTransverse = 7,   // mirror along the top-right to bottom-left diagonal
  kRotate270Cw = 8,  // 90 degrees counter-clockwise
};

// The orientation in IFD0 of the Exif data of a JPEG (APP1 segment before the scan) or a PNG (eXIf chunk
// before the image data), parsed by libexif; kNormal for other formats, when there is no Exif data, no
// orientation tag, or a value outside 1-8. Never reads outside `file_bytes`.
ExifOrientation read_exif_orientation(std::string_view file_bytes);

// True for the orientations that swap width and height (5-8).
bool swaps_axes(ExifOrientation orientation);

// The displayed image from the stored one.
Image apply_orientation(const Image& stored, ExifOrientation orientation);

}  // namespace olis::io
