"""Time one training step of the DC-former on this device and list the slowest kernels.

    python scripts/profile_step.py --checkpoint weights/dcformer-small --text-encoder-path pack/minilm
"""
import argparse
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
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
    args = p.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cudnn.benchmark = True
    model = (DCFormer.from_pretrained(args.checkpoint) if args.checkpoint else build(args.preset)).to(device)
    encoder = load_text_encoder(model.config.text_encoder, args.text_encoder_path).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    x = torch.rand(args.batch, 3, args.crop, args.crop, device=device)
    if args.channels_last:
        model, x = model.to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last)
    calls = [0]

    def fresh_texts():  # new sentences each call: training rarely hits the encoder's cache
        calls[0] += 1
        return [f"moderate noise and a little rain, take {calls[0]}.{i}" for i in range(args.batch)]

    def sync():
        if device == "cuda":
            torch.cuda.synchronize()

    def step():
        with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
            text = encoder(fresh_texts())
            loss = F.l1_loss(model(x, text).float(), x)
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
    from torch.profiler import ProfilerActivity, profile
    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device == "cuda" else [])
    with profile(activities=acts) as prof:
        step(); sync()
    key = "cuda_time_total" if device == "cuda" else "cpu_time_total"
    print(prof.key_averages().table(sort_by=key, row_limit=args.rows, max_name_column_width=60))


if __name__ == "__main__":
    main()
