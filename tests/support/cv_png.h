#pragma once
// Tests draw their photos with OpenCV (core + imgproc) and save them through Olis' own PNG writer.
#include <cstring>
#include <filesystem>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/io/image_io.h"

namespace olis::test {

// bgr: CV_8UC3, as OpenCV draws. Throws olis::Error when the file cannot be written.
inline void write_png(const std::filesystem::path& path, const cv::Mat& bgr) {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  io::Image img;
  img.width = rgb.cols;
  img.height = rgb.rows;
  img.rgb.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 3);
  for (int y = 0; y < rgb.rows; ++y) std::memcpy(img.pixel(0, y), rgb.ptr<uint8_t>(y), static_cast<size_t>(img.width) * 3);
  io::save_png(path, img);
}

}  // namespace olis::test
