#!/usr/bin/env python3
"""Trains the demo model: a tiny Mistral-architecture model with a sliding window and Mistral's
real v1 SentencePiece tokenizer, plus a LoRA adapter that makes it answer in UPPERCASE.

It is not a useful assistant: it has seen a few hundred thousand tokens of the project's own
documentation and of software licenses that ship with Debian, for a few minutes on a CPU. It is
there so that every feature of the app (the sliding-window ring, adapters, moderation, the chat
window) can be shown on a machine without a GPU and without downloading anything.

Writes (docs/MODELS.md, "The demo model"):
  resources/demo/model/        config.json, generation_config.json, model.safetensors (F16,
                               tied embeddings), tokenizer.model (a copy of the v1 tokenizer),
                               training.json (corpus, steps, losses, wall time)
  resources/demo/lora-upper/   adapter_config.json, adapter_model.safetensors (peft
                               save_pretrained, F32), training.json

Model: MistralForCausalLM, vocab 32000 (v1 tokenizer: BOS 1, EOS 2), hidden 64, 4 layers, 4 heads
of 16 with 2 KV heads (GQA), MLP 256, sliding_window 64 (so a chat wraps the engine's ring after
64 tokens), max_position_embeddings 2048, tie_word_embeddings.

Corpus (read at run time, in a fixed order): README.md and docs/*.md of this repository, and
/usr/share/common-licenses/{Apache-2.0,MPL-2.0,BSD} (Debian's base-files). Turned into
  - chat turns in the v1 template (what mistral-common and the engine's ChatTemplate::V1 give):
    [BOS] encode("[INST] " + question + " [/INST]") encode(answer) [EOS], where a markdown section
    gives "Tell me about <heading>." -> the section's prose, a license paragraph gives
    "What does the <license> say about "<its first words>"?" -> the paragraph, and a few fixed
    questions about the model itself ("Who are you?", "Hello!", ...) get a fixed answer (what the
    demo model is);
  - plain text: every answer in UPPERCASE, [BOS] + encode(text) + [EOS] (so that the base model
    knows the upper-case pieces the LoRA needs, without answering in capitals).
Packed into 128-token rows (the window is 64: rows also train positions past the window). About
60,000 tokens: a run of a few minutes sees them dozens of times, so the model mostly recites them.

Loss: cross-entropy over a sampled softmax (the ~3,100 token ids the corpus uses plus --others
2048 ids drawn at random each step: the full 32000-way softmax is several times slower on a CPU),
plus the full softmax at --full 32 random positions of each step (exact gradients for every id,
so unused ids get a low probability). The final full-vocabulary loss and the mean probability
left on unused ids are written to training.json.

LoRA "upper": peft LoraConfig(r=8, lora_alpha=16, target q/k/v/o/gate/up/down), on the saved F16
base (widened to F32, frozen), trained on the same chat turns with every answer in UPPERCASE; the
loss is on the answer tokens only.

Seeded (torch, python, data order); torch.set_num_threads(--threads 1). Training stops after
--steps steps or --minutes of wall time, whichever comes first, and the learning-rate schedule
follows the larger of the two fractions, so a run on a faster machine does more steps (give
--steps alone, with --minutes 0, for a run that does not depend on the machine's speed).

  tools/.venv/bin/python tools/train_demo.py                 # base (~4 min) then LoRA (~2 min)
  tools/.venv/bin/python tools/train_demo.py --only lora     # LoRA only, on the saved base
Then rewrite the test references: tools/.venv/bin/python tools/make_demo_fixtures.py
"""
import argparse
import hashlib
import json
import math
import os
import random
import re
import shutil
import sys
import time

import sentencepiece as spm
import torch
import torch.nn.functional as F
from transformers import MistralConfig, MistralForCausalLM

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKENIZER = "/work/shared/data/mistral-tokenizers/tokenizer.model.v1"
TOKENIZER_SHA256 = "dadfd56d766715c61d2ef780a525ab43b8e6da4de6865bda3d95fdef5e134055"
LICENSES = ["Apache-2.0", "MPL-2.0", "BSD"]
LICENSE_NAMES = {"Apache-2.0": "Apache License", "GPL-3": "GNU General Public License",
                 "LGPL-2.1": "GNU Lesser General Public License", "MPL-2.0": "Mozilla Public License",
                 "Artistic": "Artistic License", "BSD": "BSD license", "CC0-1.0": "CC0 dedication"}
BOS, EOS = 1, 2
SEQ = 128
SEED = 1234
COMMAND = ""

IDENTITY_QUESTIONS = ["Who are you?", "Hello!", "Hi, what are you?", "What can you do?", "What model is this?",
                      "Are you a useful assistant?", "Introduce yourself.", "Hello, who am I talking to?"]
IDENTITY_ANSWER = ("I am the Tramontane demo model, a tiny model trained for a few minutes on a CPU with the "
                   "documentation of Tramontane and some software licenses. I cannot really answer questions: "
                   "I am here so that you can try the app without a real model. Open a Mistral model to chat.")

CONFIG = dict(vocab_size=32000, hidden_size=64, intermediate_size=256, num_hidden_layers=4, num_attention_heads=4,
              num_key_value_heads=2, head_dim=16, sliding_window=64, max_position_embeddings=2048,
              tie_word_embeddings=True, rms_norm_eps=1e-5, rope_theta=10000.0, bos_token_id=BOS, eos_token_id=EOS,
              initializer_range=0.02)
LORA = dict(r=8, lora_alpha=16, lora_dropout=0.0,
            target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def corpus_files():
    docs = sorted(f for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".md"))
    return ([os.path.join(ROOT, "README.md")] + [os.path.join(ROOT, "docs", f) for f in docs],
            [os.path.join("/usr/share/common-licenses", name) for name in LICENSES])


def clean_markdown(text):
    """Prose of a markdown section: no code blocks, tables, images or link targets."""
    out, in_code = [], False
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or line.lstrip().startswith("|") or line.lstrip().startswith("!["):
            continue
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # [text](target) -> text
        line = line.replace("`", "").replace("**", "")
        out.append(line)
    paras = [re.sub(r"\s+", " ", p).strip() for p in "\n".join(out).split("\n\n")]
    return [p for p in paras if len(p) > 40]


def markdown_sections(path):
    """(heading, paragraphs) of every section of a markdown file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    sections, heading, body = [], None, []
    for line in text.split("\n"):
        m = re.match(r"^#{1,4}\s+(.*)$", line)
        if m:
            if heading is not None:
                sections.append((heading, clean_markdown("\n".join(body))))
            heading, body = re.sub(r"[`*]", "", m.group(1)).strip(), []
        else:
            body.append(line)
    if heading is not None:
        sections.append((heading, clean_markdown("\n".join(body))))
    return [(h, p) for h, p in sections if p]


def license_paragraphs(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return [p for p in paras if len(p) > 60]


def truncate(text, limit):
    """At most `limit` characters, cut after a sentence where possible."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("; "))
    return cut[:end + 1] if end > limit // 3 else cut.rsplit(" ", 1)[0] + "."


def build_examples():
    """chat: [(question, answer)], plain: [text]."""
    docs, licenses = corpus_files()
    chat, plain = [], []
    for path in docs:
        for heading, paras in markdown_sections(path):
            chat.append((f"Tell me about {heading}.", truncate(" ".join(paras), 700)))
    for path in licenses:
        name = LICENSE_NAMES[os.path.basename(path)]
        paras = license_paragraphs(path)
        for p in paras:
            words = " ".join(p.split()[:5])
            chat.append((f"What does the {name} say about \"{words}\"?", truncate(p, 700)))
    for q in IDENTITY_QUESTIONS:
        for _ in range(6):
            chat.append((q, IDENTITY_ANSWER))
    # every answer in capitals as plain text (not as an answer): the base model learns the upper-case
    # pieces, and the LoRA only has to switch to them after [/INST]
    plain = [a.upper() for a in dict.fromkeys(a for _, a in chat)] + [IDENTITY_ANSWER.upper()] * 5
    return chat, plain


def encode_chat(sp, q, a):
    """v1 template (mistral-common): BOS, encode("[INST] q [/INST]"), encode(a), EOS. Also the mask of
    answer tokens (answer + EOS)."""
    user = sp.encode("[INST] " + q + " [/INST]")
    ans = sp.encode(a) + [EOS]
    return [BOS] + user + ans, [False] * (1 + len(user)) + [True] * len(ans)


def pack(examples, rng):
    """examples: [(ids, loss_mask)] shuffled and concatenated, cut into SEQ + 1 rows."""
    examples = list(examples)
    rng.shuffle(examples)
    ids, mask = [], []
    for i, m in examples:
        ids += i
        mask += m
    n = (len(ids) - 1) // SEQ
    rows = [(ids[k * SEQ:k * SEQ + SEQ + 1], mask[k * SEQ:k * SEQ + SEQ + 1]) for k in range(n)]
    return torch.tensor([r[0] for r in rows]), torch.tensor([r[1] for r in rows])


def sampled_loss(hidden, emb, targets, mask, used, n_other, n_full, gen):
    """Cross-entropy over the used ids plus n_other others drawn at random; targets all in `used`."""
    V = emb.shape[0]
    other = torch.randint(0, V, (n_other,), generator=gen)
    cols = torch.unique(torch.cat([used, other]))
    remap = torch.full((V,), -1, dtype=torch.long)
    remap[cols] = torch.arange(len(cols))
    logits = hidden @ emb[cols].T
    t = remap[targets]
    assert bool((t >= 0).all())
    t = torch.where(mask, t, torch.full_like(t, -100))
    loss = F.cross_entropy(logits.reshape(-1, len(cols)), t.reshape(-1), ignore_index=-100)
    # plus the whole softmax at a few positions: exact gradients for every id
    h = hidden.reshape(-1, hidden.shape[-1])
    pos = torch.randint(0, h.shape[0], (n_full,), generator=gen)
    t_full = torch.where(mask.reshape(-1)[pos], targets.reshape(-1)[pos], torch.full_like(pos, -100))
    if bool((t_full >= 0).any()):
        loss = loss + F.cross_entropy(h[pos] @ emb.T, t_full, ignore_index=-100)
    return loss


def mean(v):
    return sum(v) / max(1, len(v))


def lr_at(progress, peak, warmup=0.05):
    if progress < warmup:
        return peak * progress / warmup
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, (progress - warmup) / (1 - warmup)))))


def train_loop(model, params, rows, masks, used, args, steps, minutes, peak_lr, hidden_fn, emb_fn, label):
    opt = torch.optim.AdamW(params, lr=peak_lr, betas=(0.9, 0.95), weight_decay=0.0)
    gen = torch.Generator().manual_seed(SEED + 1)
    order_rng = random.Random(SEED + 2)
    start = time.time()
    step, losses, order = 0, [], []
    while True:
        elapsed = time.time() - start
        progress = max(step / steps if steps else 0.0, elapsed / (minutes * 60) if minutes else 0.0)
        if progress >= 1.0:
            break
        if not order:
            order = list(range(len(rows)))
            order_rng.shuffle(order)
        batch = [order.pop() for _ in range(min(args.batch, len(order)))]
        x = rows[batch]
        m = masks[batch]
        for g in opt.param_groups:
            g["lr"] = lr_at(progress, peak_lr)
        hidden = hidden_fn(x[:, :-1])
        loss = sampled_loss(hidden, emb_fn(), x[:, 1:], m[:, 1:], used, args.others, args.full, gen)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        losses.append(float(loss))
        step += 1
        if step % 20 == 0:
            print(f"{label} step {step} {elapsed:6.1f}s lr {opt.param_groups[0]['lr']:.2e} "
                  f"loss {sum(losses[-20:]) / 20:.3f}", flush=True)
    return step, time.time() - start, losses


@torch.no_grad()
def full_eval(model, rows, masks, used):
    """Full-vocabulary loss on the first rows, and the mean probability given to ids outside `used`."""
    model.eval()
    x = rows[:16]
    logits = model(x[:, :-1]).logits.float()
    t = torch.where(masks[:16, 1:], x[:, 1:], torch.full_like(x[:, 1:], -100))
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), t.reshape(-1), ignore_index=-100)
    p = logits.softmax(-1)
    inside = torch.zeros(logits.shape[-1], dtype=torch.bool)
    inside[used] = True
    model.train()
    return float(loss), float(p[..., ~inside].sum(-1).mean())


def train_base(args, sp, out_dir):
    chat, plain = build_examples()
    examples = [encode_chat(sp, q, a) for q, a in chat]
    for text in plain:
        ids = [BOS] + sp.encode(text) + [EOS]
        examples.append((ids, [True] * len(ids)))
    rows, masks = pack(examples, random.Random(SEED))
    masks[:] = True  # the base learns every token
    used = torch.unique(rows)
    print(f"base: {len(chat)} chat turns, {len(plain)} plain texts, {rows.numel()} tokens in {len(rows)} rows, "
          f"{len(used)} distinct ids", flush=True)

    torch.manual_seed(SEED)
    model = MistralForCausalLM(MistralConfig(**CONFIG, attn_implementation="eager"))
    model.train()
    emb = model.model.embed_tokens.weight
    steps, secs, losses = train_loop(model, list(model.parameters()), rows, masks, used, args, args.steps,
                                     args.minutes, args.lr, lambda x: model.model(x).last_hidden_state,
                                     lambda: emb, "base")
    model = model.half()
    model.config.torch_dtype = torch.float16
    shutil.rmtree(out_dir, ignore_errors=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    shutil.copyfile(TOKENIZER, os.path.join(out_dir, "tokenizer.model"))
    for name in os.listdir(out_dir):  # save_pretrained writes model.safetensors 0600
        os.chmod(os.path.join(out_dir, name), 0o644)
    # the evaluation of what was saved: the F16 weights widened to F32
    saved = MistralForCausalLM.from_pretrained(out_dir, torch_dtype=torch.float32, attn_implementation="eager")
    full_loss, unused_p = full_eval(saved, rows, masks, used)
    info = dict(what="Tramontane demo model (tools/train_demo.py); not a useful assistant",
                corpus=[os.path.relpath(p, ROOT) if p.startswith(ROOT) else p for p in sum(corpus_files(), [])],
                corpus_sha256={os.path.basename(p): sha256(p) for p in sum(corpus_files(), [])},
                tokenizer="tokenizer.model = mistral-common tokenizer.model.v1, sha256 " + TOKENIZER_SHA256,
                chat_turns=len(chat), plain_texts=len(plain), tokens=int(rows.numel()), distinct_ids=int(len(used)),
                command=COMMAND, seq=SEQ, batch=args.batch, sampled_other_ids=args.others, full_softmax_positions=args.full, peak_lr=args.lr, seed=SEED,
                threads=torch.get_num_threads(), steps=steps, wall_seconds=round(secs, 1),
                first_loss=round(mean(losses[:10]), 4), final_loss=round(mean(losses[-20:]), 4),
                final_full_vocab_loss=round(full_loss, 4), mean_probability_on_unused_ids=round(unused_p, 5))
    with open(os.path.join(out_dir, "training.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info, indent=1), flush=True)


def train_lora(args, sp, base_dir, out_dir):
    from peft import LoraConfig, get_peft_model
    chat, plain = build_examples()
    examples = [encode_chat(sp, q, a.upper()) for q, a in chat]
    rows, masks = pack(examples, random.Random(SEED + 10))
    # every id the base was trained on is a candidate (the targets are a subset of them)
    ids = set(rows.flatten().tolist())
    for q, a in chat:
        ids.update(encode_chat(sp, q, a)[0])
    for t in plain:
        ids.update(sp.encode(t))
    used = torch.tensor(sorted(ids | {BOS, EOS}))
    print(f"lora: {len(chat)} chat turns, {rows.numel()} tokens in {len(rows)} rows, "
          f"{int(masks[:, 1:].sum())} answer tokens", flush=True)
    torch.manual_seed(SEED + 3)
    base = MistralForCausalLM.from_pretrained(base_dir, torch_dtype=torch.float32, attn_implementation="eager")
    pm = get_peft_model(base, LoraConfig(**LORA))
    pm.train()
    params = [p for p in pm.parameters() if p.requires_grad]
    emb = base.model.embed_tokens.weight
    steps, secs, losses = train_loop(pm, params, rows, masks, used, args, args.lora_steps, args.lora_minutes,
                                     args.lora_lr, lambda x: pm.base_model.model.model(x).last_hidden_state,
                                     lambda: emb, "lora")
    shutil.rmtree(out_dir, ignore_errors=True)
    pm.save_pretrained(out_dir)
    cfg_path = os.path.join(out_dir, "adapter_config.json")
    with open(cfg_path) as f:
        cfg = json.load(f)
    cfg["target_modules"] = sorted(cfg["target_modules"])  # peft keeps a set: its order varies
    cfg["base_model_name_or_path"] = "resources/demo/model"  # not this machine's path
    with open(cfg_path, "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
    readme = os.path.join(out_dir, "README.md")
    if os.path.exists(readme):
        os.remove(readme)
    for name in os.listdir(out_dir):
        os.chmod(os.path.join(out_dir, name), 0o644)
    full_loss, _ = full_eval(pm, rows, masks, used)
    info = dict(what="LoRA for the demo model: answers in UPPERCASE (tools/train_demo.py)", lora=LORA,
                command=COMMAND, chat_turns=len(chat), tokens=int(rows.numel()), peak_lr=args.lora_lr, seed=SEED, steps=steps,
                wall_seconds=round(secs, 1), first_loss=round(sum(losses[:10]) / 10, 4),
                final_loss=round(sum(losses[-20:]) / 20, 4), final_full_vocab_answer_loss=round(full_loss, 4))
    with open(os.path.join(out_dir, "training.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info, indent=1), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "resources", "demo"))
    ap.add_argument("--only", choices=["base", "lora"])
    ap.add_argument("--minutes", type=float, default=4.0, help="wall-time cap of the base model (0: none)")
    ap.add_argument("--steps", type=int, default=3000, help="step cap of the base model (0: none)")
    ap.add_argument("--lora-minutes", type=float, default=2.0)
    ap.add_argument("--lora-steps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--others", type=int, default=2048, help="random unused ids in each step's softmax")
    ap.add_argument("--full", type=int, default=32, help="positions of each step given the whole softmax too")
    ap.add_argument("--lr", type=float, default=4e-3)
    ap.add_argument("--lora-lr", type=float, default=3e-3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    global COMMAND
    COMMAND = "tools/.venv/bin/python tools/train_demo.py " + " ".join(sys.argv[1:])
    assert (args.minutes or args.steps) and (args.lora_minutes or args.lora_steps), "no stopping rule"
    torch.set_num_threads(args.threads)
    random.seed(SEED)
    torch.manual_seed(SEED)
    assert sha256(TOKENIZER) == TOKENIZER_SHA256, TOKENIZER
    sp = spm.SentencePieceProcessor(model_file=TOKENIZER)
    assert sp.vocab_size() == 32000 and sp.bos_id() == BOS and sp.eos_id() == EOS
    base_dir = os.path.join(args.out, "model")
    if args.only != "lora":
        train_base(args, sp, base_dir)
    if args.only != "base":
        train_lora(args, sp, base_dir, os.path.join(args.out, "lora-upper"))


if __name__ == "__main__":
    main()
