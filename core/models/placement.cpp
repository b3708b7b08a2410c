#include "core/models/placement.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/compat/torch_compat.h"

namespace olis::models {

Expected<torch::Device> parse_device(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (t == "cpu") return torch::Device(torch::kCPU);
  if (t == "cuda" || t == "gpu") return torch::Device(torch::kCUDA, 0);
  if (t.rfind("cuda:", 0) == 0) {
    try {
      return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(std::stoi(t.substr(5))));
    } catch (const std::exception&) {
    }
  }
  return fail("unknown device \"" + text + "\" (use cpu, cuda or cuda:N)");
}

Expected<torch::ScalarType> parse_dtype(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (t == "fp32" || t == "float32" || t == "float") return torch::kFloat32;
  if (t == "fp16" || t == "float16" || t == "half") return torch::kHalf;
  if (t == "bf16" || t == "bfloat16") return torch::kBFloat16;
  return fail("unknown dtype \"" + text + "\" (use fp32, fp16 or bf16)");
}

std::string dtype_name(torch::ScalarType dtype) {
  switch (dtype) {
    case torch::kFloat32: return "fp32";
    case torch::kHalf: return "fp16";
    case torch::kBFloat16: return "bf16";
    case torch::kFloat64: return "fp64";
    default: return c10::toString(dtype);
  }
}

Expected<Placement> parse_placement(const std::string& device, const std::string& dtype) {
  auto d = parse_device(device);
  if (!d) return tl::unexpected(d.error());
  auto t = parse_dtype(dtype);
  if (!t) return tl::unexpected(t.error());
  return Placement{*d, *t};
}

void require_supported(const Placement& p, const std::string& what) {
  if (p.device.is_cuda()) {
    if (!torch::cuda::is_available())
      throw Error(fmt::format("{}: CUDA was requested but {} (libtorch {}); use --device cpu", what,
                              torch::cuda::device_count() == 0 ? "no CUDA device is available" : "CUDA is unusable",
                              compat::torch_version()));
    if (p.device.has_index() && p.device.index() >= static_cast<int>(torch::cuda::device_count()))
      throw Error(fmt::format("{}: {} does not exist ({} CUDA devices)", what, p.device.str(),
                              torch::cuda::device_count()));
  } else if (!p.device.is_cpu()) {
    throw Error(fmt::format("{}: device {} is not supported (use cpu or cuda)", what, p.device.str()));
  }
  if (p.dtype != torch::kFloat32 && p.dtype != torch::kHalf && p.dtype != torch::kBFloat16)
    throw Error(fmt::format("{}: dtype {} is not supported (use fp32, fp16 or bf16)", what, dtype_name(p.dtype)));
  if (p.dtype == torch::kFloat32) return;
  std::string op = "setup";
  try {
    compat::InferenceGuard guard;
    auto o = p.options();
    auto x = torch::ones({1, 4, 4, 4}, o);
    op = "conv2d";
    (void)torch::conv2d(x, torch::ones({4, 4, 3, 3}, o), torch::zeros({4}, o), 1, 1);
    op = "group_norm";
    (void)torch::group_norm(x, 2, torch::ones({4}, o), torch::zeros({4}, o), 1e-5);
    op = "layer_norm";
    (void)torch::layer_norm(x, {4}, torch::ones({4}, o), torch::zeros({4}, o), 1e-5);
    op = "linear";
    (void)torch::nn::functional::linear(x, torch::ones({4, 4}, o));
    op = "matmul";
    (void)torch::matmul(x, x);
    op = "softmax";
    (void)torch::softmax(x, -1);
    op = "silu";
    (void)torch::silu(x);
    op = "upsample_nearest2d";
    (void)torch::upsample_nearest2d(x.to(p.dtype == torch::kBFloat16 ? torch::kFloat32 : p.dtype), {8, 8});
  } catch (const std::exception& e) {
    std::string msg = e.what();
    msg = msg.substr(0, msg.find('\n'));
    throw Error(fmt::format("{}: {} is not supported on {} by this libtorch ({}): {} failed ({}). Use {}", what,
                            dtype_name(p.dtype), p.device.str(), compat::torch_version(), op, msg,
                            p.device.is_cpu() ? "--dtype fp32 (or bf16) on CPU, or fp16 on a CUDA device"
                                              : "--dtype fp32 or bf16"));
  }
}

}  // namespace olis::models
