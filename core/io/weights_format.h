#pragma once
// Recognises weight file formats and refuses unsafe ones. Pickle-based checkpoints (.ckpt, .bin, .pt,
// .pth) can run arbitrary code when loaded, so Olis never loads them.
#include <cstddef>
#include <filesystem>
#include <string>

#include "core/util/error.h"

namespace olis::io {

enum class WeightsFormat { Safetensors, SafetensorsIndex, Pickle, Unknown };

// Looks at the extension and the first bytes (pickle protocol marker, zip magic of torch.save).
WeightsFormat sniff_weights_format(const std::filesystem::path& path);

// Ok for safetensors; a message explaining the risk and the conversion for pickle; an error otherwise.
Expected<WeightsFormat> check_weights_file(const std::filesystem::path& path);

std::string pickle_refusal_message(const std::filesystem::path& path);

// The pieces of the sniffing, for readers that already hold the first bytes (the safetensors reader turns
// "the header claims 8 exabytes" into the pickle explanation with them).
bool has_pickle_extension(const std::filesystem::path& path);      // .ckpt .pt .pth .bin .pkl .pickle
bool starts_like_pickle(const unsigned char* head, std::size_t n);  // pickle PROTO or torch.save's zip magic

// For a folder without the .safetensors file a loader wants: the pickle explanation when the folder holds a
// pickle weights file (e.g. pytorch_model.bin), else `otherwise`.
std::string missing_safetensors_message(const std::filesystem::path& folder, const std::string& otherwise);

}  // namespace olis::io
