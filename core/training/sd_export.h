#pragma once
// Export of a full fine-tune: a diffusers folder (<dir>/diffusers: model_index.json, unet/, vae/,
// text_encoder*/, tokenizer*/, scheduler/) and one CompVis single file (<dir>/model.safetensors), both
// readable by io::ModelSource and the model loaders.
#include <filesystem>
#include <vector>

#include "core/training/trainable_model.h"

namespace olis::training {

class SdTrainableModel;

// `metadata` goes into the __metadata__ of every file written.
std::vector<ExportedFile> export_full_finetune(SdTrainableModel& model, const std::filesystem::path& dir,
                                               const ExportMetadata& metadata);

}  // namespace olis::training
