#!/usr/bin/env python3
"""The reference half of scripts/gpu-check.sh: the same training steps, UNet step and regularization-image
generation as `olis-cli bench`, in diffusers (random weights from the published configs), on the same card
in the same run. Prints one JSON object (s/step, images/s, peak CUDA memory per case).

Usage: gpu_diffusers_bench.py --diffusers-src .device/diffusers/src [--device cuda] [--tiny] [--out FILE]
--tiny runs toy-sized models (a dry run of the code path, e.g. on a CPU)."""
import argparse
import json
import os
import statistics
import sys
import time


SD15_UNET = dict(act_fn="silu", attention_head_dim=8, block_out_channels=[320, 640, 1280, 1280], cross_attention_dim=768,
                 down_block_types=["CrossAttnDownBlock2D"] * 3 + ["DownBlock2D"], in_channels=4, out_channels=4,
                 layers_per_block=2, norm_num_groups=32, sample_size=64,
                 up_block_types=["UpBlock2D"] + ["CrossAttnUpBlock2D"] * 3)
SDXL_UNET = dict(addition_embed_type="text_time", addition_time_embed_dim=256, attention_head_dim=[5, 10, 20],
                 block_out_channels=[320, 640, 1280], cross_attention_dim=2048,
                 down_block_types=["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"], in_channels=4,
                 out_channels=4, layers_per_block=2, projection_class_embeddings_input_dim=2816, sample_size=128,
                 transformer_layers_per_block=[1, 2, 10], use_linear_projection=True,
                 up_block_types=["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"])
TINY_UNET = dict(block_out_channels=[32, 64], down_block_types=["CrossAttnDownBlock2D", "DownBlock2D"],
                 up_block_types=["UpBlock2D", "CrossAttnUpBlock2D"], cross_attention_dim=32, attention_head_dim=4,
                 layers_per_block=1, norm_num_groups=8, sample_size=8)
# The SD VAE (diffusers' AutoencoderKL() defaults are a one-block toy, not this).
SD_VAE = dict(block_out_channels=[128, 256, 512, 512], down_block_types=["DownEncoderBlock2D"] * 4,
              up_block_types=["UpDecoderBlock2D"] * 4, layers_per_block=2, latent_channels=4, norm_num_groups=32,
              sample_size=512)
TINY_VAE = dict(block_out_channels=[32], norm_num_groups=8)
LORA_TARGETS = ["to_q", "to_k", "to_v", "to_out.0", "ff.net.0.proj", "ff.net.2"]  # as Olis' LoRA


def write_json(path, obj):
    """Atomically, after every case: a run cut short by its time limit keeps the cases it finished."""
    if path:
        with open(path + ".tmp", "w") as f:
            f.write(json.dumps(obj, indent=1))
        os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--diffusers-src", required=True)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--tiny", action="store_true")
    ap.add_argument("--steps", type=int, default=5, help="timed training steps per case")
    ap.add_argument("--regset-images", type=int, default=16)
    ap.add_argument("--regset-batch", type=int, default=8)
    ap.add_argument("--out")
    a = ap.parse_args()
    sys.path.insert(0, a.diffusers_src)
    import torch
    try:
        from diffusers import AutoencoderKL, DDIMScheduler, DDPMScheduler, UNet2DConditionModel
    except Exception as e:  # say why in the JSON rather than only in a traceback
        err = {"error": f"cannot import diffusers from {a.diffusers_src}: {type(e).__name__}: {e}",
               "torch": torch.__version__}
        write_json(a.out, err)
        print(json.dumps(err))
        sys.exit(3)

    dev = torch.device(a.device)
    cuda = dev.type == "cuda"
    if cuda:
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        torch.backends.cudnn.benchmark = True
    bf16 = torch.bfloat16 if cuda else torch.float32
    out = {"torch": torch.__version__, "device": str(dev),
           "card": torch.cuda.get_device_name(dev) if cuda else "cpu", "cases": {}}

    def sync():
        if cuda:
            torch.cuda.synchronize(dev)

    def reset_peak():
        if cuda:
            sync()
            torch.cuda.reset_peak_memory_stats(dev)

    def peak_gib():
        return torch.cuda.max_memory_allocated(dev) / 2**30 if cuda else 0.0

    def timed(fn, warmup, repeat):
        for _ in range(warmup):
            fn()
        reset_peak()
        times = []
        for _ in range(repeat):
            sync()
            t0 = time.perf_counter()
            fn()
            sync()
            times.append(time.perf_counter() - t0)
        return statistics.median(times), peak_gib()

    def unet_of(cfg):
        torch.manual_seed(0)
        with torch.device(dev):  # built and initialised on the card: SDXL's 2.6B parameters on the CPU take long
            return UNet2DConditionModel(**(TINY_UNET if a.tiny else cfg))

    def text_encoder_of(width, layers):
        from transformers import CLIPTextConfig, CLIPTextModel
        tcfg = CLIPTextConfig(hidden_size=width, intermediate_size=4 * width, num_attention_heads=max(1, width // 64),
                              num_hidden_layers=2 if a.tiny else layers, hidden_act="quick_gelu", vocab_size=49408)
        with torch.device(dev):
            return CLIPTextModel(tcfg)

    def train_case(name, cfg, latent, lora_rank=0, text_encoder=False, checkpointing=False):
        """train_dreambooth(_lora_sdxl).py's step: batch 1 photo + 1 prior image, prior-preservation MSE,
        clip_grad_norm_(1.0), AdamW; bf16 autocast with float32 master weights (full) or bf16 weights with
        float32 LoRA parameters (LoRA)."""
        unet = unet_of(cfg)
        sdxl = "addition_embed_type" in cfg and not a.tiny
        ctx_dim = unet.config.cross_attention_dim
        params = []
        te = None
        if lora_rank:
            from peft import LoraConfig
            unet.requires_grad_(False)
            unet.to(dtype=bf16)
            unet.add_adapter(LoraConfig(r=lora_rank, lora_alpha=lora_rank, init_lora_weights="gaussian",
                                        target_modules=LORA_TARGETS))
            for p in unet.parameters():
                if p.requires_grad:
                    p.data = p.data.float()
                    params.append(p)
        else:
            params = list(unet.parameters())
            if text_encoder:
                te = text_encoder_of(ctx_dim, 12)
                te.train()
                params += list(te.parameters())
        if checkpointing:
            unet.enable_gradient_checkpointing()
        unet.train()
        opt = torch.optim.AdamW(params, lr=1e-4 if lora_rank else 2e-6, weight_decay=1e-2)
        sched = DDPMScheduler(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear")
        lat = 8 if a.tiny else latent
        g = torch.Generator().manual_seed(0)
        x0 = torch.randn(2, 4, lat, lat, generator=g).to(dev)
        ehs = torch.randn(2, 77, ctx_dim, generator=g).to(dev)
        ids = torch.randint(1, 49406, (2, 77), generator=g).to(dev)
        added = None
        if sdxl:
            s = float(lat * 8)
            added = {"text_embeds": torch.randn(2, 1280, generator=g).to(dev),
                     "time_ids": torch.tensor([[s, s, 0, 0, s, s]] * 2).to(dev)}

        def step():
            noise = torch.randn_like(x0)
            t = torch.randint(0, 1000, (2,), device=dev)
            noisy = sched.add_noise(x0, noise, t)
            with torch.autocast(dev.type, dtype=bf16, enabled=cuda):
                cond = te(ids).last_hidden_state if te is not None else ehs
                pred = unet(noisy, t, cond, added_cond_kwargs=added).sample
            pred = pred.float()
            loss = torch.nn.functional.mse_loss(pred[:1], noise[:1]) + torch.nn.functional.mse_loss(pred[1:], noise[1:])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)

        sec, peak = timed(step, 2, a.steps)
        out["cases"][name] = {"s_per_step": sec, "peak_cuda_gib": peak, "trained_parameters": sum(p.numel() for p in params)}
        del unet, opt, te
        if cuda:
            torch.cuda.empty_cache()

    def unet_step_case(name, cfg, latent):
        unet = unet_of(cfg).to(dtype=bf16).eval()
        lat = 8 if a.tiny else latent
        x = torch.randn(2, 4, lat, lat, device=dev, dtype=bf16)
        ehs = torch.randn(2, 77, unet.config.cross_attention_dim, device=dev, dtype=bf16)
        t = torch.full((2,), 500, device=dev)

        @torch.no_grad()
        def run():
            e = unet(x, t, ehs).sample
            (e[:1] + 7.5 * (e[1:] - e[:1])).sum().item()

        sec, peak = timed(run, 2, 5)
        out["cases"][name] = {"s_per_step": sec, "peak_cuda_gib": peak}
        del unet

    def regset_case(name, cfg, latent):
        """Guided DDIM 50, as StableDiffusionPipeline: the prompt pair through the CLIP text encoder, a batch of
        images, CFG 7.5, VAE decode (the work `olis-cli bench regset` times)."""
        unet = unet_of(cfg).to(dtype=bf16).eval()
        with torch.device(dev):
            vae = AutoencoderKL(**(TINY_VAE if a.tiny else SD_VAE)).to(dtype=bf16).eval()
        te = text_encoder_of(unet.config.cross_attention_dim, 12).to(dtype=bf16).eval()
        sched = DDIMScheduler(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                              clip_sample=False, set_alpha_to_one=False, steps_offset=1)
        lat = 8 if a.tiny else latent
        steps = 2 if a.tiny else 50
        ctx = unet.config.cross_attention_dim
        b = a.regset_batch

        @torch.no_grad()
        def batch():
            ids = torch.randint(1, 49406, (2, 77), device=dev)  # [uncond; cond] prompt
            pair = te(ids).last_hidden_state
            assert pair.shape[-1] == ctx
            ehs = pair.repeat_interleave(b, dim=0)  # [uncond x b; cond x b] text states
            z = torch.randn(b, 4, lat, lat, device=dev, dtype=bf16)
            sched.set_timesteps(steps)
            for t in sched.timesteps:
                e = unet(torch.cat([z, z]), t, ehs).sample
                u, c = e.chunk(2)
                z = sched.step(u + 7.5 * (c - u), t, z).prev_sample
            img = vae.decode(z / 0.18215).sample
            img.float().clamp(-1, 1).cpu()

        batches = max(1, a.regset_images // b)
        sec, peak = timed(batch, 1, batches)
        out["cases"][name] = {"images_per_s": b / sec, "s_per_batch": sec, "batch": b, "peak_cuda_gib": peak}
        del unet, vae, te

    cases = [
        ("train_sdxl_lora_r32_1024", lambda: train_case("train_sdxl_lora_r32_1024", SDXL_UNET, 128, lora_rank=32, checkpointing=True)),
        ("train_sd15_full_te_512", lambda: train_case("train_sd15_full_te_512", SD15_UNET, 64, text_encoder=True)),
        ("unet_step_sd15_512", lambda: unet_step_case("unet_step_sd15_512", SD15_UNET, 64)),
        ("regset_sd15_512_ddim50", lambda: regset_case("regset_sd15_512_ddim50", SD15_UNET, 64)),
    ]
    for name, run in cases:
        try:
            run()
        except Exception as e:  # one failing case must not lose the others' figures
            out["cases"][name] = {"error": f"{type(e).__name__}: {e}"}
        if cuda:
            torch.cuda.empty_cache()
        print(json.dumps({name: out["cases"][name]}), flush=True)
        write_json(a.out, out)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
