#include "core/training/trainable_model.h"

#include "core/util/error.h"

namespace olis::training {

LatentMoments TrainableModel::encode_moments(const torch::Tensor&) {
  throw Error("this model does not expose its latent posterior");
}

torch::Tensor TrainableModel::sample_latents(const LatentMoments&) {
  throw Error("this model does not expose its latent posterior");
}

}  // namespace olis::training
