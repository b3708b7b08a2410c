#include "core/io/text_render.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <opencv2/imgproc.hpp>

// The only translation unit with stb_truetype's implementation. stb_easy_font is all static functions, some
// of which Olis does not call.
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb_truetype.h>
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include <stb_easy_font.h>
#pragma GCC diagnostic pop

namespace olis::io {

struct TextRenderer::Font {
  std::vector<unsigned char> data;
  stbtt_fontinfo info{};
  int ascent = 0, descent = 0, line_gap = 0;
};

namespace {

// Next code point of UTF-8 text (invalid bytes become U+FFFD).
uint32_t next_code_point(const std::string& s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i++]);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
  if (extra < 0) return 0xFFFD;
  uint32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

// stb_easy_font draws ASCII with glyphs about 7 units high (12 per line); other characters become '?'.
std::string ascii_only(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto cp = next_code_point(s, i);
    out += cp >= 32 && cp < 127 ? static_cast<char>(cp) : '?';
  }
  return out;
}

double easy_scale(int px) { return px / 10.0; }

void blend(Image& image, int x, int y, Rgb color, int alpha) {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height || alpha <= 0) return;
  uint8_t* p = image.pixel(x, y);
  for (int c = 0; c < 3; ++c) p[c] = static_cast<uint8_t>((p[c] * (255 - alpha) + color[c] * alpha + 127) / 255);
}

}  // namespace

TextRenderer::~TextRenderer() = default;

std::shared_ptr<const TextRenderer> TextRenderer::builtin() {
  return std::shared_ptr<const TextRenderer>(new TextRenderer());
}

std::shared_ptr<const TextRenderer> TextRenderer::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  auto font = std::make_unique<Font>();
  font->data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (font->data.empty()) return nullptr;
  const int offset = stbtt_GetFontOffsetForIndex(font->data.data(), 0);
  if (offset < 0 || !stbtt_InitFont(&font->info, font->data.data(), offset)) return nullptr;
  stbtt_GetFontVMetrics(&font->info, &font->ascent, &font->descent, &font->line_gap);
  auto r = std::shared_ptr<TextRenderer>(new TextRenderer());
  r->font_ = std::move(font);
  return r;
}

std::shared_ptr<const TextRenderer> TextRenderer::load_default() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("OLIS_FONT"); env && *env) candidates.emplace_back(env);
  for (const char* p : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
                        "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"})
    candidates.emplace_back(p);
  for (const auto& c : candidates)
    if (auto r = load_file(c)) return r;
  return builtin();
}

int TextRenderer::line_height(int px) const {
  if (!font_) return static_cast<int>(12 * easy_scale(px) + 0.5);
  const float scale = stbtt_ScaleForPixelHeight(&font_->info, static_cast<float>(px));
  return static_cast<int>((font_->ascent - font_->descent + font_->line_gap) * scale + 0.5f);
}

int TextRenderer::measure(const std::string& text, int px) const {
  if (!font_) {
    std::string t = ascii_only(text);
    return static_cast<int>(stb_easy_font_width(t.data()) * easy_scale(px) + 0.5);
  }
  const float scale = stbtt_ScaleForPixelHeight(&font_->info, static_cast<float>(px));
  float x = 0;
  uint32_t prev = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto cp = next_code_point(text, i);
    if (prev) x += scale * stbtt_GetCodepointKernAdvance(&font_->info, static_cast<int>(prev), static_cast<int>(cp));
    int advance = 0, lsb = 0;
    stbtt_GetCodepointHMetrics(&font_->info, static_cast<int>(cp), &advance, &lsb);
    x += scale * advance;
    prev = cp;
  }
  return static_cast<int>(x + 0.99f);
}

void TextRenderer::draw(Image& image, int x0, int y0, const std::string& text, int px, Rgb color) const {
  if (!font_) {
    std::string t = ascii_only(text);
    std::vector<char> buffer(t.size() * 270 + 64);  // stb_easy_font: about 270 bytes per character
    unsigned char white[4] = {255, 255, 255, 255};
    const int quads = stb_easy_font_print(0, 0, t.data(), white, buffer.data(), static_cast<int>(buffer.size()));
    const double s = easy_scale(px);
    for (int q = 0; q < quads; ++q) {
      const auto* v = reinterpret_cast<const float*>(buffer.data() + q * 64);  // 4 vertices of 16 bytes
      const double qx0 = v[0], qy0 = v[1], qx1 = v[8], qy1 = v[9];
      const int ax = x0 + static_cast<int>(qx0 * s), ay = y0 + static_cast<int>(qy0 * s) + static_cast<int>(s);
      const int bx = x0 + static_cast<int>(qx1 * s + 0.5), by = y0 + static_cast<int>(qy1 * s + 0.5) + static_cast<int>(s);
      fill_rect(image, ax, ay, std::max(1, bx - ax), std::max(1, by - ay), color);
    }
    return;
  }
  const auto& f = font_->info;
  const float scale = stbtt_ScaleForPixelHeight(&f, static_cast<float>(px));
  const int baseline = y0 + static_cast<int>(font_->ascent * scale + 0.5f);
  float x = static_cast<float>(x0);
  uint32_t prev = 0;
  std::vector<unsigned char> glyph;
  for (std::size_t i = 0; i < text.size();) {
    const auto cp = next_code_point(text, i);
    if (prev) x += scale * stbtt_GetCodepointKernAdvance(&f, static_cast<int>(prev), static_cast<int>(cp));
    int advance = 0, lsb = 0;
    stbtt_GetCodepointHMetrics(&f, static_cast<int>(cp), &advance, &lsb);
    int bx0 = 0, by0 = 0, bx1 = 0, by1 = 0;
    const float shift = x - static_cast<float>(static_cast<int>(x));
    stbtt_GetCodepointBitmapBoxSubpixel(&f, static_cast<int>(cp), scale, scale, shift, 0, &bx0, &by0, &bx1, &by1);
    const int w = bx1 - bx0, h = by1 - by0;
    if (w > 0 && h > 0) {
      glyph.assign(static_cast<std::size_t>(w) * h, 0);
      stbtt_MakeCodepointBitmapSubpixel(&f, glyph.data(), w, h, w, scale, scale, shift, 0, static_cast<int>(cp));
      const int gx = static_cast<int>(x) + bx0, gy = baseline + by0;
      for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx) blend(image, gx + xx, gy + yy, color, glyph[static_cast<std::size_t>(yy) * w + xx]);
    }
    x += scale * advance;
    prev = cp;
  }
}

std::vector<std::string> TextRenderer::wrap(const std::string& text, int px, int max_width, int max_lines) const {
  std::vector<std::string> words;
  {
    std::string w;
    for (char c : text) {
      if (c == ' ' || c == '\t' || c == '\n') {
        if (!w.empty()) words.push_back(w);
        w.clear();
      } else {
        w += c;
      }
    }
    if (!w.empty()) words.push_back(w);
  }
  std::vector<std::string> lines;
  std::string line;
  auto cut = [&](std::string word) {  // a word wider than a line: split by bytes at UTF-8 boundaries
    while (measure(word, px) > max_width && word.size() > 1) {
      std::size_t n = word.size() - 1;
      while (n > 1 && (static_cast<unsigned char>(word[n]) & 0xC0) == 0x80) --n;
      std::size_t fit = n;
      while (fit > 1 && measure(word.substr(0, fit), px) > max_width) {
        --fit;
        while (fit > 1 && (static_cast<unsigned char>(word[fit]) & 0xC0) == 0x80) --fit;
      }
      lines.push_back(word.substr(0, fit));
      word = word.substr(fit);
    }
    return word;
  };
  for (const auto& w : words) {
    const std::string candidate = line.empty() ? w : line + " " + w;
    if (measure(candidate, px) <= max_width) {
      line = candidate;
      continue;
    }
    if (!line.empty()) lines.push_back(line);
    line = cut(w);
  }
  if (!line.empty()) lines.push_back(line);
  if (max_lines > 0 && static_cast<int>(lines.size()) > max_lines) {
    lines.resize(static_cast<std::size_t>(max_lines));
    auto& last = lines.back();
    while (!last.empty() && measure(last + "...", px) > max_width) {
      last.pop_back();
      while (!last.empty() && (static_cast<unsigned char>(last.back()) & 0xC0) == 0x80) last.pop_back();
      if (!last.empty() && (static_cast<unsigned char>(last.back()) & 0xC0) == 0xC0) last.pop_back();
    }
    last += "...";
  }
  return lines;
}

void fill_rect(Image& image, int x, int y, int w, int h, Rgb color) {
  const int x1 = std::min(image.width, x + w), y1 = std::min(image.height, y + h);
  for (int yy = std::max(0, y); yy < y1; ++yy)
    for (int xx = std::max(0, x); xx < x1; ++xx) {
      uint8_t* p = image.pixel(xx, yy);
      p[0] = color[0];
      p[1] = color[1];
      p[2] = color[2];
    }
}

void blit(Image& dst, const Image& src, int x, int y) {
  for (int yy = 0; yy < src.height; ++yy) {
    const int ty = y + yy;
    if (ty < 0 || ty >= dst.height) continue;
    const int from = std::max(0, -x), to = std::min(src.width, dst.width - x);
    if (to <= from) continue;
    std::copy_n(src.pixel(from, yy), static_cast<std::size_t>(to - from) * 3, dst.pixel(x + from, ty));
  }
}

Image resize_image(const Image& src, int w, int h) {
  if (src.width == w && src.height == h) return src;
  Image out;
  out.width = w;
  out.height = h;
  out.rgb.resize(static_cast<std::size_t>(w) * h * 3);
  cv::Mat in(src.height, src.width, CV_8UC3, const_cast<uint8_t*>(src.rgb.data()));
  cv::Mat dst(h, w, CV_8UC3, out.rgb.data());
  cv::resize(in, dst, cv::Size(w, h), 0, 0, (w < src.width || h < src.height) ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

}  // namespace olis::io
