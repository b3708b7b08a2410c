#include "core/training/trainable_model.h"

namespace olis::training {

const char* to_string(TrainMode mode) { return mode == TrainMode::Lora ? "lora" : "full"; }

}  // namespace olis::training
