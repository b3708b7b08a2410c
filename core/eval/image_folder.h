#pragma once
// Image sets for evaluation: a folder of photos, or a folder of generated images with their prompts
// (a manifest.jsonl written by Olis' generation, or a prompts file).
#include <filesystem>
#include <string>
#include <vector>

#include <torch/types.h>

#include "core/util/error.h"

namespace olis::eval {

struct PromptedImage {
  std::filesystem::path path;
  std::string prompt;  // empty when unknown (CLIP-T then skips the image)
};

// Image files (jpg, jpeg, png, webp, bmp, tif, tiff) directly in `dir`, sorted by name.
Expected<std::vector<std::filesystem::path>> list_images(const std::filesystem::path& dir);

// Reads an image as uint8 RGB [H, W, 3] (core/io/image_io: EXIF orientation applied, alpha dropped).
Expected<torch::Tensor> load_rgb_image(const std::filesystem::path& path);

// A generated set. Prompts come from, in this order:
//   1. `prompts_file` when given: JSON Lines ({"path"|"image"|"file": ..., "prompt": ...}, relative paths
//      are relative to `dir`), or plain text with one prompt per line, where image "<i>_<anything>.<ext>"
//      (leading number i, 0-based) belongs to line i;
//   2. `dir`/manifest.jsonl in the JSON Lines format above;
//   3. none: every image of `dir`, without prompts.
Expected<std::vector<PromptedImage>> load_generated_set(const std::filesystem::path& dir,
                                                        const std::filesystem::path& prompts_file = {});

// Parses JSON Lines manifest text (blank lines skipped). `base` resolves relative paths.
Expected<std::vector<PromptedImage>> parse_manifest(const std::string& text, const std::filesystem::path& base,
                                                    const std::string& label);

}  // namespace olis::eval
