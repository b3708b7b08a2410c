#pragma once
// Detects what a model path holds, for the model pickers: a base model (diffusers folder or single
// .safetensors; SD1.x/SD2.x/SDXL, through core/io/model_source.h), or a metric model of the sweep (a CLIP
// folder: vision tower for CLIP-I, text tower for CLIP-T; a DINO ViT). Reads file headers only, but still
// touches the disk: call it off the UI thread.
#include <QString>

namespace olis::ui {

enum class ModelRole { BaseModel, Clip, Dino };

struct DetectedModel {
  bool ok = false;
  QString summary;  // "SDXL, single file, epsilon" (for people)
  QString error;    // why the path cannot be used
  QString note;     // what works but is worth knowing (e.g. CLIP without a text tower: no CLIP-T)
};

DetectedModel detectModel(const QString& path, ModelRole role = ModelRole::BaseModel);

}  // namespace olis::ui
