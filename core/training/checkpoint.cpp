#include "core/training/checkpoint.h"

#include <algorithm>
#include <cstdio>
#include <regex>

#include <ATen/CPUGeneratorImpl.h>

namespace olis::training {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSuffix = ".olisckpt.safetensors";
constexpr const char* kMetaKey = "olis_checkpoint";

torch::Tensor order_tensor(const std::vector<int32_t>& v) {
  return torch::tensor(std::vector<int64_t>(v.begin(), v.end()), torch::kInt64);
}

std::vector<int32_t> order_vector(const torch::Tensor& t) {
  auto c = t.to(torch::kInt64).contiguous();
  std::vector<int32_t> out(static_cast<std::size_t>(c.numel()));
  const auto* p = c.data_ptr<int64_t>();
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<int32_t>(p[i]);
  return out;
}

std::optional<int64_t> step_of(const fs::path& p) {
  static const std::regex re(R"(step-(\d+)\.olisckpt\.safetensors)");
  std::smatch m;
  const std::string name = p.filename().string();
  if (!std::regex_match(name, m, re)) return std::nullopt;
  return std::stoll(m[1].str());
}

}  // namespace

fs::path checkpoint_path(const fs::path& dir, int64_t step) {
  char name[64];
  std::snprintf(name, sizeof name, "step-%08lld%s", static_cast<long long>(step), kSuffix);
  return dir / name;
}

std::vector<CheckpointRef> list_checkpoints(const fs::path& dir) {
  std::vector<CheckpointRef> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    if (auto step = step_of(entry.path())) out.push_back({entry.path(), *step});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.step < b.step; });
  return out;
}

fs::path save_checkpoint(const fs::path& dir, const TrainingCheckpoint& ckpt, int keep_last,
                         const std::vector<int64_t>& keep_steps) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create the checkpoint folder " + dir.string() + ": " + ec.message());
  io::TensorMap all;
  for (const auto& [k, v] : ckpt.weights) all["weights/" + k] = v.detach();
  for (const auto& [k, v] : ckpt.optimizer) all["optim/" + k] = v.detach();
  if (ckpt.cpu_rng_state.defined()) all["rng/cpu"] = ckpt.cpu_rng_state;
  all["order/instance"] = order_tensor(ckpt.order.instance);
  all["order/reg"] = order_tensor(ckpt.order.reg);
  nlohmann::json meta = ckpt.meta;
  meta["step"] = ckpt.step;
  meta["seed"] = std::to_string(ckpt.seed);  // as text: JSON readers lose integers above 2^53
  meta["format"] = "olis-checkpoint/1";
  io::WriteOptions options;
  options.metadata[kMetaKey] = meta.dump();
  const fs::path path = checkpoint_path(dir, ckpt.step);
  io::save_safetensors(path, all, options);

  // Only after the new checkpoint is complete: drop old ones and leftovers of interrupted writes.
  auto existing = list_checkpoints(dir);
  const auto keep = static_cast<std::size_t>(std::max(1, keep_last));
  for (std::size_t i = 0; i + keep < existing.size(); ++i)
    if (std::find(keep_steps.begin(), keep_steps.end(), existing[i].step) == keep_steps.end()) fs::remove(existing[i].path, ec);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find(kSuffix) != std::string::npos && name.find(".tmp-") != std::string::npos) fs::remove(entry.path(), ec);
  }
  return path;
}

Expected<TrainingCheckpoint> load_checkpoint(const fs::path& path) {
  auto file = io::SafetensorsFile::open(path);
  if (!file) return tl::unexpected(file.error());
  const auto& md = (*file)->metadata();
  auto it = md.find(kMetaKey);
  if (it == md.end()) return fail(path.string() + " is not an Olis training checkpoint (no '" + kMetaKey + "' metadata)");
  TrainingCheckpoint c;
  try {
    c.meta = nlohmann::json::parse(it->second);
    c.step = c.meta.at("step").get<int64_t>();
    c.seed = std::stoull(c.meta.at("seed").get<std::string>());
  } catch (const std::exception& e) {
    return fail(path.string() + ": the checkpoint metadata is damaged (" + e.what() + ")");
  }
  for (const auto& name : (*file)->names()) {
    auto t = (*file)->tensor(name).clone();  // own the memory: the file may be deleted by keep-last
    if (name.rfind("weights/", 0) == 0) c.weights[name.substr(8)] = t;
    else if (name.rfind("optim/", 0) == 0) c.optimizer[name.substr(6)] = t;
    else if (name == "rng/cpu") c.cpu_rng_state = t;
    else if (name == "order/instance") c.order.instance = order_vector(t);
    else if (name == "order/reg") c.order.reg = order_vector(t);
  }
  if (c.order.instance.empty()) return fail(path.string() + ": the checkpoint has no data order");
  return c;
}

std::optional<TrainingCheckpoint> load_latest_checkpoint(const fs::path& dir, std::vector<std::string>* skipped) {
  auto all = list_checkpoints(dir);
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    auto c = load_checkpoint(it->path);
    if (c) return std::move(*c);
    if (skipped) skipped->push_back(c.error().message());
  }
  return std::nullopt;
}

torch::Tensor get_cpu_rng_state() {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return gen.get_state();
}

void set_cpu_rng_state(const torch::Tensor& state) {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
}

}  // namespace olis::training
