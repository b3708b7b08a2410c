#include "core/sampling/pipeline_loader.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "core/io/model_source.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/lora.h"
#include "core/models/pretrained.h"
#include "core/models/unet_2d_condition.h"
#include "core/text/clip_text_config.h"
#include "core/text/conditioner.h"
#include "core/text/word_embedding.h"
#include "core/util/json_util.h"

namespace olis::sampling {

namespace fs = std::filesystem;

struct TextToImagePipeline::Models {
  models::UNet2DConditionModel unet{nullptr};
  models::AutoencoderKL vae{nullptr};
  std::shared_ptr<text::TextStack> text;
  std::unique_ptr<text::Conditioner> conditioner;
  std::vector<std::shared_ptr<models::LoraNetwork>> loras;
  models::Placement placement;
  VaeDecodeMode vae_decode = VaeDecodeMode::Full;
};

TextToImagePipeline::~TextToImagePipeline() = default;

LoraSpec parse_lora_spec(const std::string& text) {
  LoraSpec spec;
  const auto colon = text.rfind(':');
  // A trailing ":<number>" is the scale; anything else (e.g. a Windows drive "C:\...") is part of the path.
  if (colon != std::string::npos && colon + 1 < text.size()) {
    const auto tail = text.substr(colon + 1);
    try {
      size_t used = 0;
      const double s = std::stod(tail, &used);
      if (used == tail.size()) {
        spec.path = text.substr(0, colon);
        spec.scale = s;
        return spec;
      }
    } catch (const std::exception&) {
    }
    if (tail.find_first_of("/\\") == std::string::npos && tail.find('.') == std::string::npos)
      throw Error(fmt::format("LoRA '{}': '{}' is not a scale; write FILE:0.8", text, tail));
  }
  spec.path = text;
  return spec;
}

SchedulerConfig default_scheduler_config(io::ModelFamily family, bool v_prediction) {
  nlohmann::json j = {{"beta_start", 0.00085},     {"beta_end", 0.012},      {"beta_schedule", "scaled_linear"},
                      {"clip_sample", false},       {"set_alpha_to_one", false}, {"steps_offset", 1},
                      {"num_train_timesteps", 1000}, {"prediction_type", v_prediction ? "v_prediction" : "epsilon"}};
  if (family == io::ModelFamily::SDXL) {
    j["_class_name"] = "EulerDiscreteScheduler";
    j["timestep_spacing"] = "leading";
    j["interpolation_type"] = "linear";
  } else {
    j["_class_name"] = "DDIMScheduler";
    j["timestep_spacing"] = "leading";
  }
  return scheduler_config_from_json(j, fmt::format("default {} scheduler", io::family_name(family)));
}

int TextToImagePipeline::default_size_px() const { return family_ == io::ModelFamily::SDXL ? 1024 : 512; }

std::shared_ptr<TextToImagePipeline> TextToImagePipeline::load(const fs::path& model, const PipelineLoadOptions& o) {
  models::require_supported(o.placement, model.string());
  // The LoRA files first (headers only, memory-mapped): a wrong file is reported before gigabytes load.
  std::vector<models::LoraFile> lora_files;
  for (const auto& spec : o.loras) lora_files.push_back(value_or_throw(models::read_lora(spec.path)));
  auto source = value_or_throw(io::ModelSource::open(model));
  const auto& info = source->info();
  if (info.family == io::ModelFamily::Unknown)
    throw Error(fmt::format("{}: cannot tell which Stable Diffusion version this is (SD 1.x, 2.x or SDXL)", model.string()));
  for (const char* c : {"unet", "vae", "text_encoder"})
    if (!source->has_component(c))
      throw Error(fmt::format("{}: the model has no {} (a text-to-image model needs unet, vae and text_encoder{})",
                              model.string(), c, info.family == io::ModelFamily::SDXL ? " and text_encoder_2" : ""));
  if (info.family == io::ModelFamily::SDXL && !source->has_component("text_encoder_2"))
    throw Error(fmt::format("{}: this SDXL model has no text_encoder_2", model.string()));

  std::shared_ptr<TextToImagePipeline> p(new TextToImagePipeline());
  p->family_ = info.family;
  p->models_ = std::make_unique<Models>();
  auto& m = *p->models_;
  m.placement = o.placement;
  m.vae_decode = o.vae_decode;
  const bool sdxl = info.family == io::ModelFamily::SDXL;

  // Text encoders (float32 on the CPU, where half-precision layer norms are missing; else the placement).
  text::TextStackOptions text_options;
  text_options.vocab_dir = o.vocab_dir;
  if (!o.config_dir.empty()) {
    for (const char* name : {"text_encoder", "text_encoder_2"}) {
      const auto cfg = o.config_dir / name / "config.json";
      if (!fs::exists(cfg)) continue;
      auto j = value_or_throw(load_json_file(cfg));
      text_options.configs[name] =
          text::clip_text_config_from_json(j, std::string(name) == "text_encoder_2", cfg.string());
    }
  }
  m.text = std::make_shared<text::TextStack>(value_or_throw(text::load_text_stack(*source, text_options)));
  // diffusers' SDXL pipeline defaults force_zeros_for_empty_prompt to true; single files have no
  // model_index.json to say otherwise.
  if (sdxl && !source->model_index()) m.text->force_zeros_for_empty_prompt = true;
  const auto text_dtype = o.placement.device.is_cpu() ? torch::kFloat32 : o.placement.dtype;
  for (auto& tower : m.text->towers) tower.encoder->to(o.placement.device, text_dtype);

  // UNet and VAE: config.json, or detected from the tensor shapes for single files.
  m.unet = models::load_unet(*source, o.placement);
  m.unet->eval();
  m.vae = models::load_vae(*source, o.placement);
  m.vae->eval();
  const auto& unet_config = m.unet->config();
  const auto& vae_config = m.vae->config();

  // Conditioning must fit the UNet it feeds.
  {
    int64_t context = 0;
    for (const auto& t : m.text->towers) context += t.encoder->config().hidden_size;
    for (int64_t expected : unet_config.cross_attention_dim)
      if (context != expected)
        throw Error(fmt::format("{}: the text encoders give {}-wide embeddings but the UNet expects cross_attention_dim "
                                "{}; the components do not belong to the same model",
                                model.string(), context, expected));
  }

  // LoRAs, merged into the weights (bound by module name; unmatched keys are an error naming the file).
  if (!o.loras.empty()) {
    std::vector<models::LoraTargetTree> trees{models::lora_target(m.unet)};
    for (auto& tower : m.text->towers) {
      if (tower.name == "text_encoder")
        trees.push_back({"text_encoder", {"lora_te", "lora_te1"}, tower.encoder.get(), {}});
      else
        trees.push_back({tower.name, {"lora_te2"}, tower.encoder.get(), {}});
    }
    auto log = [&o](const std::string& line) {
      spdlog::info("{}", line);
      if (o.on_log) o.on_log(line);
    };
    for (std::size_t i = 0; i < o.loras.size(); ++i) {
      const auto& spec = o.loras[i];
      const auto& file = lora_files[i];
      auto net = models::LoraNetwork::bind(file, trees);
      // The identifier's trained token rows travel with the LoRA: without them prompts with the identifier
      // run another model than the one trained.
      std::vector<std::string> warnings;
      const auto embeddings = text::embeddings_for_lora(spec.path, file.bundled_embeddings, file.metadata, warnings);
      for (const auto& e : embeddings) log("LoRA " + spec.path.filename().string() + ": " + text::apply_word_embedding(*m.text, e));
      for (const auto& w : warnings) log("warning: " + w);
      net->apply(models::LoraMode::Merged, spec.scale);
      p->components_.lora_notes.push_back(fmt::format("{}:{}", spec.path.stem().string(), spec.scale));
      m.loras.push_back(std::move(net));
    }
  }

  text::ConditionerOptions copts;
  copts.long_prompts = o.long_prompts;
  copts.clip_skip = o.clip_skip;
  m.conditioner = std::make_unique<text::Conditioner>(m.text, copts);

  // Scheduler: the model's config, or the family default for single files.
  SchedulerConfig sched;
  if (auto j = source->scheduler_config()) {
    sched = scheduler_config_from_json(*j, (model / "scheduler" / "scheduler_config.json").string());
  } else {
    sched = default_scheduler_config(info.family, info.prediction == io::PredictionType::VPrediction);
  }

  // Wire the models into the sampling loop. The Models object outlives every call (owned by the pipeline).
  Models* mp = &m;
  auto& c = p->components_;
  c.scheduler = sched;
  c.sdxl = sdxl;
  c.latent_space = sdxl ? LatentSpace::SDXL : LatentSpace::SD;
  c.latent_channels = unet_config.in_channels;
  c.vae_scaling_factor = vae_config.scaling_factor;
  c.device = o.placement.device;
  c.dtype = o.placement.dtype;
  c.model_name = fs::is_directory(model) ? model.filename().string() : model.stem().string();
  if (c.model_name.empty()) c.model_name = model.parent_path().filename().string();
  c.encode_prompt = [mp](const std::string& prompt, const std::string& negative, bool guided) {
    auto to_ours = [](const text::Conditioning& t) {
      Conditioning out;
      out.encoder_hidden_states = t.context;
      out.text_embeds = t.pooled;
      return out;
    };
    PromptConditioning r;
    if (guided) {
      // No negative prompt is "None" to diffusers: SDXL (force_zeros_for_empty_prompt) then uses zeros.
      auto g = mp->conditioner->encode_guided({prompt}, negative.empty() ? std::vector<std::string>{}
                                                                         : std::vector<std::string>{negative});
      r.cond = to_ours(g.cond);
      r.uncond = to_ours(g.uncond);
    } else {
      r.cond = to_ours(mp->conditioner->encode({prompt}));
    }
    return r;
  };
  c.denoise = [mp](const torch::Tensor& x, double t, const Conditioning& cond) {
    auto ts = torch::full({x.size(0)}, t, torch::TensorOptions().dtype(torch::kFloat32).device(x.device()));
    models::UNetAddedCond added;
    added.text_embeds = cond.text_embeds;
    added.time_ids = cond.time_ids;
    return mp->unet->forward(x, ts, cond.encoder_hidden_states, added);
  };
  c.decode = [mp](const torch::Tensor& latents) {
    auto z = latents.to(mp->placement.device, mp->placement.dtype);
    auto img = mp->vae_decode == VaeDecodeMode::Tiled ? mp->vae->decode_tiled(z) : mp->vae->decode(z);
    return img.to(torch::kFloat32);
  };
  spdlog::info("loaded {} ({}) on {} {}: sampler {}", model.string(), io::family_name(info.family),
               o.placement.device.str(), models::dtype_name(o.placement.dtype), scheduler_kind_name(sched.kind));
  return p;
}

GenerateResult TextToImagePipeline::generate(const GenerateParams& params, const GenerateCallbacks& callbacks,
                                             const CancelFlag& cancel) const {
  return sampling::generate(components_, params, callbacks, cancel);
}

}  // namespace olis::sampling
