"""Time one training step of the DC-former on this device and list the slowest kernels.

    python scripts/profile_step.py --checkpoint weights/dcformer-small --text-encoder-path pack/minilm [--compile]
"""
import argparse
import random
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from restoration.captions import caption
from restoration.data import sample_degradations
from restoration.model import DCFormer, build
from restoration.text import load_text_encoder


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", default=None)
    p.add_argument("--preset", default="small")
    p.add_argument("--text-encoder-path", default=None)
    p.add_argument("--batch", type=int, default=24)
    p.add_argument("--crop", type=int, default=192)
    p.add_argument("--rows", type=int, default=25)
    p.add_argument("--channels-last", action="store_true")
    p.add_argument("--compile", action="store_true", help="also time the step through torch.compile")
    args = p.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cudnn.benchmark = True
    model = (DCFormer.from_pretrained(args.checkpoint) if args.checkpoint else build(args.preset)).to(device)
    encoder = load_text_encoder(model.config.text_encoder, args.text_encoder_path).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    x = torch.rand(args.batch, 3, args.crop, args.crop, device=device)
    if args.channels_last:
        model, x = model.to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last)
    rng = random.Random(0)

    def fresh_texts():  # training captions, mostly new each call: training rarely hits the encoder's cache
        return [caption({d.kind: d.severity for d in sample_degradations(rng)}, rng) for _ in range(args.batch)]

    def sync():
        if device == "cuda":
            torch.cuda.synchronize()

    forward = model

    def step():
        with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
            text = encoder(fresh_texts())
            loss = F.l1_loss(forward(x, text.padded() if forward is not model else text).float(), x)
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)

    def timed(fn, n):
        fn(); sync()
        t = time.perf_counter()
        for _ in range(n):
            fn()
        sync()
        return (time.perf_counter() - t) / n

    with torch.no_grad():
        t_enc = timed(lambda: encoder(fresh_texts()), 5)
    t_step = timed(step, 5)
    print(f"text encoder {1000 * t_enc:.1f} ms; training step {1000 * t_step:.1f} ms "
          f"({args.batch}x{args.crop}^2, {model.num_parameters() / 1e6:.2f} M parameters)")
    if args.compile:
        forward = torch.compile(model, dynamic=False)
        t = time.perf_counter()
        step(); sync()
        print(f"compiled in {time.perf_counter() - t:.0f} s; training step {1000 * timed(step, 5):.1f} ms compiled "
              f"against {1000 * t_step:.1f} ms eager")
    from torch.profiler import ProfilerActivity, profile
    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device == "cuda" else [])
    with profile(activities=acts) as prof:
        step(); sync()
    key = "cuda_time_total" if device == "cuda" else "cpu_time_total"
    print(prof.key_averages().table(sort_by=key, row_limit=args.rows, max_name_column_width=60))


if __name__ == "__main__":
    main()
