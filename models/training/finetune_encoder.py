#!/usr/bin/python3
"""Fine-tunes the top of the MiniLM encoder for stance and writes a small adapter the service merges at load.

Offline tool (PyTorch from Debian: apt-get install python3-torch python3-onnx python3-numpy; run with /usr/bin/python3).
See models/README.md, "Fine-tuned encoder", for the command, what was measured and why this configuration ships.

Data: shared/data/train (read from --data; never eval/) plus the project's corpus files (--corpus globs) and the
Stormfront relabel file. Rows and targets follow the C# trainer (src/ModerationApi.Cli/TrainingLabels.cs) and its
held-out split (SHA-256 of "source:group", first byte mod 5): the rows of the held-out fold are never trained on, so the
C# `train` command can calibrate thresholds on that fold with the fine-tuned encoder.

Training: the lower layers run once and their outputs are cached (fp16); the top --layers layers are trained (dense
deltas or LoRA factors, --mode) with a temporary MLP head per label, texts cut to --max-tokens tokens.
Output: the adapter (format in AdapterFormat below and in src/ModerationApi.Engine/Classifier/EncoderAdapter.cs), a JSON
record next to it (seed, data file SHA-256s, hyperparameters, held-out numbers), and the fixture file the tests use.
"""
import argparse
import glob
import hashlib
import json
import math
import os
import random
import struct
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import minilm_torch as mt  # noqa: E402

BENIGN = {"news", "news_terrorism", "charity_appeal", "benign", "far_right_forum_nohate", "benign_crypto_donation", "counter_speech"}
PROPAGANDA = {"extremist_propaganda", "extremist_recruitment", "extremist_radicalization"}
GROUP_FIELDS = ["pair", "group", "username", "user", "author", "account", "user_id"]  # as src/ModerationApi.Cli/DataFiles.cs
MIWS = "miws_extremist_quotes"


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def sha256_file(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def mostly_unreadable(text):
    letters = latin = 0
    for c in text:
        if c.isalpha():
            letters += 1
            if ord(c) < 0x250:
                latin += 1
    return letters > 0 and latin * 2 < letters


def read_jsonl(path):
    source = Path(path).stem
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            rid = str(obj["id"]) if "id" in obj else f"{source}-{n}"
            group = next((obj[k] for k in GROUP_FIELDS if isinstance(obj.get(k), str) and obj[k]), rid)
            rows.append({"id": rid, "text": obj.get("text") or "", "label": obj.get("label") or "", "source": source,
                         "group": f"{source}:{group}", "ideology": obj.get("ideology"), "category": obj.get("category"),
                     "pair": obj.get("pair")})
    return rows


def parse_caps(items):
    return {k: int(v) for k, v in (item.split("=") for item in items)}


SHIPPED_FIXTURES = "tests/ModerationApi.IntegrationTests/Fixtures/encoder-adapter-fixtures.json"


def held_out(group, fold):
    return hashlib.sha256(group.encode("utf-8")).digest()[0] % 5 == fold


def targets(row, args, relabel):
    """(propaganda target, financing target, weight) with targets 1, 0 or None (unknown), as TrainingLabels.For."""
    label = row["label"]
    if row["source"] == "stormfront_sentences" and row["id"] in relabel:
        verdict = relabel[row["id"]]
        if verdict == "propaganda":
            return 1, None, 1.0
        if verdict == "hate":
            return (0, 0, 1.0) if args.relabelled_hate == "negative" else (None, None, 0.0)
        return None, None, 0.0
    if label in BENIGN:
        return 0, 0, 1.0
    if label in PROPAGANDA:
        return 1, 0, (args.miws_weight if row["source"] == MIWS else 1.0)
    if label == "terrorist_financing":
        return None, 1, 1.0
    if label == "far_right_hate":
        return 1, None, args.hate_weight
    if label == "pro_isis_account":
        return 1, None, args.pro_isis_weight
    if label == "pro_isis_not_propaganda":
        return None, None, 0.0
    if label == "hate_speech":
        return (0, 0, 1.0) if args.conan_hate == "negative" else (None, None, 0.0)
    raise ValueError(f"{row['source']}: unknown label '{label}' (row {row['id']})")


def report_source(row):
    if row["label"] == "far_right_forum_nohate":
        return "stormfront_nohate"
    if row["label"] == "news_terrorism":
        return "news_terrorism"
    if row["label"] == "counter_speech":
        return "conan_counter_speech"
    if row["source"].startswith("hard_negatives") or row["label"] == "benign" and row["source"] != "general_tweets":
        return "corpus_hard_negatives"
    return row["source"]


def load_rows(args):
    files = sorted(glob.glob(os.path.join(args.data, "train", "*.jsonl")))
    for pattern in args.corpus:
        files += sorted(glob.glob(pattern))
    rows, hashes = [], {}
    for path in files:
        hashes[os.path.relpath(path)] = sha256_file(path)
        rows += read_jsonl(path)
    relabel = {}
    if args.stormfront_relabel:
        hashes[os.path.relpath(args.stormfront_relabel)] = sha256_file(args.stormfront_relabel)
        with open(args.stormfront_relabel, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2 and parts[0] != "id":
                    relabel[parts[0]] = parts[1].strip()
    if args.pro_isis_relabel:
        # A reading by tweet of the account-labelled tweets (models/corpus/README.md): propaganda becomes a clean
        # positive (and escapes the pro_isis_account cap), not is left out, unclear stays account-labelled.
        hashes[os.path.relpath(args.pro_isis_relabel)] = sha256_file(args.pro_isis_relabel)
        with open(args.pro_isis_relabel, encoding="utf-8") as f:
            verdicts = dict(line.rstrip("\n").split("\t")[:2] for line in f if not line.startswith("id\t"))
        for row in rows:
            verdict = verdicts.get(row["id"]) if row["source"] == "pro_isis_accounts" else None
            if verdict == "propaganda":
                row["label"] = "extremist_propaganda"
            elif verdict == "not":
                row["label"] = "pro_isis_not_propaganda"
            elif verdict not in (None, "unclear"):
                raise ValueError(f"unknown pro-ISIS relabel verdict '{verdict}' for {row['id']}")
    kept = []
    for row in rows:
        if not row["text"] or mostly_unreadable(row["text"]):
            continue
        p, f, w = targets(row, args, relabel)
        if w <= 0 or (p is None and f is None):
            continue
        row.update(p=p, f=f, w=w, held=held_out(row["group"], args.fold))
        kept.append(row)
    return kept, hashes, relabel


class LoRA(torch.nn.Module):
    """W + A·B on a frozen torch Linear (A [in, r], B [r, out] in the ONNX layout x·W)."""

    def __init__(self, linear, rank, alpha):
        super().__init__()
        self.linear = linear
        self.scale = alpha / rank
        self.a = torch.nn.Parameter(torch.randn(linear.in_features, rank) / math.sqrt(linear.in_features))
        self.b = torch.nn.Parameter(torch.zeros(rank, linear.out_features))

    def forward(self, x):
        return self.linear(x) + (x @ self.a) @ self.b * self.scale


def wrap_lora(layer, rank, alpha):
    """Puts LoRA factors on a layer's six matrices and unfreezes its biases and LayerNorms (small: trained dense);
    returns the parameters to train."""
    params = []
    for name in ("query", "key", "value", "attention_output", "intermediate", "output"):
        lora = LoRA(getattr(layer, name), rank, alpha)
        setattr(layer, name, lora)
        params += [lora.a, lora.b]
    for name, p in layer.named_parameters():
        if name.endswith("bias") or "norm" in name:
            p.requires_grad_(True)
            params.append(p)
    return params


class Head(torch.nn.Module):
    """The temporary classification head: per label an MLP over the pooled embedding, like the shipped heads."""

    def __init__(self, hidden=128):
        super().__init__()
        self.hidden = torch.nn.Linear(mt.HIDDEN, 2 * hidden)
        self.out = torch.nn.Linear(2 * hidden, 2)

    def forward(self, e):
        return self.out(torch.relu(self.hidden(e)))


def token_ids(rows, tokenizer, max_tokens):
    return [tokenizer.encode(r["text"], max_tokens) for r in rows]


def length_batches(lengths, batch, rng=None):
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches = [order[i:i + batch] for i in range(0, len(order), batch)]
    if rng is not None:
        rng.shuffle(batches)
    return batches


def cache_lower(model, ids, first_trained):
    """Runs the embedding and the frozen lower layers once; returns per-row fp16 hidden states."""
    cached = [None] * len(ids)
    lengths = [len(x) for x in ids]
    started = time.time()
    with torch.no_grad():
        for n, rows in enumerate(length_batches(lengths, 64)):
            tid, mask = mt.pad_batch([ids[r] for r in rows])
            h = model.run_layers(model.embed_tokens(tid), mask, 0, first_trained)
            for k, r in enumerate(rows):
                cached[r] = h[k, :lengths[r]].to(torch.float16).clone()
            if n % 50 == 0:
                log(f"  cached {sum(1 for c in cached if c is not None)}/{len(ids)} ({time.time() - started:.0f} s)")
    return cached


def stack(cached, rows):
    width = max(cached[r].shape[0] for r in rows)
    x = torch.zeros((len(rows), width, mt.HIDDEN))
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for k, r in enumerate(rows):
        n = cached[r].shape[0]
        x[k, :n] = cached[r].float()
        mask[k, :n] = 1
    return x, mask


def embed_top(model, cached, rows, first_trained):
    if first_trained == mt.LAYERS:
        return torch.stack([cached[r] for r in rows])
    x, mask = stack(cached, rows)
    return mt.pool(model.run_layers(x, mask, first_trained, mt.LAYERS), mask)


def threshold_at(negatives, budget=0.005):
    """Lowest threshold at which at most budget·n of the negatives score at or above it (the C# calibrator's rule)."""
    neg = np.sort(np.asarray(negatives))[::-1]
    allowed = int(math.floor(budget * len(neg)))
    return float(np.nextafter(np.float32(neg[allowed]), np.float32(np.inf))) if allowed < len(neg) else -np.inf


def roc_auc(pos, neg):
    pos, neg = np.asarray(pos, dtype=np.float64), np.asarray(neg, dtype=np.float64)
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    scores = np.concatenate([pos, neg])
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def held_out_report(rows, scores):
    """Propaganda head on the held-out fold: threshold at 0.5% pooled negatives, recall and AUC per group, FP per source."""
    neg = [s for r, s in zip(rows, scores) if r["p"] == 0]
    t = threshold_at(neg)
    groups = {}
    for r, s in zip(rows, scores):
        if r["p"] == 1 and r["label"] in PROPAGANDA:
            groups.setdefault("clean", []).append(s)
            if r["source"] == MIWS:
                groups.setdefault("miws", []).append(s)
                groups.setdefault("miws/" + (r["ideology"] or "?"), []).append(s)
            else:
                if r["ideology"] and r["ideology"] != "none":
                    groups.setdefault("corpus/" + r["ideology"], []).append(s)
                else:
                    cat = r["category"] or r["source"]
                    groups.setdefault("corpus/" + ("far_right" if cat.startswith(("far_right", "white", "accel")) else cat), []).append(s)
        elif r["p"] == 1:
            groups.setdefault(r["source"] + "/" + r["label"], []).append(s)
    report = {"threshold": t, "negatives": len(neg)}
    for g, v in sorted(groups.items()):
        report[g] = {"n": len(v), "recall": round(float(np.mean(np.asarray(v) >= t)), 4), "auc": round(roc_auc(v, neg), 4)}
    fp = {}
    for r, s in zip(rows, scores):
        if r["p"] == 0:
            src = report_source(r)
            c = fp.setdefault(src, [0, 0])
            c[0] += int(s >= t)
            c[1] += 1
    report["false_positives"] = {k: f"{a}/{b}" for k, (a, b) in sorted(fp.items())}
    return report


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="shared/data (only train/ is read)")
    ap.add_argument("--corpus", nargs="*", default=["models/corpus/*.jsonl"], help="globs of project corpus files")
    ap.add_argument("--stormfront-relabel", help="TSV id<TAB>label (propaganda|hate|unclear) for Stormfront hate rows")
    ap.add_argument("--relabelled-hate", choices=["negative", "skip"], default="skip")
    ap.add_argument("--conan-hate", choices=["negative", "skip"], default="skip")
    ap.add_argument("--out", default="models/encoder/adapter.bin")
    ap.add_argument("--fixtures", default=None,
                    help="where to record the fixture embeddings; by default the tests' file when --out is the shipped "
                         "adapter, else next to --out (a measurement run must not overwrite the committed fixtures)")
    ap.add_argument("--fixture-posts", default="models/training/fixture_posts.txt")
    ap.add_argument("--mode", choices=["dense", "lora", "head-only"], default="dense")
    ap.add_argument("--layers", type=int, default=2, help="top layers trained")
    ap.add_argument("--attention-only", type=int, default=0,
                    help="dense mode: the lowest N of the trained layers train their attention only (feed-forward frozen), "
                         "which keeps a fifth layer within the adapter's 8 MB budget")
    ap.add_argument("--lora-below", type=int, default=0,
                    help="dense mode: the N layers below the --layers trained ones get LoRA factors (--rank, --alpha) and "
                         "dense biases and LayerNorms, so all six layers can train within the adapter's 8 MB budget")
    ap.add_argument("--lora-lr-scale", type=float, default=20.0,
                    help="LoRA factors (and the biases and LayerNorms trained with them) learn at this multiple of --lr")
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5, help="encoder learning rate (LoRA: --lora-lr-scale times this)")
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--max-tokens", type=int, default=64)
    ap.add_argument("--pro-isis-weight", type=float, default=0.25)
    ap.add_argument("--pro-isis-relabel", default=None,
                    help="TSV (id, label) reading the account-labelled pro-ISIS tweets by tweet: propaganda, not, unclear")
    ap.add_argument("--train-cap", nargs="*", default=["pro_isis_account=2000", "far_right_forum_nohate=2500", "news=1500",
                                                         "charity_appeal=600", "counter_speech=1500"],
                    help="label=N: at most N training rows of that label (random, by seed)")
    ap.add_argument("--held-cap", nargs="*", default=["pro_isis_account=0", "far_right_forum_nohate=2000", "news=1200"],
                    help="label=N: at most N held-out rows of that label")
    ap.add_argument("--hate-weight", type=float, default=0.5)
    ap.add_argument("--miws-weight", type=float, default=1.0)
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--cache", help="file for the lower layers' outputs (reused when the rows and settings match)")
    ap.add_argument("--pair-weight", type=float, default=0.0,
                    help="weight of a contrastive stance term: the corpus's same-topic pairs of opposite stance are "
                         "pushed apart in the pooled embedding (cosine above --pair-margin is penalised); 0 = off")
    ap.add_argument("--pair-margin", type=float, default=0.5)
    ap.add_argument("--pairs-per-step", type=int, default=16)
    ap.add_argument("--delta-precision", choices=["fp16", "int8"], default="fp16",
                    help="how changed matrices are stored (int8: per-column scales, format version 2; vectors stay fp16)")
    ap.add_argument("--no-write", action="store_true", help="measure only")
    args = ap.parse_args()
    if args.fixtures is None:
        shipped = os.path.abspath(args.out) == os.path.abspath("models/encoder/adapter.bin")
        args.fixtures = SHIPPED_FIXTURES if shipped else os.path.splitext(args.out)[0] + ".fixtures.json"

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    model, tokenizer, param_onnx, weights = mt.load()
    rows, hashes, relabel = load_rows(args)
    # Plentiful sources are capped (a random sample by seed), separately for training and held-out rows, so a run takes
    # minutes on two shared cores; held-out caps only make the measurement cheaper.
    caps = {False: parse_caps(args.train_cap), True: parse_caps(args.held_cap)}
    drop = set()
    for held in (False, True):
        for label, cap in caps[held].items():
            pool = [r for r in rows if r["label"] == label and r["held"] == held]
            if len(pool) > cap:
                drop |= {id(r) for r in rng.sample(pool, len(pool) - cap)}
    rows = [r for r in rows if id(r) not in drop]
    train_rows = [i for i, r in enumerate(rows) if not r["held"]]
    test_rows = [i for i, r in enumerate(rows) if r["held"]]
    log(f"{len(rows)} rows ({len(train_rows)} train, {len(test_rows)} held out, fold {args.fold}); relabelled Stormfront rows {len(relabel)}")

    # head-only shares the cache of a --layers run: the frozen top layers run once over it.
    layers = 0 if args.mode == "head-only" else args.layers
    first = mt.LAYERS - args.layers
    if args.lora_below and (args.mode != "dense" or args.lora_below > first):
        raise SystemExit("--lora-below needs --mode dense and at most 6 - --layers layers")
    # The lowest layer that runs during training: below it, outputs are cached once.
    first_run = first - args.lora_below
    ids = token_ids(rows, tokenizer, args.max_tokens)
    key = hashlib.sha256(json.dumps([ids, first_run]).encode()).hexdigest()[:16]
    if args.cache and os.path.exists(args.cache) and torch.load(args.cache)["key"] == key:
        cached = torch.load(args.cache)["cached"]
        log(f"lower layers from {args.cache}")
    else:
        log(f"caching layers 0..{first_run - 1} for {len(rows)} rows at {args.max_tokens} tokens")
        started = time.time()
        cached = cache_lower(model, ids, first_run)
        log(f"cached in {time.time() - started:.0f} s")
        if args.cache:
            torch.save({"key": key, "cached": cached}, args.cache)

    # The untouched weights, keyed as the plain model names them (LoRA wrapping renames its Linears' parameters), for
    # the adapter's deltas after training.
    base = {k: v.detach().clone() for k, v in model.state_dict().items()}
    for p in model.parameters():
        p.requires_grad_(False)
    trained = {}
    if args.mode == "dense":
        for i in range(first, mt.LAYERS):
            for name, p in model.layers[i].named_parameters():
                if i < first + args.attention_only and not name.startswith(("query", "key", "value", "attention_")):
                    continue
                p.requires_grad_(True)
                trained[f"layers.{i}.{name}"] = p
        encoder_params = list(trained.values())
        encoder_lr = args.lr
        lora_params = []
        for i in range(first_run, first):
            lora_params += wrap_lora(model.layers[i], args.rank, args.alpha)
    elif args.mode == "lora":
        encoder_params, lora_params = [], []
        for i in range(first, mt.LAYERS):
            encoder_params += wrap_lora(model.layers[i], args.rank, args.alpha)
        encoder_lr = args.lr * args.lora_lr_scale
    else:
        encoder_params, lora_params, encoder_lr = [], [], args.lr

    head = Head()
    groups = [{"params": head.parameters(), "lr": args.head_lr}]
    if encoder_params:
        groups.append({"params": encoder_params, "lr": encoder_lr})
    if lora_params:
        groups.append({"params": lora_params, "lr": args.lr * args.lora_lr_scale})
    optimizer = torch.optim.AdamW(groups, weight_decay=0.01)

    # Classes balanced per label: positive weight total = negative weight total (as the C# trainer).
    pw = np.zeros((len(rows), 2), dtype=np.float32)
    for i in train_rows:
        r = rows[i]
        for k, t in enumerate((r["p"], r["f"])):
            if t is not None:
                pw[i, k] = r["w"]
    target = np.array([[r["p"] or 0, r["f"] or 0] for r in rows], dtype=np.float32)
    for k in range(2):
        pos = pw[train_rows, k][target[train_rows, k] == 1].sum()
        neg = pw[train_rows, k][target[train_rows, k] == 0].sum()
        scale_pos, scale_neg = (pos + neg) / (2 * pos), (pos + neg) / (2 * neg)
        for i in train_rows:
            pw[i, k] *= scale_pos if target[i, k] == 1 else scale_neg
    pw_t, target_t = torch.from_numpy(pw), torch.from_numpy(target)

    lengths = [c.shape[0] for c in cached]
    if args.mode == "head-only":
        with torch.no_grad():
            for b in length_batches(lengths, 128):
                e = embed_top(model, cached, b, first_run)
                for k, r in enumerate(b):
                    cached[r] = e[k]
        first_run = mt.LAYERS
        lengths = [1] * len(cached)
    # Same-topic pairs of opposite stance among the training rows (a propaganda or financing row and a benign row that
    # share a corpus pair id): the contrastive term pushes their embeddings apart, so that what separates them is stance.
    pairs = []
    if args.pair_weight > 0:
        by_pair = {}
        for i in train_rows:
            if rows[i].get("pair"):
                by_pair.setdefault(rows[i]["pair"], []).append(i)
        for members in by_pair.values():
            bad = [i for i in members if rows[i]["p"] == 1 or rows[i]["f"] == 1]
            good = [i for i in members if rows[i]["p"] == 0 and rows[i]["f"] == 0]
            pairs += [(a, b) for a in bad for b in good]
        log(f"contrastive stance term: {len(pairs)} training pairs, weight {args.pair_weight}, margin {args.pair_margin}")
    steps = args.epochs * math.ceil(len(train_rows) / args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, (steps - s) / steps))
    started = time.time()
    step = 0
    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        batches = length_batches([lengths[i] for i in train_rows], args.batch, rng)
        for n, b in enumerate(batches):
            rows_b = [train_rows[j] for j in b]
            e = embed_top(model, cached, rows_b, first_run)
            logits = head(e * 10)
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(logits, target_t[rows_b], reduction="none") * pw_t[rows_b]).sum() / len(rows_b)
            if pairs:
                chosen = rng.sample(pairs, min(args.pairs_per_step, len(pairs)))
                ea = embed_top(model, cached, [a for a, _ in chosen], first_run)
                eb = embed_top(model, cached, [b for _, b in chosen], first_run)
                cos = torch.nn.functional.cosine_similarity(ea, eb)
                loss = loss + args.pair_weight * torch.relu(cos - args.pair_margin).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            step += 1
            total += loss.item()
            if n % 100 == 0:
                log(f"  epoch {epoch + 1} batch {n}/{len(batches)} loss {total / (n + 1):.4f} ({time.time() - started:.0f} s)")
    train_seconds = time.time() - started
    log(f"trained in {train_seconds:.0f} s")

    model.eval()
    with torch.no_grad():
        scores = []
        for b in length_batches([lengths[i] for i in test_rows], 128):
            rows_b = [test_rows[j] for j in b]
            scores.append((rows_b, torch.sigmoid(head(embed_top(model, cached, rows_b, first_run) * 10))[:, 0]))
        by_row = {}
        for rows_b, s in scores:
            for r, v in zip(rows_b, s.tolist()):
                by_row[r] = v
    report = held_out_report([rows[i] for i in test_rows], [by_row[i] for i in test_rows])
    log(json.dumps(report, indent=1))
    record = {
        "mode": args.mode, "layers": layers, "loraBelow": args.lora_below, "fold": args.fold, "seed": args.seed,
        "hyperparameters": {k: v for k, v in vars(args).items() if k not in ("cache", "no_write")},
        "encoderLearningRate": encoder_lr, "trainRows": len(train_rows), "heldOutRows": len(test_rows),
        "trainSeconds": round(train_seconds), "heldOut": report, "dataFiles": hashes,
        "torch": torch.__version__, "baseModelSha256": mt.MODEL_SHA256,
    }
    if args.no_write or args.mode == "head-only":
        print(json.dumps(record))
        return
    import adapter_format  # noqa: E402

    if args.mode == "lora" or args.lora_below:
        merge_lora(model)
    tensors = adapter_format.collect(model, base, param_onnx, weights, args.mode, args.rank if args.mode == "lora" else 0,
                                     args.delta_precision)
    write_outputs(args, model, tokenizer, tensors, weights, record)


def merge_lora(model):
    """Folds LoRA factors into plain Linears (fp32), keeping the factors for the adapter (which stores them, not the
    folded weight), so the trained model still computes what was trained."""
    with torch.no_grad():
        for layer in model.layers:
            for name in ("query", "key", "value", "attention_output", "intermediate", "output"):
                m = getattr(layer, name)
                if isinstance(m, LoRA):
                    a, b = m.a.detach() * m.scale, m.b.detach()
                    m.linear.weight += (a @ b).t()  # torch Linear is [out, in]; A·B is [in, out]
                    m.linear.lora_factors = (a, b)
                    setattr(layer, name, m.linear)


def write_outputs(args, model, tokenizer, tensors, weights, record):
    import adapter_format  # noqa: E402

    blob = adapter_format.write(tensors, record)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(blob)
    adapter_sha = hashlib.sha256(blob).hexdigest()
    log(f"wrote {args.out}: {len(blob) / 1e6:.2f} MB, {len(tensors)} tensors, SHA-256 {adapter_sha[:12]}")

    # The merged model exactly as the service builds it: base + the adapter's rounded values, read back from the file.
    merged, _ = mt.load()[0], None
    adapter_format.apply(merged, adapter_format.read(blob), weights)
    base_model = mt.load()[0]
    posts = [line.rstrip("\n") for line in open(args.fixture_posts, encoding="utf-8") if line.strip() and not line.startswith("#")]
    ids = [tokenizer.encode(p, 128) for p in posts]
    with torch.no_grad():
        tid, mask = mt.pad_batch(ids)
        merged_e = merged(tid, mask)
        base_e = base_model(tid, mask)
        trained_e = model(tid, mask)
    drift = float((merged_e - trained_e).abs().max())
    log(f"merged vs trained (rounding of the adapter): max |diff| {drift:.2e}")
    fixtures = {
        "comment": "Written by models/training/finetune_encoder.py at training time from the PyTorch port: the embeddings of "
                   "the fixture posts with the base model and with the adapter merged. The C# tests must reproduce them.",
        "adapterSha256": adapter_sha,
        "baseModelSha256": mt.MODEL_SHA256,
        "posts": [{"text": p, "tokenIds": i, "base": [round(v, 7) for v in b.tolist()], "merged": [round(v, 7) for v in m.tolist()]}
                  for p, i, b, m in zip(posts, ids, base_e, merged_e)],
    }
    Path(args.fixtures).parent.mkdir(parents=True, exist_ok=True)
    Path(args.fixtures).write_text(json.dumps(fixtures) + "\n", encoding="utf-8")
    record.update(adapterSha256=adapter_sha, adapterBytes=len(blob), mergedVsTrainedMaxDiff=drift, fixtureFile=args.fixtures)
    Path(os.path.splitext(args.out)[0] + ".json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
