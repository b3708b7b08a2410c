// Writes the seeds of image_decode_fuzz (tests/fuzz/corpus/image_decode/) that carry EXIF data or come from
// Olis' own writers. The others come from ImageMagick (convert-im6, libjpeg-turbo and libpng) from a 24x16
// image of red | green over blue | white: progressive.jpg (-interlace JPEG), restart.jpg
// (-define jpeg:restart-interval=1), gray.jpg (-colorspace Gray), rgb16.png (-depth 16), adam7_rgba.png
// (-interlace PNG, 50% alpha, PNG32:) and palette.png (-colors 4 -type Palette). Run from the checkout:
//   g++ -std=c++17 -I. -isystem /usr/include/stb tests/fuzz/make_image_seeds.cpp tests/support/image_files.cpp \
//       core/io/png_file.cpp -lpng -lfmt -o /tmp/make_image_seeds && /tmp/make_image_seeds tests/fuzz/corpus/image_decode
#include <filesystem>
#include <iostream>

#include "core/io/png_file.h"
#include "tests/support/image_files.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_image_seeds DIR\n";
    return 2;
  }
  using namespace olis::test;
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const auto q = quadrants(16, 8);
  write_file(dir / "exif6_ii_444.jpg", jpeg_with_exif(encode_jpeg(q, 100), 6, ExifByteOrder::kIntel));
  write_file(dir / "exif8_mm_420.jpg",
             jpeg_with_exif(encode_jpeg(quadrants(24, 16), 75), 8, ExifByteOrder::kMotorola, ExifPlacement::kAfterJfif));
  write_file(dir / "plain.jpg", encode_jpeg(quadrants(8, 8), 40));
  write_file(dir / "text.png", olis::io::encode_png(q, {{"parameters", "a photo\nSteps: 20, Seed: 1"}}));
  write_file(dir / "exif3.png", png_with_exif(olis::io::encode_png(quadrants(6, 4)), 3, ExifByteOrder::kIntel));
  write_file(dir / "small.bmp", encode_bmp(quadrants(5, 3)));
  return 0;
}
