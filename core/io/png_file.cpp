#include "core/io/png_file.h"

#include <vector>

#include <fmt/format.h>
#include <png.h>

namespace olis::io {
namespace {

constexpr char kPngSignature[] = "\x89PNG\r\n\x1a\n";

struct WriteState {
  std::string* out = nullptr;
  std::string error;
};

void on_write(png_structp png, png_bytep data, png_size_t length) {
  auto* state = static_cast<WriteState*>(png_get_io_ptr(png));
  bool failed = false;
  try {
    state->out->append(reinterpret_cast<const char*>(data), length);
  } catch (...) {
    failed = true;
  }
  if (failed) png_error(png, "out of memory");  // longjmps; nothing with a destructor is alive here
}

void on_flush(png_structp) {}

void on_error(png_structp png, png_const_charp message) {
  auto* state = static_cast<WriteState*>(png_get_error_ptr(png));
  if (state && state->error.empty()) state->error = message ? message : "unknown error";
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

// The libpng calls, apart so that setjmp's frame holds no C++ object with a destructor (longjmp would skip it).
bool write_png(png_structp png, png_infop info, const Image& image, png_textp texts, int text_count, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
               PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (text_count > 0) png_set_text(png, info, texts, text_count);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  return true;
}

bool is_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

uint32_t get_u32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
  return v;
}

}  // namespace

std::string encode_png(const Image& image, const PngText& text) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgb.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 3)
    throw Error(fmt::format("encode_png: the image is {}x{} but holds {} bytes", image.width, image.height,
                            image.rgb.size()));
  std::vector<png_text> texts;
  for (const auto& [key, value] : text) {
    if (key.empty() || key.size() > 79 || key.find('\0') != std::string::npos)
      throw Error(fmt::format("PNG text keyword '{}' must have 1 to 79 characters", key));
    if (value.find('\0') != std::string::npos)
      throw Error(fmt::format("PNG text '{}' must not contain a NUL character", key));
    png_text t{};
    t.key = const_cast<char*>(key.c_str());
    t.text = const_cast<char*>(value.c_str());
    if (is_ascii(value)) {
      t.compression = PNG_TEXT_COMPRESSION_NONE;  // tEXt
      t.text_length = value.size();
    } else {
      t.compression = PNG_ITXT_COMPRESSION_NONE;  // iTXt, UTF-8, no language tag
      t.itxt_length = value.size();
    }
    texts.push_back(t);
  }
  std::vector<png_bytep> rows(static_cast<size_t>(image.height));
  for (int y = 0; y < image.height; ++y) rows[static_cast<size_t>(y)] = const_cast<png_bytep>(image.pixel(0, y));

  std::string out;
  WriteState state;
  state.out = &out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning);
  if (!png) throw Error("encode_png: libpng could not start");
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    throw Error("encode_png: libpng could not start");
  }
  png_set_write_fn(png, &state, on_write, on_flush);
  const bool ok = write_png(png, info, image, texts.data(), static_cast<int>(texts.size()), rows.data());
  png_destroy_write_struct(&png, &info);
  if (!ok) throw Error(fmt::format("encode_png: libpng failed on a {}x{} image ({})", image.width, image.height, state.error));
  return out;
}

Expected<PngText> parse_png_text(const std::string& s, const std::string& label) {
  if (s.size() < 8 || s.compare(0, 8, kPngSignature, 8) != 0) return fail(fmt::format("{}: not a PNG file", label));
  PngText out;
  size_t at = 8;
  while (at + 12 <= s.size()) {
    const uint32_t len = get_u32(s, at);
    if (len > s.size() - at - 12) return fail(fmt::format("{}: truncated PNG chunk at byte {}", label, at));
    const std::string type = s.substr(at + 4, 4);
    if (type == "tEXt") {
      const std::string data = s.substr(at + 8, len);
      const auto z = data.find('\0');
      if (z != std::string::npos) out[data.substr(0, z)] = data.substr(z + 1);
    } else if (type == "iTXt") {
      const std::string data = s.substr(at + 8, len);
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

}  // namespace olis::io
