#include "core/sampling/latent_preview.h"

#include <torch/torch.h>

namespace olis::sampling {

io::Image latent_preview(const torch::Tensor& latents, LatentSpace space) {
  auto x = latents.dim() == 4 ? latents[0] : latents;
  if (x.dim() != 3 || x.size(0) != 4) throw Error("latent_preview: expected [4, h, w] latents, got " + c10::str(latents.sizes()));
  // Least-squares fits of VAE-decoded RGB on latent channels (the factors A1111's "Approx cheap" preview
  // and ComfyUI's latent previewer use). Rows: latent channel; columns: R, G, B in [-1, 1].
  static const float kSD[4][3] = {{0.298f, 0.207f, 0.208f}, {0.187f, 0.286f, 0.173f},
                                  {-0.158f, 0.189f, 0.264f}, {-0.184f, -0.271f, -0.473f}};
  static const float kSDXL[4][3] = {{0.3920f, 0.4054f, 0.4549f}, {-0.2634f, -0.0196f, 0.0653f},
                                    {0.0568f, 0.1687f, -0.0755f}, {-0.3112f, -0.2359f, -0.2076f}};
  const auto& f = space == LatentSpace::SDXL ? kSDXL : kSD;
  auto factors = torch::from_blob(const_cast<float*>(&f[0][0]), {4, 3}, torch::kFloat32).clone();
  auto rgb = torch::einsum("chw,cr->rhw", {x.detach().to(torch::kCPU, torch::kFloat32), factors});
  return io::tensor_to_image(rgb);
}

}  // namespace olis::sampling
