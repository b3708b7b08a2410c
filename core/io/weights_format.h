#pragma once
// Recognises weight file formats and refuses unsafe ones. Pickle-based checkpoints (.ckpt, .bin, .pt,
// .pth) can run arbitrary code when loaded, so Olis never loads them.
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

}  // namespace olis::io
