#include "core/io/image_io.h"

#include <csetjmp>
#include <fstream>

#include <gtest/gtest.h>
#include <png.h>
#include <torch/torch.h>

#include "tests/support/fixtures.h"
#include "tests/support/image_files.h"

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

void write_bytes(const std::filesystem::path& p, const std::string& s) { olis::test::write_file(p, s); }

// Text chunks as libpng reads them (CRC errors on ancillary chunks are made fatal). Empty on any error.
std::map<std::string, std::string> libpng_read_text(const std::filesystem::path& path) {
  std::map<std::string, std::string> out;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return out;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    std::fclose(f);
    return {};
  }
  png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
  png_init_io(png, f);
  png_read_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
  png_textp text = nullptr;
  const int n = png_get_text(png, info, &text, nullptr);
  for (int i = 0; i < n; ++i) out[text[i].key] = std::string(text[i].text, text[i].itxt_length ? text[i].itxt_length : text[i].text_length);
  png_destroy_read_struct(&png, &info, nullptr);
  std::fclose(f);
  return out;
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
  // libpng's reader (independent of parse_png_text) checks every CRC and finds the same chunks.
  const auto by_libpng = libpng_read_text(path);
  EXPECT_EQ(by_libpng.at("parameters"), params);
  EXPECT_EQ(by_libpng.at("Software"), "Olis");
}

TEST(ImageIo, NonAsciiParametersRoundTripAsUtf8) {
  const auto dir = olis::test::temp_dir("image_io_utf8");
  const std::string prompt = "portrait, caf\xc3\xa9 lighting, \xe6\x97\xa5\xe6\x9c\xac\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 3, Size: 64x64";
  olis::io::save_png(dir / "u.png", gradient(8, 8), {{"parameters", prompt}});
  auto text = olis::io::read_png_text(dir / "u.png");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->at("parameters"), prompt);
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
