#!/usr/bin/env bash
# Takes screenshots of every tab of the Olis GUI under Xvfb and writes docs/screenshots/*.png: the tabs of a
# demo project, a Train tab run, and the booth flow (new project, suggested captions, Personalize, Compare,
# Benchmark) on the tiny fixture models.
#   scripts/screenshots.sh [BUILD_DIR]          (default build/dev)
# The demo project is built from DreamBench photos when ../shared/dreambench exists (subject: $OLIS_DEMO_SUBJECT,
# default dog), else from generated placeholder images. English first, then German (suffix -de).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build/dev}
OLIS="$BUILD_DIR/app/olis"
OUT=docs/screenshots
if [ ! -x "$OLIS" ]; then echo "screenshots: $OLIS not found; build first (make build)" >&2; exit 1; fi
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run missing (apt-get install xvfb xauth)" >&2; exit 1; }

SUBJECT=${OLIS_DEMO_SUBJECT:-dog}
DREAMBENCH=${OLIS_DREAMBENCH:-../shared/dreambench}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ -d "$DREAMBENCH/$SUBJECT" ]; then
  DEMO="$DREAMBENCH/$SUBJECT"
else
  echo "screenshots: $DREAMBENCH/$SUBJECT not found; using placeholder photos" >&2
  DEMO="$TMP/$SUBJECT"
  mkdir -p "$DEMO"
  for i in 1 2 3 4 5; do convert -size 768x768 "plasma:" "$DEMO/photo$i.jpg"; done
fi

# A clean settings folder, so that the user's own settings and recent projects do not show.
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_CACHE_HOME="$TMP/cache"
export QT_QPA_PLATFORM=xcb LANG=C.UTF-8
mkdir -p "$OUT"
# The Train tab is captured after a real run on the tiny fixture model (CPU, a minute) when fixtures exist.
FIXTURES=${OLIS_FIXTURES:-../shared/fixtures}
TRAIN_ARGS=()
if [ -f "$FIXTURES/ldm_single_file_sdxl_tiny/model_index.json" ]; then
  F=$(cd "$FIXTURES" && pwd)
  cat > "$TMP/training.olis.yaml" <<YAML
base_model: $F/ldm_single_file_sdxl_tiny
mode: lora
lora_rank: 4
steps: 60
lr: 0.002
resolution: 64
checkpoint_every: 10
keep_last: 2
eval_every: 10
eval_steps: 4
validation_prompts: 4
device: cpu
allow_caption_errors: true  # the demo project keeps one caption without <new>, to show the inline check
regularization: {count: 8, batch: 4, steps: 4, cache_root: $TMP/regsets}
metrics: {clip: $F/clip_vision_tiny, clip_text: $F/clip_text_tiny, dino: $F/dino_vits_tiny/model_hf_vit.safetensors}
YAML
  # The booth flow (new project, suggested captions, Personalize, Compare): the same model, 20 steps, the
  # regularization set reused from the class cache the Train tab's run made.
  sed -e 's/^steps: 60/steps: 20/' "$TMP/training.olis.yaml" > "$TMP/booth.olis.yaml"
  TRAIN_ARGS=(--demo-train "$TMP/training.olis.yaml" --demo-booth "$TMP/booth.olis.yaml")
else
  echo "screenshots: no fixtures at $FIXTURES; the Train tab is not captured" >&2
fi
run() { xvfb-run -a -s "-screen 0 1600x1000x24 -dpi 96" "$OLIS" --screenshot "$OUT" --demo "$DEMO" "${TRAIN_ARGS[@]}" "$@"; }
run --language en
run --language de --screenshot-suffix -de
ls -1 "$OUT"/*.png
