#pragma once
// PNG files in memory: written with libpng, with text chunks such as the "parameters" chunk that
// AUTOMATIC1111, ComfyUI and image viewers show as generation settings; the text chunks read back by a
// small chunk walker (torch-free, fuzzed with the decoder).
#include <map>
#include <string>

#include "core/io/image.h"

namespace olis::io {

// PNG text chunks, keyword -> text (keywords: 1-79 Latin-1 characters). ASCII text is written as tEXt,
// anything else as uncompressed UTF-8 iTXt.
using PngText = std::map<std::string, std::string>;

// 8-bit RGB PNG with the text chunks before the image data. Throws olis::Error for an inconsistent image or
// an invalid keyword.
std::string encode_png(const Image& image, const PngText& text = {});

// tEXt and uncompressed iTXt chunks (compressed ones are skipped). `label` names the file in errors.
Expected<PngText> parse_png_text(const std::string& png_bytes, const std::string& label);

}  // namespace olis::io
