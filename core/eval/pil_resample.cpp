#include "core/eval/pil_resample.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/util/error.h"

namespace olis::eval {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;  // Pillow: 8 bits of result, 2 bits of headroom for overshoot

double pil_bicubic(double x) {
  constexpr double a = -0.5;
  x = std::fabs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}

// Per output pixel: first input index, number of taps, and integer weights (ksize slots each).
struct Taps {
  int ksize = 0;
  std::vector<int> first, count;
  std::vector<int32_t> weights;
};

Taps precompute_taps(int in_size, int out_size) {
  constexpr double kSupport = 2.0;
  // Pillow computes the box width in float (in1 - in0 with in0 = 0), then scales in double.
  const double scale = static_cast<double>(static_cast<float>(in_size)) / out_size;
  const double filterscale = std::max(scale, 1.0);
  const double support = kSupport * filterscale;
  Taps t;
  t.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
  t.first.resize(out_size);
  t.count.resize(out_size);
  t.weights.assign(static_cast<size_t>(out_size) * t.ksize, 0);
  std::vector<double> w(t.ksize);
  const double inv_filterscale = 1.0 / filterscale;
  for (int xx = 0; xx < out_size; ++xx) {
    const double center = (xx + 0.5) * scale;
    // Pillow "rounds" with a truncating int cast, then clamps.
    int xmin = static_cast<int>(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    int xmax = static_cast<int>(center + support + 0.5);
    if (xmax > in_size) xmax = in_size;
    xmax -= xmin;
    double ww = 0.0;
    for (int x = 0; x < xmax; ++x) {
      w[x] = pil_bicubic((x + xmin - center + 0.5) * inv_filterscale);
      ww += w[x];
    }
    for (int x = 0; x < xmax; ++x) {
      const double k = ww != 0.0 ? w[x] / ww : w[x];
      const double fixed = k * (1 << kPrecisionBits);
      t.weights[static_cast<size_t>(xx) * t.ksize + x] =
          static_cast<int32_t>(k < 0 ? -0.5 + fixed : 0.5 + fixed);
    }
    t.first[xx] = xmin;
    t.count[xx] = xmax;
  }
  return t;
}

inline uint8_t clip8(int32_t acc) {
  const int32_t v = acc >> kPrecisionBits;  // arithmetic shift, as in Pillow
  return static_cast<uint8_t>(std::clamp<int32_t>(v, 0, 255));
}

// src: [rows, in_w, C] -> dst: [rows, out_w, C]
void horizontal_pass(const uint8_t* src, int rows, int in_w, int c, uint8_t* dst, int out_w, const Taps& t) {
  for (int y = 0; y < rows; ++y) {
    const uint8_t* line = src + static_cast<size_t>(y) * in_w * c;
    uint8_t* out = dst + static_cast<size_t>(y) * out_w * c;
    for (int xx = 0; xx < out_w; ++xx) {
      const int32_t* k = &t.weights[static_cast<size_t>(xx) * t.ksize];
      const int x0 = t.first[xx], n = t.count[xx];
      for (int ch = 0; ch < c; ++ch) {
        int32_t acc = 1 << (kPrecisionBits - 1);
        for (int x = 0; x < n; ++x) acc += line[(x0 + x) * c + ch] * k[x];
        out[xx * c + ch] = clip8(acc);
      }
    }
  }
}

// src: [in_h, w, C] -> dst: [out_h, w, C]
void vertical_pass(const uint8_t* src, int w, int c, uint8_t* dst, int out_h, const Taps& t) {
  const size_t row = static_cast<size_t>(w) * c;
  for (int yy = 0; yy < out_h; ++yy) {
    const int32_t* k = &t.weights[static_cast<size_t>(yy) * t.ksize];
    const int y0 = t.first[yy], n = t.count[yy];
    uint8_t* out = dst + yy * row;
    for (size_t i = 0; i < row; ++i) {
      int32_t acc = 1 << (kPrecisionBits - 1);
      for (int y = 0; y < n; ++y) acc += src[(y0 + y) * row + i] * k[y];
      out[i] = clip8(acc);
    }
  }
}

torch::Tensor resize_pil(const torch::Tensor& img, int out_h, int out_w) {
  const int in_h = static_cast<int>(img.size(0)), in_w = static_cast<int>(img.size(1));
  const int c = static_cast<int>(img.size(2));
  if (in_h == out_h && in_w == out_w) return img.clone();
  torch::Tensor cur = img;
  Taps vert = precompute_taps(in_h, out_h);
  if (in_w != out_w) {
    // Only the source rows the vertical pass reads are resampled horizontally (as Pillow does).
    const int first_row = vert.first.front();
    const int last_row = vert.first.back() + vert.count.back();
    auto tmp = torch::empty({last_row - first_row, out_w, c}, torch::kUInt8);
    Taps horiz = precompute_taps(in_w, out_w);
    horizontal_pass(cur.data_ptr<uint8_t>() + static_cast<size_t>(first_row) * in_w * c, last_row - first_row, in_w,
                    c, tmp.data_ptr<uint8_t>(), out_w, horiz);
    for (auto& f : vert.first) f -= first_row;
    cur = tmp;
  }
  if (in_h != out_h) {
    auto out = torch::empty({out_h, out_w, c}, torch::kUInt8);
    vertical_pass(cur.data_ptr<uint8_t>(), out_w, c, out.data_ptr<uint8_t>(), out_h, vert);
    cur = out;
  }
  return cur;
}

torch::Tensor resize_opencv(const torch::Tensor& img, int out_h, int out_w) {
  const int c = static_cast<int>(img.size(2));
  cv::Mat src(static_cast<int>(img.size(0)), static_cast<int>(img.size(1)), CV_8UC(c), img.data_ptr<uint8_t>());
  auto out = torch::empty({out_h, out_w, c}, torch::kUInt8);
  cv::Mat dst(out_h, out_w, CV_8UC(c), out.data_ptr<uint8_t>());
  cv::resize(src, dst, cv::Size(out_w, out_h), 0, 0, cv::INTER_CUBIC);
  return out;
}

}  // namespace

torch::Tensor resize_u8(const torch::Tensor& image, int64_t out_h, int64_t out_w, ResampleFilter filter) {
  if (image.dim() != 3 || image.scalar_type() != torch::kUInt8 || image.size(2) < 1 || image.size(2) > 4)
    throw Error("resize: expected an 8-bit image [H, W, C] with 1 to 4 channels");
  if (out_h < 1 || out_w < 1 || image.size(0) < 1 || image.size(1) < 1)
    throw Error("resize: cannot resize an empty image or to an empty size");
  auto img = image.contiguous();
  if (filter == ResampleFilter::kOpenCvCubic) return resize_opencv(img, static_cast<int>(out_h), static_cast<int>(out_w));
  return resize_pil(img, static_cast<int>(out_h), static_cast<int>(out_w));
}

}  // namespace olis::eval
