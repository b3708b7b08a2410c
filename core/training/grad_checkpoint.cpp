#include "core/training/grad_checkpoint.h"

#include <memory>
#include <mutex>

#include <ATen/Context.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/utils.h>

#include "core/compat/torch_compat.h"
#include "core/util/error.h"

namespace olis::training {

namespace {

using torch::autograd::variable_list;

at::Generator generator_for(const std::vector<torch::Tensor>& inputs) {
  for (const auto& t : inputs)
    if (t.defined() && !t.device().is_cpu()) return at::globalContext().defaultGenerator(t.device());
  return at::detail::getDefaultCPUGenerator();
}

torch::Tensor rng_state(at::Generator& gen) {
  std::lock_guard<std::mutex> lock(gen.mutex());
  return gen.get_state();
}

void set_rng_state(at::Generator& gen, const torch::Tensor& state) {
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
}

struct CheckpointBackward : public torch::autograd::Node {
  BlockFunction fn;
  std::vector<torch::Tensor> inputs;  // detached
  std::vector<bool> input_needs_grad;
  std::vector<std::size_t> graph_outputs;  // index into fn's outputs of the node's k-th gradient input
  at::Generator generator;
  torch::Tensor generator_state;

  variable_list apply(variable_list&& grads) override {
    std::vector<torch::Tensor> x;
    x.reserve(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!inputs[i].defined()) { x.emplace_back(); continue; }
      auto xi = inputs[i].detach();
      if (input_needs_grad[i]) xi.requires_grad_(true);
      x.push_back(xi);
    }
    std::vector<torch::Tensor> outputs;
    {
      torch::AutoGradMode enable(true);
      auto current = rng_state(generator);
      set_rng_state(generator, generator_state);
      outputs = fn(x);
      set_rng_state(generator, current);
    }
    std::vector<torch::Tensor> roots, root_grads;
    for (std::size_t k = 0; k < graph_outputs.size() && k < grads.size(); ++k) {
      const auto i = graph_outputs[k];
      if (i >= outputs.size() || !outputs[i].defined() || !outputs[i].requires_grad() || !grads[k].defined()) continue;
      roots.push_back(outputs[i]);
      root_grads.push_back(grads[k]);
    }
    if (!roots.empty()) {
      torch::AutoGradMode enable(true);
      torch::autograd::backward(roots, root_grads);
    }
    variable_list result;
    result.reserve(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      result.push_back(x[i].defined() && input_needs_grad[i] ? x[i].grad() : torch::Tensor());
    inputs.clear();  // free the saved activations once used
    return result;
  }
};

}  // namespace

std::vector<torch::Tensor> checkpointed(const BlockFunction& fn, const std::vector<torch::Tensor>& inputs) {
  if (!torch::GradMode::is_enabled()) return fn(inputs);
  auto node = compat::make_node<CheckpointBackward>();  // shared_ptr before PyTorch 2.14, intrusive_ptr after
  node->fn = fn;
  node->generator = generator_for(inputs);
  node->generator_state = rng_state(node->generator);
  std::vector<torch::Tensor> outputs;
  {
    torch::NoGradGuard no_grad;
    outputs = fn(inputs);
  }
  for (const auto& t : inputs) {
    node->inputs.push_back(t.defined() ? t.detach() : torch::Tensor());
    node->input_needs_grad.push_back(t.defined() && t.requires_grad());
  }
  node->set_next_edges(torch::autograd::collect_next_edges(inputs));
  std::vector<torch::Tensor> attached;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& out = outputs[i];
    if (!out.defined() || !out.is_floating_point()) {
      attached.push_back(out);
      continue;
    }
    // A fresh tensor sharing storage, so that an output which aliases an input does not rewrite that
    // input's history.
    auto view = out.detach();
    torch::autograd::create_gradient_edge(view, node);
    node->graph_outputs.push_back(i);
    attached.push_back(view);
  }
  return attached;
}

torch::Tensor checkpointed(const std::function<torch::Tensor(const torch::Tensor&)>& fn, const torch::Tensor& input) {
  auto outs = checkpointed([fn](const std::vector<torch::Tensor>& x) { return std::vector<torch::Tensor>{fn(x[0])}; },
                           std::vector<torch::Tensor>{input});
  return outs[0];
}

}  // namespace olis::training
