#pragma once
// Walks the marker segments of a JPEG file up to its first scan (internal to core/io: the EXIF reader and
// the header reader use it). Never reads outside the bytes it is given.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace olis::io::detail {

enum class JpegWalk { kUpToFirstScan, kWholeFile };

// Calls visit(marker, payload) for each segment with a length field, in order, until visit returns false or
// the data ends or breaks; payload excludes the length field. kUpToFirstScan stops at the first SOS (the
// header: APPn, SOF, tables); kWholeFile also visits SOS and skips each scan's entropy-coded data to the
// segments between scans (progressive JPEGs define Huffman tables there). Returns false when the structure
// broke (a length past the end, a missing marker), true when it ended at SOS/EOI, the end, or by visit.
template <class Visit>
bool for_each_jpeg_segment(std::string_view s, Visit&& visit, JpegWalk walk = JpegWalk::kUpToFirstScan) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  if (s.size() < 2 || byte(0) != 0xFF || byte(1) != 0xD8) return false;
  size_t at = 2;
  while (at < s.size()) {
    if (byte(at) != 0xFF) return false;
    while (at < s.size() && byte(at) == 0xFF) ++at;  // fill bytes
    if (at >= s.size()) return true;
    const uint8_t marker = byte(at);
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length field
      ++at;
      continue;
    }
    if (marker == 0xD9) return true;  // end of image
    if (marker == 0xDA && walk == JpegWalk::kUpToFirstScan) return true;
    if (at + 3 > s.size()) return false;
    const size_t length = (static_cast<size_t>(byte(at + 1)) << 8) | byte(at + 2);  // counts itself
    if (length < 2 || at + 1 + length > s.size()) return false;
    if (!visit(marker, s.substr(at + 3, length - 2))) return true;
    at += 1 + length;
    if (marker == 0xDA) {  // entropy-coded data: up to the next FF not followed by 00 (stuffing) or RSTn
      while (at + 1 < s.size() &&
             !(byte(at) == 0xFF && byte(at + 1) != 0x00 && !(byte(at + 1) >= 0xD0 && byte(at + 1) <= 0xD7)))
        ++at;
      if (at + 1 >= s.size()) return true;  // a file cut inside its last scan
    }
  }
  return true;
}

}  // namespace olis::io::detail
