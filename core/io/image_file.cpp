#include "core/io/image_file.h"

#include <fmt/format.h>

#include "core/util/atomic_file.h"

namespace olis::io {
namespace {

Expected<std::string> read_bytes(const std::filesystem::path& path, std::size_t max_bytes = std::size_t{1} << 30) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail(fmt::format("{}: file not found", path.string()));
  if (std::filesystem::is_directory(path, ec)) return fail(fmt::format("{}: is a folder, not an image", path.string()));
  return read_text_file(path, max_bytes);
}

}  // namespace

Expected<Image> load_image(const std::filesystem::path& path, const ImageLimits& limits) {
  auto bytes = read_bytes(path);
  if (!bytes) return tl::unexpected(bytes.error());
  return decode_image(*bytes, path.string(), limits);
}

Expected<ImageHeader> read_image_file_header(const std::filesystem::path& path) {
  auto bytes = read_bytes(path);
  if (!bytes) return tl::unexpected(bytes.error());
  return read_image_header(*bytes, path.string());
}

void save_png(const std::filesystem::path& path, const Image& image, const PngText& text) {
  write_file_atomic(path, encode_png(image, text));
}

Expected<PngText> read_png_text(const std::filesystem::path& path) {
  auto bytes = read_bytes(path);
  if (!bytes) return tl::unexpected(bytes.error());
  return parse_png_text(*bytes, path.string());
}

}  // namespace olis::io
