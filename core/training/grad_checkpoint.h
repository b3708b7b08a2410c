#pragma once
// Gradient checkpointing (activation recomputation) for libtorch, which has no torch.utils.checkpoint.
// checkpointed(fn, inputs) runs fn without recording a graph and attaches one autograd node to its
// outputs. In the backward pass that node reruns fn with grad enabled on the saved inputs (restoring the
// random generator state of the first run, so dropout draws the same mask), back-propagates the incoming
// gradients through the recomputed graph (this accumulates the gradients of parameters used by fn) and
// hands the gradients of the inputs on. Memory: only the inputs of each checkpointed block are kept.
//
// The outputs require grad even when no input does (e.g. LoRA: the first block's input comes from a
// frozen layer), so parameters inside fn still get gradients.
#include <functional>
#include <vector>

#include <torch/torch.h>

namespace olis::training {

using BlockFunction = std::function<std::vector<torch::Tensor>(const std::vector<torch::Tensor>& inputs)>;

// Outside grad mode this is fn(inputs). Undefined inputs are passed through as undefined.
std::vector<torch::Tensor> checkpointed(const BlockFunction& fn, const std::vector<torch::Tensor>& inputs);

// Single-tensor convenience.
torch::Tensor checkpointed(const std::function<torch::Tensor(const torch::Tensor&)>& fn, const torch::Tensor& input);

}  // namespace olis::training
