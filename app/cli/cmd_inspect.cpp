// olis-cli inspect FILE|DIR: what a weights file or model folder holds. The first thing to run when a
// model does not load.
#include <iostream>

#include <fmt/format.h>

#include "app/cli/command.h"
#include "core/io/model_source.h"
#include "core/io/safetensors.h"
#include "core/io/weights_format.h"

namespace {

namespace fs = std::filesystem;

std::string guess_file_kind(const std::vector<olis::io::TensorInfo>& tensors) {
  bool lora = false, unet = false, vae = false, text = false;
  for (const auto& t : tensors) {
    const auto& n = t.name;
    if (n.find("lora_down") != std::string::npos || n.find("lora_A") != std::string::npos ||
        n.find(".lora.") != std::string::npos || n.rfind("lora_", 0) == 0)
      lora = true;
    if (n.rfind("down_blocks.", 0) == 0 && n.find("attentions") != std::string::npos) unet = true;
    if (n.rfind("encoder.down_blocks.", 0) == 0 || n.rfind("decoder.up_blocks.", 0) == 0) vae = true;
    if (n.rfind("text_model.", 0) == 0) text = true;
  }
  if (lora) return "LoRA weights";
  if (unet) return "a diffusers UNet component";
  if (vae) return "a diffusers VAE component";
  if (text) return "a CLIP text encoder component";
  return "tensors of unknown purpose";
}

int inspect_plain_file(const fs::path& path) {
  auto file = olis::io::SafetensorsFile::open(path);
  if (!file) {
    std::cerr << "error: " << file.error().what() << "\n";
    return 1;
  }
  const auto& tensors = (*file)->tensors();
  std::map<std::string, std::size_t> dtypes;
  int64_t params = 0;
  for (const auto& t : tensors) {
    dtypes[std::string(olis::io::dtype_name(t.dtype))]++;
    params += t.numel();
  }
  std::cout << fmt::format("path        {}\nlayout      single safetensors file: {}\n", path.string(),
                           guess_file_kind(tensors));
  std::string dt;
  for (const auto& [d, n] : dtypes) dt += fmt::format("{}{} x{}", dt.empty() ? "" : ", ", d, n);
  std::cout << fmt::format("tensors     {}  ({:.2f}M parameters)  {}\n", tensors.size(), params / 1e6, dt);
  for (const auto& [k, v] : (*file)->metadata())
    std::cout << fmt::format("metadata    {} = {}\n", k, v.size() > 120 ? v.substr(0, 117) + "..." : v);
  return 0;
}

olis::cli::Registrar reg{"inspect", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("inspect", "Show what a weights file or model folder holds");
  auto path = std::make_shared<std::string>();
  auto list = std::make_shared<bool>(false);
  cmd->add_option("path", *path, "A diffusers model folder or a .safetensors file")->required();
  cmd->add_flag("--list-ignored", *list, "List every single-file key that no component uses");
  cmd->callback([&ctx, path, list] {
    ctx.exit_code = olis::cli::run_guarded([&] {
      const fs::path p(*path);
      std::error_code ec;
      if (!fs::exists(p, ec)) {
        std::cerr << "error: " << p.string() << ": no such file or folder\n";
        return 1;
      }
      if (!fs::is_directory(p, ec)) {
        auto format = olis::io::check_weights_file(p);
        if (!format) {
          std::cerr << "error: " << format.error().what() << "\n";
          return 1;
        }
      }
      auto model = olis::io::ModelSource::open(p);
      if (!model) {
        // A file that is not a whole checkpoint (a LoRA, one component) is still worth describing.
        if (!fs::is_directory(p, ec)) {
          auto header = olis::io::SafetensorsFile::open(p);
          if (header) return inspect_plain_file(p);
        }
        std::cerr << "error: " << model.error().what() << "\n";
        return 1;
      }
      std::cout << olis::io::format_model_info((*model)->info());
      if (*list)
        for (const auto& k : (*model)->info().ignored_keys) std::cout << "  ignored " << k << "\n";
      return 0;
    });
  });
}};

}  // namespace
