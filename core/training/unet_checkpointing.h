#pragma once
// Gradient checkpointing of a UNet: every resnet(+attention) layer of every block recomputes its
// activations in the backward pass instead of keeping them (memory for time, ~30% more compute).
#include "core/models/unet_2d_condition.h"

namespace olis::training {

void set_unet_gradient_checkpointing(models::UNet2DConditionModel& unet, bool on);

}  // namespace olis::training
