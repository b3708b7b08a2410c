#pragma once
// Detects what a base model path holds (diffusers folder or single .safetensors; SD1.x/SD2.x/SDXL) using
// core/io/model_source.h. Reads file headers only, but still touches the disk: call it off the UI thread.
#include <QString>

namespace olis::ui {

struct DetectedModel {
  bool ok = false;
  QString summary;  // "SDXL, diffusers folder, v_prediction" (for people)
  QString error;    // why the path cannot be used
};

DetectedModel detectModel(const QString& path);

}  // namespace olis::ui
