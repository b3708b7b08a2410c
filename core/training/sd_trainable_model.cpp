#include "core/training/sd_trainable_model.h"

#include <fmt/format.h>

#include "core/io/ldm_names.h"
#include "core/models/state_dict.h"
#include "core/sampling/text_to_image.h"
#include "core/training/unet_checkpointing.h"
#include "core/training/sd_export.h"
#include "core/util/error.h"

namespace olis::training {

namespace fs = std::filesystem;

namespace {

NoiseScheduleConfig default_noise(io::PredictionType p) {
  NoiseScheduleConfig c;
  c.prediction = p;
  return c;
}

sampling::SchedulerConfig default_scheduler() {
  // SD's DDIM settings (what every SD 1.x/2.x/SDXL scheduler_config.json holds apart from the class).
  nlohmann::json j{{"_class_name", "DDIMScheduler"}, {"num_train_timesteps", 1000}, {"beta_start", 0.00085},
                   {"beta_end", 0.012},           {"beta_schedule", "scaled_linear"}, {"clip_sample", false},
                   {"set_alpha_to_one", false},   {"steps_offset", 1},               {"timestep_spacing", "leading"}};
  return sampling::scheduler_config_from_json(j, "default DDIM scheduler");
}

}  // namespace

std::shared_ptr<SdTrainableModel> SdTrainableModel::load(const fs::path& model_path, const SdTrainOptions& options) {
  std::shared_ptr<SdTrainableModel> m(new SdTrainableModel());
  m->options_ = options;
  m->source_ = value_or_throw(io::ModelSource::open(model_path));
  m->family_ = m->source_->family();
  const std::string label = model_path.string();
  const auto& placement = options.placement;

  auto unet_w = value_or_throw(m->source_->component_weights("unet"));
  models::UNetConfig ucfg;
  if (auto j = m->source_->component_config("unet")) {
    ucfg = models::UNetConfig::from_json(*j, label + "/unet/config.json");
  } else {
    models::UNetConfig::DetectHints hints;
    if (m->family_ == io::ModelFamily::SDXL && m->source_->has_component("text_encoder_2")) {
      auto te2 = value_or_throw(m->source_->component_weights("text_encoder_2"));
      if (auto it = te2.find("text_projection.weight"); it != te2.end()) hints.text_embeds_dim = it->second.size(0);
    }
    ucfg = models::UNetConfig::detect(unet_w, hints);
  }
  m->unet_ = models::load_unet(ucfg, unet_w, label + " (unet)", placement);

  auto vae_w = value_or_throw(m->source_->component_weights("vae"));
  models::VaeConfig vcfg;
  if (auto j = m->source_->component_config("vae")) {
    vcfg = models::VaeConfig::from_json(*j, label + "/vae/config.json");
  } else {
    models::VaeConfig::DetectHints hints;
    if (m->family_ == io::ModelFamily::SDXL) hints.scaling_factor = 0.13025;
    vcfg = models::VaeConfig::detect(vae_w, hints);
  }
  m->vae_ = models::load_vae(vcfg, vae_w, label + " (vae)", placement);

  text::TextStackOptions topts;
  topts.vocab_dir = options.vocab_dir;
  m->stack_ = std::make_shared<text::TextStack>(value_or_throw(text::load_text_stack(*m->source_, topts)));
  for (auto& tower : m->stack_->towers) tower.encoder->to(placement.device, placement.dtype);
  m->conditioner_ = std::make_unique<text::Conditioner>(m->stack_);

  const auto prediction = m->source_->info().prediction;
  if (auto j = m->source_->scheduler_config()) {
    m->scheduler_ = sampling::scheduler_config_from_json(*j, label + "/scheduler/scheduler_config.json");
    m->noise_ = noise_schedule_from_json(*j, label + "/scheduler/scheduler_config.json");
  } else {
    m->scheduler_ = default_scheduler();
    m->noise_ = default_noise(prediction);
    m->scheduler_.prediction_type =
        prediction == io::PredictionType::VPrediction ? sampling::PredictionType::VPrediction : sampling::PredictionType::Epsilon;
  }
  m->setup_training();
  return m;
}

SdTrainableModel::~SdTrainableModel() {
  text_loras_.clear();  // detaches the text encoders' adapters
  if (unet_lora_) unet_lora_->detach_all();
}

void SdTrainableModel::setup_training() {
  for (auto& p : unet_->parameters()) p.set_requires_grad(false);
  for (auto& p : vae_->parameters()) p.set_requires_grad(false);
  for (auto& tower : stack_->towers)
    for (auto& p : tower.encoder->parameters()) p.set_requires_grad(false);

  if (options_.mode == TrainMode::Full) {
    for (auto& p : unet_->named_parameters()) {
      p.value().set_requires_grad(true);
      trainable_.push_back({"unet." + p.key(), p.value()});
    }
    if (options_.train_text_encoder)
      for (auto& tower : stack_->towers)
        for (auto& p : tower.encoder->named_parameters()) {
          p.value().set_requires_grad(true);
          trainable_.push_back({tower.name + "." + p.key(), p.value()});
        }
    return;
  }
  models::LoraTargetTree tree;
  tree.component = "unet";
  tree.kohya_prefixes = {"lora_unet"};
  tree.root = unet_.get();
  models::LoraTrainOptions lo;
  lo.rank = options_.lora_rank;
  lo.alpha = options_.lora_alpha;
  lo.seed = options_.seed;
  unet_lora_ = models::TrainableLora::inject({tree}, lo);
  auto lora_params = unet_lora_->parameters();
  for (std::size_t i = 0; i + 1 < lora_params.size(); i += 2) {
    trainable_.push_back({fmt::format("unet.lora.{}.down", i / 2), lora_params[i]});
    trainable_.push_back({fmt::format("unet.lora.{}.up", i / 2), lora_params[i + 1]});
  }
  uint64_t salt = 1;
  for (auto& tower : stack_->towers) {
    TextLoraOptions to;
    to.rank = options_.lora_rank;
    to.alpha = options_.lora_alpha;
    to.seed = options_.seed + salt++;
    text_loras_.push_back(std::make_unique<TextLora>(*tower.encoder, tower.name, to));
    for (auto& p : text_loras_.back()->parameters()) trainable_.push_back(p);
    if (options_.train_identifier_rows && !options_.identifier.empty()) {
      auto ids32 = tower.tokenizer.tokenize(options_.identifier);
      std::vector<int64_t> ids(ids32.begin(), ids32.end());
      tower.encoder->embeddings()->set_trainable_rows(ids);
      trainable_.push_back({tower.name + ".token_rows", tower.encoder->embeddings()->row_delta()});
    }
  }
}

int SdTrainableModel::default_resolution() const {
  const int64_t factor = int64_t{1} << (static_cast<int64_t>(vae_->config().block_out_channels.size()) - 1);
  return static_cast<int>(unet_->config().sample_size * factor);
}

torch::Tensor SdTrainableModel::encode_images(const torch::Tensor& pixels) { return sample_latents(encode_moments(pixels)); }

LatentMoments SdTrainableModel::encode_moments(const torch::Tensor& pixels) {
  torch::NoGradGuard no_grad;
  auto dist = vae_->encode(pixels.to(vae_->device(), vae_->compute_dtype()));
  return {dist.mean, dist.logvar};
}

torch::Tensor SdTrainableModel::sample_latents(const LatentMoments& moments) {
  torch::NoGradGuard no_grad;
  const models::LatentDistribution dist{moments.mean, moments.logvar};
  return (dist.sample() * vae_->scaling_factor()).to(torch::kFloat32);
}

Conditioning SdTrainableModel::encode_prompts(const std::vector<std::string>& prompts, const torch::Tensor& time_ids) {
  text::Conditioning c;
  if (text_frozen()) {
    c = prompt_cache_.get(prompts, [this](const std::string& p) {
      torch::NoGradGuard no_grad;
      return conditioner_->encode({p});
    });
  } else {
    c = conditioner_->encode(prompts);
  }
  Conditioning out;
  out.encoder_hidden_states = c.context;
  out.text_embeds = c.pooled;
  out.time_ids = time_ids;
  return out;
}

torch::Tensor SdTrainableModel::denoise(const torch::Tensor& noisy, const torch::Tensor& timesteps, const Conditioning& cond) {
  const auto dt = unet_->dtype();
  const auto dev = unet_->device();
  models::UNetAddedCond added;
  if (cond.text_embeds.defined()) added.text_embeds = cond.text_embeds.to(dev, dt);
  if (cond.time_ids.defined()) added.time_ids = cond.time_ids.to(dev, dt);
  auto out = unet_->forward(noisy.to(dev, dt), timesteps.to(dev), cond.encoder_hidden_states.to(dev, dt), added);
  return out.to(torch::kFloat32);
}

void SdTrainableModel::set_gradient_checkpointing(bool on) { set_unet_gradient_checkpointing(unet_, on); }

void SdTrainableModel::set_training(bool on) { unet_->train(on); }

std::vector<RgbImage> SdTrainableModel::sample(const std::vector<std::string>& prompts, const std::vector<uint64_t>& seeds,
                                               int width_px, int height_px) {
  torch::NoGradGuard no_grad;
  sampling::PipelineComponents pc;
  pc.encode_prompt = [this](const std::string& p, const std::string& negative, bool guided) {
    auto ours = [](const text::Conditioning& c) { return sampling::Conditioning{c.context, c.pooled, torch::Tensor()}; };
    sampling::PromptConditioning r;
    if (guided) {
      auto g = conditioner_->encode_guided({p}, negative.empty() ? std::vector<std::string>{}
                                                                 : std::vector<std::string>{negative});
      r.cond = ours(g.cond);
      r.uncond = ours(g.uncond);
    } else {
      r.cond = ours(conditioner_->encode({p}));
    }
    return r;
  };
  pc.denoise = [this](const torch::Tensor& x, double t, const sampling::Conditioning& c) {
    Conditioning cond{c.encoder_hidden_states, c.text_embeds, c.time_ids};
    auto ts = torch::full({x.size(0)}, static_cast<int64_t>(std::llround(t)), torch::kInt64);
    return denoise(x, ts, cond);
  };
  pc.decode = [this](const torch::Tensor& z) { return vae_->decode(z.to(vae_->device(), vae_->compute_dtype())).to(torch::kFloat32); };
  pc.vae_scaling_factor = vae_->scaling_factor();
  pc.scheduler = sampling::convert_scheduler_config(scheduler_, sampling::SchedulerKind::DDIM);
  pc.sdxl = family_ == io::ModelFamily::SDXL;
  pc.latent_space = pc.sdxl ? sampling::LatentSpace::SDXL : sampling::LatentSpace::SD;
  pc.latent_channels = unet_->config().in_channels;
  pc.device = options_.placement.device;
  pc.dtype = torch::kFloat32;
  std::vector<RgbImage> out;
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    sampling::GenerateParams gp;
    gp.prompt = prompts[i];
    gp.width = width_px;
    gp.height = height_px;
    gp.steps = options_.sample_steps;
    gp.guidance_scale = options_.guidance;
    gp.seed = i < seeds.size() ? seeds[i] : i;
    auto r = sampling::generate(pc, gp);
    if (r.images.empty()) throw Error("validation sampling produced no image");
    out.push_back(r.images.front());
  }
  return out;
}

std::vector<ExportedFile> SdTrainableModel::export_to(const fs::path& dir) {
  if (options_.mode == TrainMode::Lora) return export_lora(dir);
  return export_full_finetune(*this, dir);
}

std::vector<ExportedFile> SdTrainableModel::export_lora(const fs::path& dir) {
  fs::create_directories(dir);
  // The UNet adapters in diffusers layout (alpha/rank folded into up), then the text adapters.
  const fs::path unet_tmp = dir / ".unet_lora.tmp.safetensors";
  unet_lora_->save(unet_tmp, models::LoraFormat::Diffusers);
  io::TensorMap unet_map;
  for (auto& [k, v] : value_or_throw(io::load_safetensors(unet_tmp))) unet_map[k] = v.clone();
  fs::remove(unet_tmp);

  io::TensorMap diffusers = unet_map, kohya;
  const auto rank_alpha = torch::tensor(static_cast<float>(options_.lora_rank));
  std::vector<std::string> unet_keys;
  for (const auto& kv : models::state_dict(*unet_)) unet_keys.push_back(kv.first);
  const auto layout = io::detect_diffusers_unet_layout(unet_keys);
  const std::string down_sfx = ".lora.down.weight", up_sfx = ".lora.up.weight";
  for (const auto& [k, v] : unet_map) {
    const bool is_down = k.size() > down_sfx.size() && k.compare(k.size() - down_sfx.size(), down_sfx.size(), down_sfx) == 0;
    const auto& sfx = is_down ? down_sfx : up_sfx;
    std::string path = k.substr(5, k.size() - 5 - sfx.size());  // strip "unet." and the suffix
    if (family_ == io::ModelFamily::SDXL)  // kohya SDXL files name modules by their SGM path
      if (auto ldm = io::diffusers_unet_to_ldm(path, layout)) path = *ldm;
    const auto base = models::kohya_name("lora_unet", path);
    kohya[base + (is_down ? ".lora_down.weight" : ".lora_up.weight")] = v;  // alpha == rank: multiplier 1
    kohya[base + ".alpha"] = rank_alpha;
  }
  const bool sdxl = family_ == io::ModelFamily::SDXL;
  for (const auto& tl : text_loras_) {
    const std::string prefix = !sdxl ? "lora_te" : (tl->component() == "text_encoder" ? "lora_te1" : "lora_te2");
    for (const auto& it : tl->items()) {
      auto down = it.down.detach().to(torch::kCPU, torch::kFloat32).contiguous();
      auto up = (it.up.detach().to(torch::kCPU, torch::kFloat32) * tl->multiplier()).contiguous();
      diffusers[tl->component() + "." + it.path + ".lora_linear_layer.down.weight"] = down;
      diffusers[tl->component() + "." + it.path + ".lora_linear_layer.up.weight"] = up;
      const auto base = models::kohya_name(prefix, it.path);
      kohya[base + ".lora_down.weight"] = down;
      kohya[base + ".lora_up.weight"] = up;
      kohya[base + ".alpha"] = rank_alpha;
    }
  }
  io::WriteOptions w;
  w.metadata["format"] = "pt";
  w.metadata["olis_identifier"] = options_.identifier;
  w.metadata["ss_network_dim"] = std::to_string(options_.lora_rank);
  w.metadata["ss_network_alpha"] = std::to_string(options_.lora_rank);
  std::vector<ExportedFile> out;
  io::save_safetensors(dir / "pytorch_lora_weights.safetensors", diffusers, w);
  out.push_back({"diffusers", dir / "pytorch_lora_weights.safetensors"});
  io::save_safetensors(dir / "lora_kohya.safetensors", kohya, w);
  out.push_back({"kohya", dir / "lora_kohya.safetensors"});

  io::TensorMap rows;
  for (auto& tower : stack_->towers) {
    auto& emb = tower.encoder->embeddings();
    if (emb->trainable_rows().empty()) continue;
    rows[tower.name + ".token_ids"] = torch::tensor(emb->trainable_rows(), torch::kInt64);
    rows[tower.name + ".delta"] = emb->row_delta().detach().to(torch::kCPU, torch::kFloat32).contiguous();
  }
  if (!rows.empty()) {
    io::save_safetensors(dir / "identifier_embeddings.safetensors", rows, w);
    out.push_back({"identifier_rows", dir / "identifier_embeddings.safetensors"});
  }
  return out;
}

}  // namespace olis::training
