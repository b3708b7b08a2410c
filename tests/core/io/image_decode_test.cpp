// Decoding photos: EXIF orientation of real JPEG/PNG files, formats named in errors, and the shape limits
// checked on the header before any pixel is decoded.
#include "core/io/image_decode.h"

#include <gtest/gtest.h>

#include "core/io/image_io.h"
#include "tests/support/fixtures.h"
#include "tests/support/image_files.h"

namespace olis::io {
namespace {

using test::ExifByteOrder;
using test::ExifPlacement;

enum class Colour { kRed, kGreen, kBlue, kWhite, kOther };

Colour colour_at(const Image& img, int x, int y) {
  const auto* p = img.pixel(x, y);
  auto hi = [](uint8_t v) { return v > 200; };
  auto lo = [](uint8_t v) { return v < 55; };
  if (hi(p[0]) && lo(p[1]) && lo(p[2])) return Colour::kRed;
  if (lo(p[0]) && hi(p[1]) && lo(p[2])) return Colour::kGreen;
  if (lo(p[0]) && lo(p[1]) && hi(p[2])) return Colour::kBlue;
  if (hi(p[0]) && hi(p[1]) && hi(p[2])) return Colour::kWhite;
  return Colour::kOther;
}

struct Corners {
  Colour top_left, top_right, bottom_left, bottom_right;
};

// Sample each quadrant of the displayed image at its centre.
Corners corners(const Image& img) {
  const int x0 = img.width / 4, x1 = img.width * 3 / 4, y0 = img.height / 4, y1 = img.height * 3 / 4;
  return {colour_at(img, x0, y0), colour_at(img, x1, y0), colour_at(img, x0, y1), colour_at(img, x1, y1)};
}

// The stored image is 32x16 with red | green over blue | white. What a viewer shows for each EXIF value,
// written out from the specification's definitions (as PIL's ImageOps.exif_transpose applies them).
struct Shown {
  uint16_t orientation;
  int width, height;
  Corners corners;
};
constexpr Colour R = Colour::kRed, G = Colour::kGreen, B = Colour::kBlue, W = Colour::kWhite;
const Shown kExpected[] = {
    {1, 32, 16, {R, G, B, W}},  // as stored
    {2, 32, 16, {G, R, W, B}},  // mirrored left-right
    {3, 32, 16, {W, B, G, R}},  // rotated 180
    {4, 32, 16, {B, W, R, G}},  // mirrored top-bottom
    {5, 16, 32, {R, B, G, W}},  // transposed
    {6, 16, 32, {B, R, W, G}},  // rotated 90 clockwise: a phone held upright
    {7, 16, 32, {W, G, B, R}},  // transversed
    {8, 16, 32, {G, W, R, B}},  // rotated 90 counter-clockwise
};

std::string describe(const Corners& c) {
  auto n = [](Colour x) {
    switch (x) {
      case Colour::kRed: return 'R';
      case Colour::kGreen: return 'G';
      case Colour::kBlue: return 'B';
      case Colour::kWhite: return 'W';
      case Colour::kOther: break;
    }
    return '?';
  };
  return std::string{n(c.top_left), n(c.top_right), '/', n(c.bottom_left), n(c.bottom_right)};
}

TEST(ImageDecode, EveryExifOrientationOfPhoneJpegsComesOutUpright) {
  const auto dir = test::temp_dir("decode_exif_jpeg");
  const auto jpeg = test::encode_jpeg(test::quadrants(32, 16));
  for (const auto& e : kExpected) {
    for (auto order : {ExifByteOrder::kIntel, ExifByteOrder::kMotorola}) {
      for (auto placement : {ExifPlacement::kAfterSoi, ExifPlacement::kAfterJfif}) {
        const auto path = dir / ("o" + std::to_string(e.orientation) + ".jpg");
        test::write_file(path, test::jpeg_with_exif(jpeg, e.orientation, order, placement));
        SCOPED_TRACE("orientation " + std::to_string(e.orientation) + (order == ExifByteOrder::kIntel ? " II" : " MM") +
                     (placement == ExifPlacement::kAfterSoi ? " APP1 first" : " APP1 after JFIF"));
        auto img = load_image(path);
        ASSERT_TRUE(img) << img.error().what();
        EXPECT_EQ(img->width, e.width);
        EXPECT_EQ(img->height, e.height);
        EXPECT_EQ(describe(corners(*img)), describe(e.corners));

        auto header = read_image_file_header(path);
        ASSERT_TRUE(header) << header.error().what();
        EXPECT_EQ(header->format, ImageFormat::kJpeg);
        EXPECT_EQ(static_cast<int>(header->orientation), e.orientation);
        EXPECT_EQ(header->width, e.width);
        EXPECT_EQ(header->height, e.height);
      }
    }
  }
}

TEST(ImageDecode, PngExifChunkIsHonoured) {
  const auto png = encode_png(test::quadrants(32, 16));
  for (const auto& e : kExpected) {
    SCOPED_TRACE("orientation " + std::to_string(e.orientation));
    auto img = decode_image(test::png_with_exif(png, e.orientation, ExifByteOrder::kIntel), "photo.png");
    ASSERT_TRUE(img) << img.error().what();
    EXPECT_EQ(img->width, e.width);
    EXPECT_EQ(img->height, e.height);
    EXPECT_EQ(describe(corners(*img)), describe(e.corners));
  }
}

TEST(ImageDecode, ExactPixelsOfLosslessFilesAndBrokenExifIsIgnored) {
  const auto stored = test::quadrants(6, 4);
  auto bmp = decode_image(test::encode_bmp(stored), "photo.bmp");
  ASSERT_TRUE(bmp) << bmp.error().what();
  EXPECT_EQ(bmp->rgb, stored.rgb);

  // Orientation 6 moves stored (x, y) to displayed (H-1-y, x), exactly, in a lossless PNG.
  auto turned = decode_image(test::png_with_exif(encode_png(stored), 6, ExifByteOrder::kMotorola), "p.png");
  ASSERT_TRUE(turned);
  ASSERT_EQ(turned->width, 4);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 6; ++x)
      for (int c = 0; c < 3; ++c) EXPECT_EQ(turned->pixel(3 - y, x)[c], stored.pixel(x, y)[c]);

  // A value outside 1-8 and a truncated Exif block leave the image as stored.
  const auto jpeg = test::encode_jpeg(stored);
  auto odd = decode_image(test::jpeg_with_exif(jpeg, 9, ExifByteOrder::kIntel), "odd.jpg");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->width, 6);
  std::string cut = test::jpeg_with_exif(jpeg, 6, ExifByteOrder::kIntel);
  cut[4] = 0;  // APP1 length 8: the Exif block ends inside its TIFF header
  cut[5] = 8;
  auto broken = decode_image(cut, "cut.jpg");
  // stb_image skips the (now shorter) APP1 and meets garbage: either a clean error or the stored size.
  if (broken) {
    EXPECT_EQ(broken->width, 6);
  } else {
    EXPECT_NE(broken.error().message().find("cut.jpg"), std::string::npos);
  }
}

// Files written by other encoders (ImageMagick with libjpeg-turbo and libpng): progressive and restart-marker
// JPEGs, grey JPEG, 16-bit, Adam7-interlaced RGBA and palette PNGs, kept as the decode fuzzer's seeds. The
// checks in front of stb_image must not refuse any of them.
TEST(ImageDecode, SeedCorpusOfOtherEncodersDecodes) {
  const auto dir = test::source_dir() / "tests" / "fuzz" / "corpus" / "image_decode";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    SCOPED_TRACE(entry.path().filename().string());
    auto img = load_image(entry.path());
    ASSERT_TRUE(img) << img.error().what();
    ++count;
  }
  EXPECT_GE(count, 10);
  for (const char* name : {"progressive.jpg", "restart.jpg", "rgb16.png", "adam7_rgba.png", "palette.png"}) {
    SCOPED_TRACE(name);
    auto img = load_image(dir / name);
    ASSERT_TRUE(img);
    EXPECT_EQ(img->width, 24);
    EXPECT_EQ(img->height, 16);
    EXPECT_EQ(describe(corners(*img)), "RG/BW");
  }
}

TEST(ImageDecode, OtherFormatsAreNamed) {
  const std::pair<std::string, std::string> cases[] = {
      {std::string("RIFF\x10\0\0\0WEBPVP8 ", 16), "WebP"},
      {std::string("\0\0\0\x18" "ftypheic\0\0\0\0", 16), "HEIF/HEIC"},
      {std::string("\0\0\0\x18" "ftypavif\0\0\0\0", 16), "AVIF"},
      {std::string("II*\0\x08\0\0\0", 8), "TIFF"},
      {"GIF89a\x01\0\x01\0", "GIF"},
  };
  for (const auto& [bytes, name] : cases) {
    auto r = decode_image(bytes, "IMG_0001.x");
    ASSERT_FALSE(r) << name;
    EXPECT_NE(r.error().message().find("IMG_0001.x is a " + name + " image"), std::string::npos) << r.error().what();
    EXPECT_NE(r.error().message().find("convert it"), std::string::npos);
  }
  auto text = decode_image("hello", "notes.jpg");
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message().find("notes.jpg: not a JPEG, PNG or BMP image"), std::string::npos);
}

// Debian 12's stb_image 2.27 overflows on Huffman tables with more than 256 codes and reads outside its tables
// when a scan uses one that was never defined (both found by the decode fuzzer); such files are refused first.
TEST(ImageDecode, DamagedHuffmanTablesAreRefusedBeforeStbImage) {
  const auto jpeg = test::encode_jpeg(test::quadrants(16, 16), 80);
  const auto dht = jpeg.find("\xFF\xC4");
  const auto sos = jpeg.find("\xFF\xDA");
  ASSERT_NE(dht, std::string::npos);
  ASSERT_NE(sos, std::string::npos);
  ASSERT_TRUE(decode_image(jpeg, "ok.jpg"));

  std::string overfull = jpeg;
  overfull[dht + 4 + 1 + 14] = static_cast<char>(200);  // codes of length 15 and 16 of the first table
  overfull[dht + 4 + 1 + 15] = static_cast<char>(200);
  auto r = decode_image(overfull, "overfull.jpg");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("overfull.jpg: the JPEG data is damaged (a missing or invalid Huffman table)"),
            std::string::npos)
      << r.error().what();

  std::string undefined = jpeg;
  undefined[sos + 4 + 1 + 1] = 0x33;  // first component: DC and AC table 3, never defined
  r = decode_image(undefined, "undefined.jpg");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("undefined.jpg: the JPEG data is damaged"), std::string::npos);
}

// stb_image grows its buffer to an IDAT chunk's declared length before reading it: a 60-byte file declaring
// 2 GB is refused before that.
TEST(ImageDecode, PngChunkRunningPastTheEndIsRefused) {
  auto png = encode_png(test::quadrants(4, 4));
  const auto idat = png.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  png.replace(idat - 4, 4, std::string("\x7f\xff\xff\xf0", 4));
  auto r = decode_image(png, "cut.png");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("cut.png: the PNG file is cut short or damaged"), std::string::npos)
      << r.error().what();
}

// Issue 15: a 1x8000 PNG of about 100 bytes took 1.8 GB in metric preprocessing. It is refused on load,
// naming the photo and its shape.
TEST(ImageLimits, SliverIsRefusedNamingThePhoto) {
  const auto dir = test::temp_dir("decode_sliver");
  Image sliver;
  sliver.width = 1;
  sliver.height = 8000;
  sliver.rgb.assign(8000 * 3, 128);
  const auto png = encode_png(sliver);
  EXPECT_LT(png.size(), 200u);
  test::write_file(dir / "sliver.png", png);
  auto r = load_image(dir / "sliver.png");
  ASSERT_FALSE(r) << "a 1x8000 photo was accepted";
  EXPECT_NE(r.error().message().find("sliver.png is 1x8000 pixels"), std::string::npos) << r.error().what();
  EXPECT_NE(r.error().message().find("16:1"), std::string::npos) << r.error().what();

  // The same shape turned by EXIF is refused the same way; 16:1 itself is fine.
  auto turned = decode_image(test::jpeg_with_exif(test::encode_jpeg(test::quadrants(160, 8)), 6, ExifByteOrder::kIntel),
                             "pano.jpg");
  EXPECT_FALSE(turned);
  auto fine = decode_image(encode_png(test::quadrants(128, 8)), "wide.png");
  EXPECT_TRUE(fine) << fine.error().what();
}

// A PNG whose header claims 30000x30000 (2.7 GB of pixels) in a file of 70 bytes is refused from its header,
// before any allocation, with the size in the message.
TEST(ImageLimits, HugeHeaderIsRefusedBeforeDecoding) {
  auto be32 = [](uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 0xFF),
                       static_cast<char>((v >> 8) & 0xFF), static_cast<char>(v & 0xFF)};
  };
  const std::string ihdr = be32(30000) + be32(30000) + std::string("\x08\x02\0\0\0", 5);  // 8-bit RGB
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + test::png_chunk("IHDR", ihdr) +
                          test::png_chunk("IDAT", std::string("\x78\x01\x01\x00\x00\xff\xff\x00\x00\x00\x01", 11)) +
                          test::png_chunk("IEND", "");
  const auto dir = test::temp_dir("decode_huge");
  test::write_file(dir / "huge.png", png);
  auto r = load_image(dir / "huge.png");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("huge.png is 30000x30000 pixels (900.0 megapixels)"), std::string::npos)
      << r.error().what();
  auto header = read_image_file_header(dir / "huge.png");
  ASSERT_TRUE(header) << header.error().what();
  EXPECT_EQ(header->width, 30000);

  // Callers can tighten the limits (the fuzzer does).
  ImageLimits small;
  small.max_pixels = 100;
  auto tight = decode_image(encode_png(test::quadrants(20, 10)), "a.png", small);
  ASSERT_FALSE(tight);
  EXPECT_NE(tight.error().message().find("a.png is 20x10 pixels"), std::string::npos) << tight.error().what();
}

TEST(ImageLimits, CheckImageShape) {
  EXPECT_TRUE(check_image_shape(4000, 3000, "a.jpg"));
  EXPECT_TRUE(check_image_shape(16, 1, "a.jpg"));
  EXPECT_FALSE(check_image_shape(17, 1, "a.jpg"));
  EXPECT_FALSE(check_image_shape(0, 10, "a.jpg"));
  EXPECT_FALSE(check_image_shape(12000, 9000, "a.jpg"));                 // 108 MP
  EXPECT_FALSE(check_image_shape(int64_t{1} << 40, int64_t{1} << 40, "a.jpg"));  // no overflow
}

}  // namespace
}  // namespace olis::io
