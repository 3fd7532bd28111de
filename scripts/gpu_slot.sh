#!/usr/bin/env bash
# One device call that trains the shipped model further and brings the checkpoint back.
#
# A GPU slot is short (15 minutes of device time in all, the machine's start included; at most
# 10 minutes a command; the machine goes back 30 s after a call), so everything happens in one
# call: the pack and this repository travel together (64 MiB at most), training stops in time,
# and the weights are copied out before anything else can run late.
#
#   here:   python -m restoration pack --data ../shared/datasets/CBSD432 data/photos -o pack
#           (it prints the pack's size together with this repository's)
#   device: run(command="bash scripts/gpu_slot.sh", carry=["pack"], timeout_s=600)
#   back:   config.json, model.safetensors, training.json, log.jsonl, train.log, speed.json;
#           copy the first three into a folder and evaluate it here (weights/README.md). The
#           weights are the run's moving average (train --ema); log.jsonl has the raw ones'
#           validation beside it (val_psnr_raw).
#
# MINUTES (default 8.3) bounds the training command, its setup, final validation and checkpoint included;
# LR (default 1e-4) is the peak of a cosine that ends with the training; INIT (default the shipped weights) is the
# checkpoint it starts from; BATCH (default 24) the crops of 192 px a step; COMPILE=1 adds
# --compile (torch.compile; compiling took 115 s on this 2-core CPU and is not yet timed on a
# GPU, so try scripts/profile_step.py --compile first; README's "Train"); CAPTION_NUMBERS
# (default: INIT's, "noise" for the shipped weights, so a second call keeps the first's) the kinds
# whose number the captions state. "noise low_light" adds a dark photo's stops: trained so from
# scratch, small models gained 2.1 dB on dark photos, but 72 minutes of it on the CPU from the
# shipped weights had not learnt what the number means (docs/model_history.md, "Ablation: a dark
# photo's stops in the captions"), so it is not the default for a short slot. MIXTURE (default none) is passed to
# --mixture, such as MIXTURE="noise=48" to draw pure noise three times as often. LOSS_WEIGHT
# (default none) is passed to --loss-weight, such as LOSS_WEIGHT="low_light=0.1 haze=0.1 rain=0.5"
# (docs/model_history.md, "Which tasks the gradient serves"). RUN (default /tmp/gpu_slot) is the run's
# folder on the device machine: a machine stays warm 30 s after a call, so a second call made at
# once can continue the first with RUN=/tmp/gpu_slot2 INIT=/tmp/gpu_slot/model and a smaller
# MINUTES (docs/model_history.md, "GPU run 7").
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:?OUT is the folder whose files come back from the device machine}
mkdir -p "$out" && : > "$out/train.log"  # an OUT that cannot be written fails now, not after the training
minutes=${MINUTES:-8.3}
run=${RUN:-/tmp/gpu_slot}
# unbuffered, and train writes its progress in whole lines to a pipe: train.log and the call's output are
# complete up to a kill at the time limit (no `tr`, which held back up to 4 KB)
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null || echo "no GPU: a dry run on the CPU"
init=${INIT:-weights/dcformer-small}
case "$(realpath -m "$init")/" in  # RUN is emptied below: an INIT inside it (RUN=/tmp/gpu_slot INIT=/tmp/gpu_slot/model,
"$(realpath -m "$run")"/*)         # the first call's) had been deleted before the training could start from it
    echo "error: INIT $init is inside RUN $run, which this call empties first: give another RUN, such as ${run%/}2" | tee "$out/train.log" >&2
    exit 2;;
esac
rm -rf "$run"
# the cosine spans the training loop, which starts after about half a minute of setup
schedule=$(python3 -c "print(max($minutes - 0.6, 0.1))")
workers=$(( $(nproc) > 4 ? $(nproc) - 2 : 0 ))  # CPU processes that synthesise batches ahead of the GPU
status=0
python3 -m restoration train --data pack/photos --text-encoder-path pack/minilm --out "$run" \
    --init "$init" --batch "${BATCH:-24}" --crop 192 --lr "${LR:-1e-4}" --warmup 100 \
    --steps 1000000 --schedule-minutes "$schedule" --time-budget "$minutes" --checkpoint-minutes 3 \
    --val-every 1000 --workers "$workers" --half ${COMPILE:+--compile} ${CAPTION_NUMBERS:+--caption-numbers $CAPTION_NUMBERS} ${MIXTURE:+--mixture $MIXTURE} ${LOSS_WEIGHT:+--loss-weight $LOSS_WEIGHT} 2>&1 | tee "$out/train.log" || status=$?
# a run that failed late still has its last checkpoint (every 3 minutes): bring it back too
if [ -f "$run/model/model.safetensors" ]; then
    cp "$run"/model/{config.json,model.safetensors,training.json} "$run/log.jsonl" "$out/"
fi
[ "$status" = 0 ] || exit "$status"
python3 -m restoration evaluate --checkpoint "$run/model" --text-encoder-path pack/minilm --skip-table --speed \
    --out "$run/eval"
cp "$run/eval/report.json" "$out/speed.json"
