#include "core/io/image_io.h"

#include <array>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO_LIMITS
#define STBI_FAILURE_USERMSG
#include <stb_image.h>

#include "core/util/atomic_file.h"

namespace olis::io {
namespace {

constexpr char kPngSignature[] = "\x89PNG\r\n\x1a\n";

Image from_bgr_mat(const cv::Mat& bgr) {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  Image img;
  img.width = rgb.cols;
  img.height = rgb.rows;
  img.rgb.resize(static_cast<size_t>(img.width) * img.height * 3);
  for (int y = 0; y < rgb.rows; ++y)
    std::memcpy(img.pixel(0, y), rgb.ptr<uint8_t>(y), static_cast<size_t>(img.width) * 3);
  return img;
}

Expected<Image> from_stb(const std::string& bytes, const std::string& label) {
  int w = 0, h = 0, n = 0;
  stbi_uc* data = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()),
                                        &w, &h, &n, 3);
  if (!data) return fail(fmt::format("{}: not a readable image ({})", label, stbi_failure_reason()));
  Image img;
  img.width = w;
  img.height = h;
  img.rgb.assign(data, data + static_cast<size_t>(w) * h * 3);
  stbi_image_free(data);
  return img;
}

Expected<std::string> read_bytes(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail(fmt::format("{}: file not found", path.string()));
  if (std::filesystem::is_directory(path, ec)) return fail(fmt::format("{}: is a folder, not an image", path.string()));
  return read_text_file(path, std::size_t{1} << 30);
}

uint32_t crc32(const char* data, size_t n, uint32_t crc = 0) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ static_cast<uint8_t>(data[i])) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

void put_u32(std::string& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xFF));
}

uint32_t get_u32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
  return v;
}

std::string chunk(const std::string& type, const std::string& data) {
  std::string out;
  put_u32(out, static_cast<uint32_t>(data.size()));
  const std::string body = type + data;
  out += body;
  put_u32(out, crc32(body.data(), body.size()));
  return out;
}

bool is_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

}  // namespace

Expected<Image> decode_image(const std::string& bytes, const std::string& label) {
  if (bytes.empty()) return fail(fmt::format("{}: the file is empty", label));
  try {
    cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    cv::Mat bgr = cv::imdecode(buf, cv::IMREAD_COLOR);  // applies EXIF orientation
    if (!bgr.empty()) return from_bgr_mat(bgr);
  } catch (const cv::Exception&) {
    // fall through to stb_image, which reads a few formats OpenCV does not
  }
  return from_stb(bytes, label);
}

Expected<Image> load_image(const std::filesystem::path& path) {
  auto bytes = read_bytes(path);
  if (!bytes) return tl::unexpected(bytes.error());
  try {
    cv::Mat bgr = cv::imread(path.string(), cv::IMREAD_COLOR);  // applies EXIF orientation
    if (!bgr.empty()) return from_bgr_mat(bgr);
  } catch (const cv::Exception&) {
  }
  return decode_image(*bytes, path.string());
}

std::string encode_png(const Image& image, const PngText& text) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgb.size() != static_cast<size_t>(image.width) * image.height * 3)
    throw Error(fmt::format("encode_png: the image is {}x{} but holds {} bytes", image.width, image.height,
                            image.rgb.size()));
  cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  std::vector<uint8_t> buf;
  if (!cv::imencode(".png", bgr, buf)) throw Error("encode_png: OpenCV could not encode the PNG");
  std::string png(buf.begin(), buf.end());
  // Text chunks go right after IHDR (signature 8 bytes + IHDR chunk 25 bytes), before the image data.
  std::string chunks;
  for (const auto& [key, value] : text) {
    if (key.empty() || key.size() > 79 || key.find('\0') != std::string::npos)
      throw Error(fmt::format("PNG text keyword '{}' must have 1 to 79 characters", key));
    if (is_ascii(value)) {
      chunks += chunk("tEXt", key + std::string(1, '\0') + value);
    } else {  // iTXt: keyword, 0, compression flag 0, method 0, empty language, 0, empty translation, 0, UTF-8
      chunks += chunk("iTXt", key + std::string("\0\0\0", 3) + std::string("\0", 1) + std::string("\0", 1) + value);
    }
  }
  png.insert(8 + 25, chunks);
  return png;
}

void save_png(const std::filesystem::path& path, const Image& image, const PngText& text) {
  write_file_atomic(path, encode_png(image, text));
}

Expected<PngText> parse_png_text(const std::string& s, const std::string& label) {
  if (s.size() < 8 || s.compare(0, 8, kPngSignature, 8) != 0) return fail(fmt::format("{}: not a PNG file", label));
  PngText out;
  size_t at = 8;
  while (at + 12 <= s.size()) {
    const uint32_t len = get_u32(s, at);
    if (len > s.size() - at - 12) return fail(fmt::format("{}: truncated PNG chunk at byte {}", label, at));
    const std::string type = s.substr(at + 4, 4);
    const std::string data = s.substr(at + 8, len);
    if (type == "tEXt") {
      const auto z = data.find('\0');
      if (z != std::string::npos) out[data.substr(0, z)] = data.substr(z + 1);
    } else if (type == "iTXt") {
      const auto z = data.find('\0');
      if (z != std::string::npos && z + 2 < data.size() && data[z + 1] == 0) {  // uncompressed only
        const auto lang_end = data.find('\0', z + 3);
        const auto trans_end = lang_end == std::string::npos ? lang_end : data.find('\0', lang_end + 1);
        if (trans_end != std::string::npos) out[data.substr(0, z)] = data.substr(trans_end + 1);
      }
    } else if (type == "IEND") {
      break;
    }
    at += 12 + len;
  }
  return out;
}

Expected<PngText> read_png_text(const std::filesystem::path& path) {
  auto bytes = read_bytes(path);
  if (!bytes) return tl::unexpected(bytes.error());
  return parse_png_text(*bytes, path.string());
}

torch::Tensor image_to_tensor(const Image& image) {
  auto hwc = torch::from_blob(const_cast<uint8_t*>(image.rgb.data()), {image.height, image.width, 3}, torch::kUInt8);
  return hwc.permute({2, 0, 1}).to(torch::kFloat32).div(127.5).sub(1.0).contiguous();
}

Image tensor_to_image(const torch::Tensor& t) {
  auto chw = t.dim() == 4 ? t.squeeze(0) : t;
  if (chw.dim() != 3 || chw.size(0) != 3)
    throw Error("tensor_to_image: expected [3, H, W], got " + c10::str(t.sizes()));
  auto u8 = (chw.detach().to(torch::kCPU, torch::kFloat32) / 2 + 0.5)
                .clamp(0, 1)
                .mul(255)
                .round()
                .to(torch::kUInt8)
                .permute({1, 2, 0})
                .contiguous();
  Image img;
  img.height = static_cast<int>(u8.size(0));
  img.width = static_cast<int>(u8.size(1));
  img.rgb.assign(u8.data_ptr<uint8_t>(), u8.data_ptr<uint8_t>() + u8.numel());
  return img;
}

}  // namespace olis::io
