#!/usr/bin/env python3
"""Filtered next-token distributions from transformers' logits processors, for
tests/engine/test_sampling.cpp (tramontane::Sampler).

Each case applies, as generate(do_sample=True) chains them and only when enabled:
RepetitionPenaltyLogitsProcessor, TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper,
MinPLogitsWarper, all in float32 on CPU, then softmax. Writes tests/fixtures/sampling/:
  logits.npy   float32 [n_cases, N_VOCAB]  the raw logits (some cases hold -inf entries)
  probs.npy    float64 [n_cases, N_VOCAB]  softmax of the processed scores (0 where filtered)
  cases.json   [{"temperature", "top_k", "top_p", "min_p", "repetition_penalty", "history": [...],
                 "greedy": argmax after the repetition penalty alone (temperature 0)}]
Logits are redrawn (deterministically) until no token sits within 1e-4 of a top-p or min-p
cut, so float32 rounding cannot move a boundary. Deterministic: tools/.venv/bin/python
tools/make_sampling_fixtures.py
"""
import json
import os

import numpy as np
import torch
from transformers.generation.logits_process import (
    LogitsProcessorList,
    MinPLogitsWarper,
    RepetitionPenaltyLogitsProcessor,
    TemperatureLogitsWarper,
    TopKLogitsWarper,
    TopPLogitsWarper,
)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "sampling")
N_VOCAB = 1000

# (temperature, top_k, top_p, min_p, repetition_penalty, n_history, n_neg_inf)
CASES = [
    (0.7, 0, 1.0, 0.0, 1.0, 0, 0),        # the defaults
    (1.0, 0, 1.0, 0.0, 1.0, 0, 0),        # nothing enabled
    (0.8, 0, 1.0, 0.0, 1.3, 40, 0),       # penalty (history with repeats) + temperature
    (0.5, 0, 1.0, 0.0, 0.8, 25, 0),       # penalty < 1 raises seen tokens
    (1.0, 40, 1.0, 0.0, 1.0, 0, 0),
    (1.5, 5, 1.0, 0.0, 1.0, 0, 0),
    (1.0, 0, 0.9, 0.0, 1.0, 0, 0),
    (0.6, 0, 0.5, 0.0, 1.0, 0, 0),
    (1.0, 0, 1.0, 0.05, 1.0, 0, 0),
    (2.0, 100, 1.0, 0.3, 1.0, 0, 0),
    (0.9, 50, 0.95, 0.02, 1.2, 60, 0),    # the whole chain
    (1.0, 5000, 1.0, 0.0, 1.0, 0, 0),     # top_k beyond the vocabulary keeps everything
    (1.3, 0, 0.8, 0.0, 1.1, 30, 200),     # masked (-inf) logits
    (0.3, 20, 0.7, 0.1, 1.5, 100, 0),
]


def processors(temperature, top_k, top_p, min_p, penalty):
    lp = LogitsProcessorList()
    if penalty != 1.0:
        lp.append(RepetitionPenaltyLogitsProcessor(penalty=penalty))
    if temperature != 1.0:
        lp.append(TemperatureLogitsWarper(temperature))
    if top_k != 0:
        lp.append(TopKLogitsWarper(top_k=top_k))
    if top_p < 1.0:
        lp.append(TopPLogitsWarper(top_p=top_p))
    if min_p > 0.0:
        lp.append(MinPLogitsWarper(min_p=min_p))
    return lp


def near_cut(scores_before_p, top_p, min_p, probs_final, scores_before_minp):
    """True when a token is within 1e-4 of the top-p or min-p boundary."""
    if top_p < 1.0:
        p = torch.softmax(scores_before_p, -1)[0].double().numpy()
        p = np.sort(p)[::-1]
        above = np.concatenate([[0.0], np.cumsum(p)[:-1]])
        if np.any(np.abs(above - top_p) < 1e-4):
            return True
    if min_p > 0.0:
        p = torch.softmax(scores_before_minp, -1)[0].double().numpy()
        thr = min_p * p.max()
        if np.any((np.abs(p - thr) < 1e-4 * thr)):
            return True
    return False


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(7)
    all_logits, all_probs, manifest = [], [], []
    for temperature, top_k, top_p, min_p, penalty, n_hist, n_inf in CASES:
        for _attempt in range(1000):
            logits = (rng.standard_normal(N_VOCAB) * 3.0).astype(np.float32)
            logits[rng.choice(N_VOCAB, 10, replace=False)] += 6.0  # a few likely tokens
            if n_inf:
                logits[rng.choice(N_VOCAB, n_inf, replace=False)] = -np.inf
            history = rng.integers(0, 60, size=n_hist).tolist()  # small ids: many repeats
            ids = torch.tensor([history], dtype=torch.long) if history else torch.zeros((1, 0), dtype=torch.long)
            scores = torch.from_numpy(logits.copy())[None, :]
            # Stage by stage, to check the margins at the cuts.
            s = scores
            if penalty != 1.0:
                s = RepetitionPenaltyLogitsProcessor(penalty=penalty)(ids, s)
            penalized = s
            if temperature != 1.0:
                s = TemperatureLogitsWarper(temperature)(ids, s)
            if top_k != 0:
                s = TopKLogitsWarper(top_k=top_k)(ids, s)
            before_p = s
            if top_p < 1.0:
                s = TopPLogitsWarper(top_p=top_p)(ids, s)
            before_minp = s
            out = processors(temperature, top_k, top_p, min_p, penalty)(ids, scores)
            probs = torch.softmax(out, -1)[0]
            if not near_cut(before_p, top_p, min_p, probs, before_minp):
                break
        else:
            raise RuntimeError("could not draw logits away from the cuts")
        greedy = int(torch.argmax(penalized[0]).item())
        all_logits.append(logits)
        all_probs.append(probs.double().numpy())
        manifest.append({"temperature": temperature, "top_k": top_k, "top_p": top_p, "min_p": min_p,
                         "repetition_penalty": penalty, "history": history, "greedy": greedy,
                         "kept": int((probs > 0).sum().item())})
    np.save(os.path.join(OUT, "logits.npy"), np.stack(all_logits).astype(np.float32))
    np.save(os.path.join(OUT, "probs.npy"), np.stack(all_probs).astype(np.float64))
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
