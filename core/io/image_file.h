#pragma once
// Image files: photos in (checked against ImageLimits from the header, then decoded upright, see
// image_decode.h), PNGs out (atomic, with text chunks, see png_file.h). No torch here, so the GUI can check a
// photo's header without it; image_io.h adds the tensor conversions.
#include <filesystem>

#include "core/io/image.h"
#include "core/io/image_decode.h"
#include "core/io/png_file.h"
#include "core/util/error.h"

namespace olis::io {

// JPEG, PNG or BMP, upright, alpha dropped. Errors name the file: not found, empty, another format (WebP,
// HEIC, ... are named), outside `limits`, damaged.
Expected<Image> load_image(const std::filesystem::path& path, const ImageLimits& limits = {});
// The header of an image file (format, displayed size, orientation) without decoding its pixels.
Expected<ImageHeader> read_image_file_header(const std::filesystem::path& path);

// Atomic: a crash leaves the old file or the new one. Throws olis::Error naming the file.
void save_png(const std::filesystem::path& path, const Image& image, const PngText& text = {});
// tEXt and uncompressed iTXt chunks of a PNG file (compressed ones are skipped).
Expected<PngText> read_png_text(const std::filesystem::path& path);

}  // namespace olis::io
