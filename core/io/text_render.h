#pragma once
// Text drawn into an io::Image, for the labels of image grids written by the engine (compare grids):
// core/ has no Qt, so glyphs come from a TrueType font through stb_truetype (DejaVu Sans where Debian's
// fonts-dejavu-core puts it, or $OLIS_FONT), or, when no font file is found, from stb_easy_font's built-in
// strokes, so that a grid always has readable labels.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/io/image_io.h"

namespace olis::io {

using Rgb = std::array<uint8_t, 3>;

class TextRenderer {
 public:
  // The first font file that loads ($OLIS_FONT, then the usual DejaVu Sans paths); the built-in font else.
  static std::shared_ptr<const TextRenderer> load_default();
  // A specific TrueType file; nullptr when it cannot be read.
  static std::shared_ptr<const TextRenderer> load_file(const std::string& path);
  static std::shared_ptr<const TextRenderer> builtin();
  ~TextRenderer();

  bool is_truetype() const { return font_ != nullptr; }
  // Pixels from one baseline to the next for a font size of `px` pixels.
  int line_height(int px) const;
  // Width in pixels of one line of UTF-8 text.
  int measure(const std::string& text, int px) const;
  // Draws one line with its top at y (clipped to the image).
  void draw(Image& image, int x, int y, const std::string& text, int px, Rgb color) const;
  // Splits text into lines no wider than max_width (words longer than a line are cut), at most max_lines
  // (the last one ends with "..." when text is left over; 0: no limit).
  std::vector<std::string> wrap(const std::string& text, int px, int max_width, int max_lines = 0) const;

  struct Font;

 private:
  TextRenderer() = default;
  std::unique_ptr<Font> font_;  // nullptr: the built-in stroke font
};

// Fills a rectangle (clipped).
void fill_rect(Image& image, int x, int y, int w, int h, Rgb color);
// Copies `src` into `dst` with its top-left corner at (x, y) (clipped).
void blit(Image& dst, const Image& src, int x, int y);
// `src` resized to w x h (area averaging when shrinking, bilinear when enlarging).
Image resize_image(const Image& src, int w, int h);

}  // namespace olis::io
