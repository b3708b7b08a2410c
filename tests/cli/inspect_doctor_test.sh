#!/usr/bin/env bash
# olis-cli inspect / doctor as a user runs them: exit codes and the messages that matter.
set -u
cli=$1
. "$(dirname "$0")/lib.sh"

printf 'garbage' > "$tmp/broken.safetensors"
out=$("$cli" inspect "$tmp/broken.safetensors" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: inspect of a broken file exited 0"; fails=$((fails+1)); }
check "$out" "broken.safetensors"
check "$out" "too short"

printf 'PK\003\004junk' > "$tmp/model.ckpt"
out=$("$cli" inspect "$tmp/model.ckpt" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: inspect of a pickle checkpoint exited 0"; fails=$((fails+1)); }
check "$out" "arbitrary code"

out=$("$cli" inspect "$tmp/nothing-here" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: inspect of a missing path exited 0"; fails=$((fails+1)); }
check "$out" "no such file"

if [ -f "$fixtures/ldm_single_file_sdxl_tiny/model.safetensors" ]; then
  out=$("$cli" inspect "$fixtures/ldm_single_file_sdxl_tiny/model.safetensors" 2>&1) || { echo "FAIL: rc"; fails=$((fails+1)); }
  check "$out" "SDXL"
  check "$out" "text_encoder_2"
  out=$("$cli" inspect "$fixtures/ldm_single_file_sdxl_tiny" 2>&1) || { echo "FAIL: rc"; fails=$((fails+1)); }
  check "$out" "diffusers folder"
elif [ -n "${CI:-}" ]; then
  echo "FAIL: fixtures missing at $fixtures and CI is set"; fails=$((fails+1))
else
  echo "fixtures not found at $fixtures: skipping the model part"
fi

out=$("$cli" doctor --matmul-size 128 2>&1) || { echo "FAIL: doctor rc"; fails=$((fails+1)); }
check "$out" "libtorch"
check "$out" "GFLOP/s"

# bench text: the real CLIP-L text encoder (123,060,480 parameters) with random weights, as one JSON line.
out=$("$cli" bench text --config sd15 --batch 1 --repeat 1 --warmup 0 2>&1) || { echo "FAIL: bench text rc"; fails=$((fails+1)); }
check "$out" '"bench":"text_encode"'
check "$out" '"parameters":123060480'

# bench train: listed among the kinds; options it cannot honour are refused with a message.
out=$("$cli" bench --help 2>&1)
check "$out" "train (one DreamBooth training step"
out=$("$cli" bench train --config sd2 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: bench train --config sd2 exited 0"; fails=$((fails+1)); }
check "$out" "bench train supports --config sd15 or sdxl"
out=$("$cli" bench train --mode half 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: bench train --mode half exited 0"; fails=$((fails+1)); }

# bench train/regset options: what cannot be honoured is refused with a message before any work.
if ! "$cli" doctor --matmul-size 64 2>&1 | grep -q "CUDA            available"; then
  out=$("$cli" bench train --device cuda --dtype bf16 2>&1); rc=$?
  [ $rc -ne 0 ] || { echo "FAIL: bench train --device cuda without CUDA exited 0"; fails=$((fails+1)); }
  check "$out" "CUDA was requested but"
  out=$("$cli" bench regset --device cuda 2>&1); rc=$?
  [ $rc -ne 0 ] || { echo "FAIL: bench regset --device cuda without CUDA exited 0"; fails=$((fails+1)); }
  check "$out" "regularization benchmark: CUDA was requested"
fi
out=$("$cli" bench train --mode lora --text-encoder 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: bench train --mode lora --text-encoder exited 0"; fails=$((fails+1)); }
check "$out" "use --mode full"
out=$("$cli" bench regset --config sdxl 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: bench regset --config sdxl exited 0"; fails=$((fails+1)); }
check "$out" "bench regset supports --config sd15 or sd2"
out=$("$cli" bench regset --count 0 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: bench regset --count 0 exited 0"; fails=$((fails+1)); }
out=$("$cli" bench --help 2>&1)
check "$out" "regset (regularization images per second"
check "$out" "--checkpointing"
check "$out" "--text-encoder"
# A real (random-weight) SD 1.5 regularization batch at the smallest size: UNet, VAE and CLIP-L, guided DDIM.
out=$("$cli" bench regset --latent 8 --steps 1 --count 2 --batch 2 --warmup 0 2>&1) || { echo "FAIL: bench regset rc: $out"; fails=$((fails+1)); }
check "$out" '"bench":"regset"'
check "$out" '"images":2'
check "$out" '"batch":2'

# CPU threads: every core this process may use by default (unless OMP_NUM_THREADS/MKL_NUM_THREADS is set);
# --threads overrides.
if [ -z "${OMP_NUM_THREADS:-}" ] && [ -z "${MKL_NUM_THREADS:-}" ]; then
  cores=$(nproc)
  out=$("$cli" doctor --matmul-size 64 2>&1)
  check "$out" "threads         intra-op $cores,"
fi
out=$("$cli" --threads 1 doctor --matmul-size 64 2>&1)
check "$out" "threads         intra-op 1,"
out=$("$cli" --threads 0 doctor --matmul-size 64 2>&1) || { echo "FAIL: --threads 0 (the default) rc"; fails=$((fails+1)); }

[ $fails -eq 0 ] && echo "inspect/doctor/bench: all checks passed"
exit $fails
