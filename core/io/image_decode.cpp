#include "core/io/image_decode.h"

#include <climits>
#include <cstdlib>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "core/io/jpeg_segments.h"
#include "core/io/stb_image_config.h"

namespace olis::io {
namespace {

bool starts_with(const std::string& s, size_t at, std::string_view prefix) {
  return s.size() >= at + prefix.size() && std::string_view(s).substr(at, prefix.size()) == prefix;
}

uint32_t be32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
  return v;
}

uint32_t le32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (size_t i = 4; i-- > 0;) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
  return v;
}

struct Size {
  int64_t width = 0, height = 0;
};

// The stored size from the header, read here rather than by stb_image, whose own header check refuses
// large images with a message that names no size.
bool stored_size(const std::string& s, ImageFormat format, Size& size) {
  switch (format) {
    case ImageFormat::kPng:  // signature, IHDR length and type, then width and height
      if (s.size() < 24 || std::string_view(s).substr(12, 4) != "IHDR") return false;
      size = {be32(s, 16), be32(s, 20)};
      return true;
    case ImageFormat::kBmp: {
      if (s.size() < 26) return false;
      if (le32(s, 14) == 12) {  // OS/2 BITMAPCOREHEADER: 16-bit sizes
        size = {static_cast<uint8_t>(s[18]) | (static_cast<uint8_t>(s[19]) << 8),
                static_cast<uint8_t>(s[20]) | (static_cast<uint8_t>(s[21]) << 8)};
      } else {  // height < 0: rows stored top-down
        size = {static_cast<int32_t>(le32(s, 18)), std::abs(static_cast<int64_t>(static_cast<int32_t>(le32(s, 22))))};
      }
      return true;
    }
    case ImageFormat::kJpeg: {
      bool found = false;
      detail::for_each_jpeg_segment(s, [&](uint8_t marker, std::string_view p) {
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof && p.size() >= 5) {  // precision, height, width
          size = {(static_cast<uint8_t>(p[3]) << 8) | static_cast<uint8_t>(p[4]),
                  (static_cast<uint8_t>(p[1]) << 8) | static_cast<uint8_t>(p[2])};
          found = true;
        }
        return !found;
      });
      return found;
    }
    default:
      return false;
  }
}

// Huffman tables as the JPEG standard requires them (B.2.4.2, B.2.3): class 0-1, id 0-3, at most 256 codes
// within the segment, and every table a scan decodes with defined before it. stb_image 2.27 (Debian 12, and the
// GPU bundle) writes past its tables when the 16 code counts add up to more than 256, and reads far outside
// them when a scan uses a table that was never defined (its decoder state is not zeroed); 2.28 fixed both
// upstream. So these are checked here before stb_image sees the file.
bool jpeg_huffman_tables_valid(const std::string& s) {
  bool valid = true, progressive = false;
  bool defined[2][4] = {};  // [class: 0 DC, 1 AC][id]
  auto byte = [](std::string_view p, size_t i) { return static_cast<uint8_t>(p[i]); };
  const bool whole = detail::for_each_jpeg_segment(
      s,
      [&](uint8_t marker, std::string_view p) {
        if (marker >= 0xC0 && marker <= 0xC2) progressive = marker == 0xC2;
        if (marker == 0xC4) {  // DHT: one or more tables
          for (size_t at = 0; valid && at < p.size();) {
            if (p.size() - at < 17) {
              valid = false;
              break;
            }
            const uint8_t table_class = byte(p, at) >> 4, id = byte(p, at) & 15;
            size_t codes = 0;
            for (size_t i = 1; i <= 16; ++i) codes += byte(p, at + i);
            valid = table_class <= 1 && id <= 3 && codes <= 256 && codes <= p.size() - at - 17;
            if (valid) defined[table_class][id] = true;
            at += 17 + codes;
          }
        } else if (marker == 0xDA) {  // SOS: Ns, Ns x (component, DC id << 4 | AC id), Ss, Se, Ah << 4 | Al
          const size_t n = p.empty() ? 0 : byte(p, 0);
          if (n < 1 || n > 4 || p.size() < 1 + 2 * n + 3) return valid = false;
          const uint8_t spectral_start = byte(p, 1 + 2 * n), approx_high = byte(p, 3 + 2 * n) >> 4;
          // Progressive scans decode with the DC tables (first DC pass) or the AC tables (AC passes) only.
          const bool uses_dc = !progressive || (spectral_start == 0 && approx_high == 0);
          const bool uses_ac = !progressive || spectral_start > 0;
          for (size_t c = 0; c < n; ++c) {
            const uint8_t dc = byte(p, 2 + 2 * c) >> 4, ac = byte(p, 2 + 2 * c) & 15;
            if ((uses_dc && (dc > 3 || !defined[0][dc])) || (uses_ac && (ac > 3 || !defined[1][ac]))) valid = false;
          }
        }
        return valid;
      },
      detail::JpegWalk::kWholeFile);
  return valid && whole;
}

// Every PNG chunk up to IEND lies within the file. stb_image grows its buffer to a chunk's declared length
// before it reads the chunk, so a 100-byte file declaring a 2 GB IDAT would allocate 2 GB first.
bool png_chunks_within_file(const std::string& s) {
  size_t at = 8;
  while (at + 12 <= s.size()) {
    const uint32_t length = be32(s, at);
    if (length > s.size() - at - 12) return false;
    if (std::string_view(s).substr(at + 4, 4) == "IEND") return true;
    at += 12 + static_cast<size_t>(length);
  }
  return true;  // no IEND: stb_image decides whether the image data is complete
}

const stbi_uc* as_stbi(const std::string& bytes) { return reinterpret_cast<const stbi_uc*>(bytes.data()); }

struct StbiFree {
  void operator()(stbi_uc* p) const { stbi_image_free(p); }
};

}  // namespace

ImageFormat sniff_image_format(const std::string& s) {
  if (starts_with(s, 0, std::string_view("\xFF\xD8\xFF", 3))) return ImageFormat::kJpeg;
  if (starts_with(s, 0, std::string_view("\x89PNG\r\n\x1a\n", 8))) return ImageFormat::kPng;
  if (starts_with(s, 0, "BM")) return ImageFormat::kBmp;
  if (starts_with(s, 0, "GIF87a") || starts_with(s, 0, "GIF89a")) return ImageFormat::kGif;
  if (starts_with(s, 0, "RIFF") && starts_with(s, 8, "WEBP")) return ImageFormat::kWebp;
  if (starts_with(s, 0, std::string_view("II*\0", 4)) || starts_with(s, 0, std::string_view("MM\0*", 4)))
    return ImageFormat::kTiff;
  if (starts_with(s, 4, "ftyp")) {  // ISO base media file: the brand says which
    for (const char* brand : {"avif", "avis"})
      if (starts_with(s, 8, brand)) return ImageFormat::kAvif;
    for (const char* brand : {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"})
      if (starts_with(s, 8, brand)) return ImageFormat::kHeif;
  }
  return ImageFormat::kUnknown;
}

const char* image_format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return "JPEG";
    case ImageFormat::kPng: return "PNG";
    case ImageFormat::kBmp: return "BMP";
    case ImageFormat::kGif: return "GIF";
    case ImageFormat::kWebp: return "WebP";
    case ImageFormat::kTiff: return "TIFF";
    case ImageFormat::kHeif: return "HEIF/HEIC";
    case ImageFormat::kAvif: return "AVIF";
    case ImageFormat::kUnknown: break;
  }
  return "unknown";
}

Expected<ImageHeader> read_image_header(const std::string& bytes, const std::string& label) {
  if (bytes.empty()) return fail(fmt::format("{}: the file is empty", label));
  ImageHeader header;
  header.format = sniff_image_format(bytes);
  switch (header.format) {
    case ImageFormat::kJpeg:
    case ImageFormat::kPng:
    case ImageFormat::kBmp:
      break;
    case ImageFormat::kUnknown:
      return fail(fmt::format("{}: not a JPEG, PNG or BMP image", label));
    default:
      return fail(fmt::format("{} is a {} image; Olis reads JPEG, PNG and BMP photos: convert it to PNG or JPEG first",
                              label, image_format_name(header.format)));
  }
  Size size;
  if (!stored_size(bytes, header.format, size))
    return fail(fmt::format("{}: damaged {} header (no image size found)", label, image_format_name(header.format)));
  if (size.width > INT_MAX || size.height > INT_MAX)
    return fail(fmt::format("{} claims to be {}x{} pixels", label, size.width, size.height));
  header.orientation = read_exif_orientation(bytes);
  const bool swap = swaps_axes(header.orientation);
  header.width = static_cast<int>(swap ? size.height : size.width);
  header.height = static_cast<int>(swap ? size.width : size.height);
  return header;
}

Expected<Image> decode_image(const std::string& bytes, const std::string& label, const ImageLimits& limits) {
  auto header = read_image_header(bytes, label);
  if (!header) return tl::unexpected(header.error());
  if (auto shape = check_image_shape(header->width, header->height, label, limits); !shape)
    return tl::unexpected(shape.error());

  if (bytes.size() > static_cast<size_t>(INT_MAX)) return fail(fmt::format("{}: the file is larger than 2 GB", label));
  if (header->format == ImageFormat::kJpeg && !jpeg_huffman_tables_valid(bytes))
    return fail(fmt::format("{}: the JPEG data is damaged (a missing or invalid Huffman table)", label));
  if (header->format == ImageFormat::kPng && !png_chunks_within_file(bytes))
    return fail(fmt::format("{}: the PNG file is cut short or damaged (a chunk runs past its end)", label));
  int w = 0, h = 0, channels = 0;
  std::unique_ptr<stbi_uc, StbiFree> data(
      stbi_load_from_memory(as_stbi(bytes), static_cast<int>(bytes.size()), &w, &h, &channels, 3));
  if (!data)
    return fail(fmt::format("{}: the {} data is damaged ({})", label, image_format_name(header->format),
                            stbi_failure_reason()));
  const int stored_w = swaps_axes(header->orientation) ? header->height : header->width;
  const int stored_h = swaps_axes(header->orientation) ? header->width : header->height;
  if (w != stored_w || h != stored_h)  // the limits were checked on the header's size
    return fail(fmt::format("{}: the header says {}x{} but the image data is {}x{}", label, stored_w, stored_h, w, h));
  Image stored;
  stored.width = w;
  stored.height = h;
  stored.rgb.assign(data.get(), data.get() + static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  data.reset();
  if (header->orientation == ExifOrientation::kNormal) return stored;
  return apply_orientation(stored, header->orientation);
}

}  // namespace olis::io
