#include "core/models/lora.h"

#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace olis::models {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string list_some(const std::vector<std::string>& items, size_t max_items = 15) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < max_items; ++i) s += "\n    " + items[i];
  if (items.size() > max_items) s += fmt::format("\n    ... and {} more", items.size() - max_items);
  return s;
}

std::string shape_str(c10::IntArrayRef s) { return c10::str(s); }

struct Partial {
  torch::Tensor down, up;
  double alpha = 0;
  std::vector<std::string> keys;
};

// Splits a diffusers/PEFT key into (component, module path, role); role is "down", "up" or "alpha".
bool parse_diffusers_key(std::string key, std::string& component, std::string& module, std::string& role) {
  const std::string peft_prefix = "base_model.model.";
  if (key.rfind(peft_prefix, 0) == 0) key = key.substr(peft_prefix.size());
  static const std::vector<std::pair<std::string, std::string>> suffixes = {
      {".lora.down.weight", "down"},          {".lora.up.weight", "up"},
      {".lora_linear_layer.down.weight", "down"}, {".lora_linear_layer.up.weight", "up"},
      {".lora_A.weight", "down"},             {".lora_B.weight", "up"},
      {".lora_A.default.weight", "down"},     {".lora_B.default.weight", "up"},
      {".lora_down.weight", "down"},          {".lora_up.weight", "up"},
      {".alpha", "alpha"}};
  std::string path;
  for (const auto& [suffix, r] : suffixes) {
    if (ends_with(key, suffix)) {
      path = key.substr(0, key.size() - suffix.size());
      role = r;
      break;
    }
  }
  if (path.empty()) return false;
  // Attention-processor layout: "<attn>.processor.to_q_lora" -> "<attn>.to_q", "to_out_lora" -> "to_out.0".
  auto proc = path.find(".processor.");
  if (proc != std::string::npos) {
    auto proj = path.substr(proc + 11);
    if (!ends_with(proj, "_lora")) return false;
    proj = proj.substr(0, proj.size() - 5);
    if (proj == "to_out") proj = "to_out.0";
    path = path.substr(0, proc) + "." + proj;
  }
  component = "unet";
  for (const char* c : {"unet", "text_encoder", "text_encoder_2"}) {
    const std::string p = std::string(c) + ".";
    if (path.rfind(p, 0) == 0) {
      component = c;
      path = path.substr(p.size());
      break;
    }
  }
  module = path;
  return true;
}

struct TargetInfo {
  std::string path;  // component.path
  torch::nn::Module* module = nullptr;
  LoraTarget* target = nullptr;
  torch::Tensor* weight = nullptr;
};

TargetInfo target_of(const std::string& path, torch::nn::Module* m) {
  TargetInfo t;
  t.path = path;
  t.module = m;
  if (auto* lt = dynamic_cast<LoraTarget*>(m)) {
    t.target = lt;
    t.weight = &lt->lora_base_weight();
  } else if (auto* l = dynamic_cast<torch::nn::LinearImpl*>(m)) {
    t.weight = &l->weight;
  } else if (auto* c = dynamic_cast<torch::nn::Conv2dImpl*>(m)) {
    t.weight = &c->weight;
  }
  return t;
}

// Reshapes down/up to the layout the weight needs (1x1 convs and Linears are interchangeable); false if they
// cannot fit.
bool fit_shapes(const torch::Tensor& weight, torch::Tensor& down, torch::Tensor& up) {
  if (weight.dim() == 2) {
    if (down.dim() == 4 && down.size(2) == 1 && down.size(3) == 1) down = down.flatten(1);
    if (up.dim() == 4 && up.size(2) == 1 && up.size(3) == 1) up = up.flatten(1);
    return down.dim() == 2 && up.dim() == 2 && up.size(1) == down.size(0) && up.size(0) == weight.size(0) &&
           down.size(1) == weight.size(1);
  }
  if (weight.dim() == 4) {
    if (down.dim() == 2) down = down.reshape({down.size(0), down.size(1), 1, 1});
    if (up.dim() == 2) up = up.reshape({up.size(0), up.size(1), 1, 1});
    return down.dim() == 4 && up.dim() == 4 && up.size(1) == down.size(0) && up.size(0) == weight.size(0) &&
           down.size(1) == weight.size(1) && down.size(2) == weight.size(2) && down.size(3) == weight.size(3) &&
           up.size(2) == 1 && up.size(3) == 1;
  }
  return false;
}

}  // namespace

std::string to_string(LoraFormat f) {
  switch (f) {
    case LoraFormat::Diffusers: return "diffusers";
    case LoraFormat::Peft: return "peft";
    default: return "kohya";
  }
}

std::string kohya_name(const std::string& prefix, const std::string& module_path) {
  std::string s = module_path;
  for (auto& ch : s)
    if (ch == '.') ch = '_';
  return prefix + "_" + s;
}

LoraFile parse_lora(const io::TensorMap& tensors, const std::string& source) {
  LoraFile file;
  file.path = source;
  std::map<std::pair<std::string, std::string>, Partial> groups;
  std::vector<std::string> unknown;
  bool any_kohya = false, any_peft = false;
  for (const auto& [key, t] : tensors) {
    if (key.rfind("bundle_emb.", 0) == 0) {
      file.bundled_embeddings[key] = t;
      continue;
    }
    if (key.rfind("lora_unet_", 0) == 0 || key.rfind("lora_te", 0) == 0) {
      any_kohya = true;
      auto dot = key.find('.');
      const auto base = key.substr(0, dot);
      const auto suffix = dot == std::string::npos ? std::string() : key.substr(dot + 1);
      auto& g = groups[{"", base}];
      g.keys.push_back(key);
      if (suffix == "lora_down.weight") g.down = t;
      else if (suffix == "lora_up.weight") g.up = t;
      else if (suffix == "alpha") g.alpha = t.to(torch::kFloat64).item<double>();
      else unknown.push_back(key);
      continue;
    }
    std::string component, module, role;
    if (!parse_diffusers_key(key, component, module, role)) {
      unknown.push_back(key);
      continue;
    }
    if (key.find(".lora_A.") != std::string::npos || key.find(".lora_B.") != std::string::npos) any_peft = true;
    auto& g = groups[{component, module}];
    g.keys.push_back(key);
    if (role == "down") g.down = t;
    else if (role == "up") g.up = t;
    else g.alpha = t.to(torch::kFloat64).item<double>();
  }
  if (!unknown.empty())
    throw Error(fmt::format("LoRA file {}: {} keys are not LoRA weights Olis understands (supported: diffusers "
                            "lora.down/up, PEFT lora_A/lora_B, kohya lora_down/lora_up/alpha; not LoHa/LoKr/DoRA):{}",
                            source, unknown.size(), list_some(unknown)));
  std::vector<std::string> broken;
  for (auto& [id, g] : groups) {
    if (!g.down.defined() || !g.up.defined()) {
      broken.push_back(fmt::format("{}: has {} but no {}", id.second, g.down.defined() ? "down" : "up",
                                   g.down.defined() ? "up" : "down"));
      continue;
    }
    if (g.up.dim() < 2 || g.down.dim() < 2 || g.up.size(1) != g.down.size(0)) {
      broken.push_back(fmt::format("{}: up {} and down {} do not chain", id.second, shape_str(g.up.sizes()),
                                   shape_str(g.down.sizes())));
      continue;
    }
    LoraEntry e;
    e.component = id.first;
    e.name = id.second;
    e.down = g.down;
    e.up = g.up;
    e.alpha = g.alpha;
    file.entries.push_back(std::move(e));
  }
  if (!broken.empty())
    throw Error(fmt::format("LoRA file {}: {} incomplete entries:{}", source, broken.size(), list_some(broken)));
  if (file.entries.empty()) throw Error(fmt::format("LoRA file {} holds no LoRA weights", source));
  file.format = any_kohya ? LoraFormat::Kohya : any_peft ? LoraFormat::Peft : LoraFormat::Diffusers;
  return file;
}

Expected<LoraFile> read_lora(const std::filesystem::path& path) {
  auto st = io::SafetensorsFile::open(path);
  if (!st) return tl::unexpected(st.error());
  try {
    io::TensorMap tensors;
    for (const auto& name : (*st)->names()) tensors[name] = (*st)->tensor(name);
    auto f = parse_lora(tensors, path.string());
    f.path = path;
    f.metadata = (*st)->metadata();
    return f;
  } catch (const Error& e) {
    return fail(e.what());
  }
}

std::shared_ptr<LoraNetwork> LoraNetwork::bind(const LoraFile& file, const std::vector<LoraTargetTree>& trees) {
  std::map<std::string, TargetInfo> by_diffusers, by_kohya;
  for (const auto& tree : trees) {
    if (!tree.root) continue;
    for (const auto& item : tree.root->named_modules("", false)) {
      auto info = target_of(tree.component + "." + item.key(), item.value().get());
      if (!info.weight) continue;
      by_diffusers[info.path] = info;
      std::vector<std::string> names{item.key()};
      if (tree.aliases)
        for (auto& a : tree.aliases(item.key())) names.push_back(a);
      for (const auto& prefix : tree.kohya_prefixes)
        for (const auto& n : names) by_kohya.emplace(kohya_name(prefix, n), info);
    }
  }
  auto net = std::shared_ptr<LoraNetwork>(new LoraNetwork());
  net->path_ = file.path;
  std::vector<std::string> unmatched, mismatched, twice;
  std::set<torch::nn::Module*> seen;
  for (const auto& e : file.entries) {
    const TargetInfo* info = nullptr;
    if (e.component.empty()) {
      auto it = by_kohya.find(e.name);
      if (it != by_kohya.end()) info = &it->second;
    } else {
      auto it = by_diffusers.find(e.component + "." + e.name);
      if (it != by_diffusers.end()) info = &it->second;
    }
    const std::string label = e.component.empty() ? e.name : e.component + "." + e.name;
    if (!info) {
      unmatched.push_back(label);
      continue;
    }
    auto down = e.down, up = e.up;
    if (!fit_shapes(*info->weight, down, up)) {
      mismatched.push_back(fmt::format("{}: up {} @ down {} does not fit the weight {} of {}", label,
                                       shape_str(e.up.sizes()), shape_str(e.down.sizes()),
                                       shape_str(info->weight->sizes()), info->path));
      continue;
    }
    if (!seen.insert(info->module).second) {
      twice.push_back(label + " -> " + info->path);
      continue;
    }
    Binding b;
    b.module_path = info->path;
    b.module = info->module;
    b.target = info->target;
    b.weight = info->weight;
    b.adapter = std::make_shared<LoraAdapter>();
    b.adapter->down = down;
    b.adapter->up = up;
    b.adapter->multiplier = e.multiplier();
    b.adapter->scale = net->scale_;
    net->bindings_.push_back(std::move(b));
  }
  if (!unmatched.empty() || !mismatched.empty() || !twice.empty()) {
    std::string msg = fmt::format("LoRA file {} does not fit this model (is it a LoRA for another model?)",
                                  file.path.string());
    if (!unmatched.empty())
      msg += fmt::format("\n  {} of {} entries match no module:{}", unmatched.size(), file.entries.size(),
                         list_some(unmatched));
    if (!mismatched.empty()) msg += fmt::format("\n  {} shape mismatches:{}", mismatched.size(), list_some(mismatched));
    if (!twice.empty()) msg += fmt::format("\n  {} entries adapt a module twice:{}", twice.size(), list_some(twice));
    throw Error(msg);
  }
  return net;
}

void LoraNetwork::merge(double factor) {
  torch::NoGradGuard no_grad;
  for (auto& b : bindings_) {
    auto& w = *b.weight;
    const auto& a = *b.adapter;
    auto delta = torch::matmul(a.up.flatten(1).to(w.device(), torch::kFloat32),
                               a.down.flatten(1).to(w.device(), torch::kFloat32))
                     .reshape(w.sizes()) *
                 (a.multiplier * factor);
    if (w.scalar_type() == torch::kFloat32) {
      w.add_(delta);
    } else {
      w.copy_((w.to(torch::kFloat32) + delta).to(w.scalar_type()));
    }
  }
}

void LoraNetwork::apply(LoraMode mode, double scale) {
  if (applied_) remove();
  mode_ = mode;
  if (mode == LoraMode::Runtime) {
    std::vector<std::string> plain;
    for (auto& b : bindings_)
      if (!b.target) plain.push_back(b.module_path);
    if (!plain.empty())
      throw Error(fmt::format("LoRA {}: {} modules are plain torch layers that cannot carry un-merged LoRA; apply it "
                              "merged instead:{}",
                              path_.string(), plain.size(), list_some(plain)));
    scale_->value = scale;
    for (auto& b : bindings_) {
      auto& a = *b.adapter;
      a.down = a.down.to(b.weight->device(), b.weight->scalar_type());
      a.up = a.up.to(b.weight->device(), b.weight->scalar_type());
      b.target->attach_lora(b.adapter);
    }
  } else {
    merge(scale);
    merged_scale_ = scale;
    scale_->value = scale;
  }
  applied_ = true;
}

void LoraNetwork::set_scale(double scale) {
  if (applied_ && mode_ == LoraMode::Merged) {
    merge(scale - merged_scale_);
    merged_scale_ = scale;
  }
  scale_->value = scale;
}

void LoraNetwork::remove() {
  if (!applied_) return;
  if (mode_ == LoraMode::Runtime) {
    for (auto& b : bindings_) b.target->detach_lora(b.adapter.get());
  } else {
    merge(-merged_scale_);
    merged_scale_ = 0;
  }
  applied_ = false;
}

std::shared_ptr<TrainableLora> TrainableLora::inject(const std::vector<LoraTargetTree>& trees,
                                                     const LoraTrainOptions& o) {
  if (o.rank <= 0) throw Error(fmt::format("LoRA rank must be positive, got {}", o.rank));
  auto lora = std::make_shared<TrainableLora>();
  lora->alpha_ = o.alpha;
  auto gen = at::detail::createCPUGenerator(o.seed);
  for (const auto& tree : trees) {
    if (!tree.root) continue;
    for (const auto& item : tree.root->named_modules("", false)) {
      auto* target = dynamic_cast<LoraTarget*>(item.value().get());
      if (!target) continue;
      const auto& path = item.key();
      bool chosen = o.module_suffixes.empty() && target->lora_base_weight().dim() == 2;
      for (const auto& s : o.module_suffixes) chosen = chosen || path == s || ends_with(path, "." + s);
      if (!chosen) continue;
      const auto& w = target->lora_base_weight();
      const int64_t in = w.size(1);
      const int64_t fan_in = w.numel() / w.size(0);
      std::vector<int64_t> down_shape{o.rank, in}, up_shape{w.size(0), o.rank};
      if (w.dim() == 4) {
        down_shape = {o.rank, in, w.size(2), w.size(3)};
        up_shape = {w.size(0), o.rank, 1, 1};
      }
      const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));  // kaiming_uniform(a=sqrt(5))
      auto adapter = std::make_shared<LoraAdapter>();
      adapter->down = at::empty(down_shape, torch::kFloat32).uniform_(-bound, bound, gen)
                          .to(w.device(), o.dtype).set_requires_grad(true);
      adapter->up = torch::zeros(up_shape, torch::TensorOptions().device(w.device()).dtype(o.dtype))
                        .set_requires_grad(true);
      adapter->multiplier = o.alpha / static_cast<double>(o.rank);
      target->attach_lora(adapter);
      Item it;
      it.component = tree.component;
      it.path = path;
      it.kohya_prefix = tree.kohya_prefixes.empty() ? "lora_" + tree.component : tree.kohya_prefixes.front();
      it.target = target;
      it.adapter = adapter;
      lora->modules_.push_back(std::move(it));
    }
  }
  if (lora->modules_.empty()) throw Error("LoRA training: no layer of the model matches the chosen module names");
  return lora;
}

TrainableLora::~TrainableLora() { detach_all(); }

void TrainableLora::detach_all() {
  for (auto& m : modules_) m.target->detach_lora(m.adapter.get());
  modules_.clear();
}

std::vector<torch::Tensor> TrainableLora::parameters() const {
  std::vector<torch::Tensor> out;
  for (const auto& m : modules_) {
    out.push_back(m.adapter->down);
    out.push_back(m.adapter->up);
  }
  return out;
}

void TrainableLora::save(const std::filesystem::path& path, LoraFormat format) const {
  io::TensorMap t;
  for (const auto& m : modules_) {
    auto down = m.adapter->down.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    auto up = m.adapter->up.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    const double mult = m.adapter->multiplier;
    if (format == LoraFormat::Kohya) {
      const auto base = kohya_name(m.kohya_prefix, m.path);
      t[base + ".lora_down.weight"] = down;
      t[base + ".lora_up.weight"] = up;
      t[base + ".alpha"] = torch::tensor(static_cast<float>(alpha_));
    } else {
      // These formats carry no alpha (multiplier 1 on load): fold alpha/rank into up.
      if (mult != 1.0) up = (up * mult).contiguous();
      const auto base = m.component + "." + m.path;
      const bool peft = format == LoraFormat::Peft;
      t[base + (peft ? ".lora_A.weight" : ".lora.down.weight")] = down;
      t[base + (peft ? ".lora_B.weight" : ".lora.up.weight")] = up;
    }
  }
  io::WriteOptions w;
  w.metadata["format"] = "pt";
  w.metadata["olis_lora_format"] = to_string(format);
  io::save_safetensors(path, t, w);
}

}  // namespace olis::models
