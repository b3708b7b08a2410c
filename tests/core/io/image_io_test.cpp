#include "core/io/image_io.h"

#include <fstream>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <torch/torch.h>

#include "tests/support/fixtures.h"

namespace {

using olis::io::Image;

Image gradient(int w, int h) {
  Image img;
  img.width = w;
  img.height = h;
  img.rgb.resize(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      auto* p = img.pixel(x, y);
      p[0] = static_cast<uint8_t>(x * 255 / std::max(1, w - 1));
      p[1] = static_cast<uint8_t>(y * 255 / std::max(1, h - 1));
      p[2] = static_cast<uint8_t>((x + y) % 256);
    }
  return img;
}

void write_bytes(const std::filesystem::path& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary);
  f.write(s.data(), static_cast<std::streamsize>(s.size()));
}

TEST(ImageIo, PngRoundTripKeepsPixelsAndParameters) {
  const auto dir = olis::test::temp_dir("image_io_png");
  const auto path = dir / "out.png";
  const auto img = gradient(37, 21);
  const std::string params =
      "a photo of sks dog, best quality\nNegative prompt: blurry\nSteps: 50, Sampler: DDIM, CFG scale: 7.5, Seed: 1, "
      "Size: 512x512, Model: sd15";
  olis::io::save_png(path, img, {{"parameters", params}, {"Software", "Olis"}});

  auto back = olis::io::load_image(path);
  ASSERT_TRUE(back) << back.error().what();
  EXPECT_EQ(back->width, 37);
  EXPECT_EQ(back->height, 21);
  EXPECT_EQ(back->rgb, img.rgb);

  auto text = olis::io::read_png_text(path);
  ASSERT_TRUE(text) << text.error().what();
  EXPECT_EQ(text->at("parameters"), params);
  EXPECT_EQ(text->at("Software"), "Olis");
  // OpenCV (an independent PNG reader) accepts the file with our chunk CRCs.
  EXPECT_FALSE(cv::imread(path.string(), cv::IMREAD_UNCHANGED).empty());
}

TEST(ImageIo, NonAsciiParametersRoundTripAsUtf8) {
  const auto dir = olis::test::temp_dir("image_io_utf8");
  const std::string prompt = "portrait, caf\xc3\xa9 lighting, \xe6\x97\xa5\xe6\x9c\xac\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 3, Size: 64x64";
  olis::io::save_png(dir / "u.png", gradient(8, 8), {{"parameters", prompt}});
  auto text = olis::io::read_png_text(dir / "u.png");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->at("parameters"), prompt);
}

// A JPEG whose pixels are stored sideways with EXIF orientation 6 ("rotate 90 CW to display"), as phones
// write portrait photos. We build the EXIF APP1 segment by hand.
std::string jpeg_with_orientation(const cv::Mat& bgr, uint16_t orientation) {
  std::vector<uint8_t> buf;
  cv::imencode(".jpg", bgr, buf, {cv::IMWRITE_JPEG_QUALITY, 95});
  std::string jpg(buf.begin(), buf.end());
  std::string tiff = std::string("MM\x00\x2a", 4) + std::string("\x00\x00\x00\x08", 4);  // big endian, IFD at 8
  tiff += std::string("\x00\x01", 2);                                                // 1 entry
  tiff += std::string("\x01\x12\x00\x03\x00\x00\x00\x01", 8);                         // Orientation, SHORT, 1
  tiff += std::string(1, static_cast<char>(orientation >> 8)) + std::string(1, static_cast<char>(orientation & 0xFF)) +
          std::string("\x00\x00", 2);
  tiff += std::string("\x00\x00\x00\x00", 4);  // no next IFD
  const std::string payload = std::string("Exif\x00\x00", 6) + tiff;
  const auto len = static_cast<uint16_t>(payload.size() + 2);
  std::string app1 = std::string("\xFF\xE1", 2) + std::string(1, static_cast<char>(len >> 8)) +
                     std::string(1, static_cast<char>(len & 0xFF)) + payload;
  jpg.insert(2, app1);  // right after SOI
  return jpg;
}

TEST(ImageIo, ExifOrientationIsApplied) {
  // Stored 64 wide x 32 high: left half red, right half blue.
  cv::Mat bgr(32, 64, CV_8UC3, cv::Scalar(0, 0, 255));
  bgr(cv::Rect(32, 0, 32, 32)).setTo(cv::Scalar(255, 0, 0));
  const auto dir = olis::test::temp_dir("image_io_exif");
  write_bytes(dir / "portrait.jpg", jpeg_with_orientation(bgr, 6));
  write_bytes(dir / "plain.jpg", jpeg_with_orientation(bgr, 1));

  auto plain = olis::io::load_image(dir / "plain.jpg");
  ASSERT_TRUE(plain) << plain.error().what();
  EXPECT_EQ(plain->width, 64);
  EXPECT_EQ(plain->height, 32);

  auto img = olis::io::load_image(dir / "portrait.jpg");
  ASSERT_TRUE(img) << img.error().what();
  ASSERT_EQ(img->width, 32);  // displayed upright: 32 wide, 64 high
  ASSERT_EQ(img->height, 64);
  // Rotating 90 degrees clockwise puts the stored left (red) half on top.
  const auto* top = img->pixel(16, 8);
  const auto* bottom = img->pixel(16, 56);
  EXPECT_GT(top[0], 200);
  EXPECT_LT(top[2], 60);
  EXPECT_GT(bottom[2], 200);
  EXPECT_LT(bottom[0], 60);
}

TEST(ImageIo, ErrorsNameTheFile) {
  const auto dir = olis::test::temp_dir("image_io_bad");
  write_bytes(dir / "photo.jpg", "this is not a jpeg at all");
  auto bad = olis::io::load_image(dir / "photo.jpg");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("photo.jpg"), std::string::npos) << bad.error().what();

  auto missing = olis::io::load_image(dir / "missing.png");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("missing.png"), std::string::npos);
  EXPECT_NE(missing.error().message().find("not found"), std::string::npos);

  write_bytes(dir / "empty.png", "");
  auto empty = olis::io::load_image(dir / "empty.png");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message().find("empty.png"), std::string::npos);

  auto text = olis::io::read_png_text(dir / "photo.jpg");
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message().find("not a PNG"), std::string::npos);
}

TEST(ImageIo, TensorConversionMatchesDiffusersPostprocessing) {
  // [-1, 1] -> round(clamp(x/2 + 0.5, 0, 1) * 255): -1 -> 0, 0 -> 128 (127.5 rounds half to even), 1 -> 255.
  auto t = torch::tensor({-2.0f, -1.0f, 0.0f, 1.0f, 3.0f, 0.5f}).view({3, 1, 2});
  auto img = olis::io::tensor_to_image(t);
  ASSERT_EQ(img.width, 2);
  ASSERT_EQ(img.height, 1);
  // pixel (0,0) = channels (t[0][0][0], t[1][0][0], t[2][0][0]) = (-2, 0, 3)
  EXPECT_EQ(img.pixel(0, 0)[0], 0);
  EXPECT_EQ(img.pixel(0, 0)[1], 128);
  EXPECT_EQ(img.pixel(0, 0)[2], 255);
  EXPECT_EQ(img.pixel(1, 0)[0], 0);
  EXPECT_EQ(img.pixel(1, 0)[1], 255);
  EXPECT_EQ(img.pixel(1, 0)[2], 191);  // 0.75 * 255 = 191.25

  const auto g = gradient(5, 4);
  auto back = olis::io::tensor_to_image(olis::io::image_to_tensor(g));
  EXPECT_EQ(back.rgb, g.rgb);
  auto chw = olis::io::image_to_tensor(g);
  EXPECT_EQ(chw.sizes(), (std::vector<int64_t>{3, 4, 5}));
  EXPECT_FLOAT_EQ(chw.min().item<float>(), -1.0f);
}

}  // namespace
