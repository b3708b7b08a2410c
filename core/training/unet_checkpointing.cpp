#include "core/training/unet_checkpointing.h"

#include "core/training/grad_checkpoint.h"

namespace olis::training {

void set_unet_gradient_checkpointing(models::UNet2DConditionModel& unet, bool on) {
  models::LayerRunner runner;
  if (on)
    runner = [](const models::LayerFunction& layer, const std::vector<torch::Tensor>& inputs) {
      return checkpointed([layer](const std::vector<torch::Tensor>& in) { return std::vector<torch::Tensor>{layer(in)}; },
                          inputs)[0];
    };
  for (auto& b : unet->down_list) b->layer_runner = runner;
  for (auto& b : unet->up_list) b->layer_runner = runner;
  if (unet->mid_block) unet->mid_block->layer_runner = runner;
}

}  // namespace olis::training
