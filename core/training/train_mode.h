#pragma once
// What a training run adapts (torch-free, so that settings files can be read without libtorch).
namespace olis::training {

enum class TrainMode { Full, Lora };
inline const char* to_string(TrainMode mode) { return mode == TrainMode::Lora ? "lora" : "full"; }

}  // namespace olis::training
