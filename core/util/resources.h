#pragma once
// Where Olis finds the files it ships (resources/ in the source tree, share/olis when installed):
// the attribute pools (prompts/) and the CLIP BPE vocabulary (clip_tokenizer/).
#include <filesystem>

namespace olis {

// $OLIS_RESOURCES, else the source tree's resources/ (OLIS_RESOURCES_DIR) when it exists, else
// <exe dir>/../share/olis.
std::filesystem::path resources_dir();

}  // namespace olis
