"""Helpers the family modules share: state-dict diffs, parameter counts, audio checks. Stdlib + lazy torch."""
import importlib
import json
import os
import re
from importlib import metadata

LAYER_INDEX = re.compile(r"\.(\d+)\.")


def jsonable(value):
    """The value when JSON can carry it, else its repr: details and defaults must never break the event stream."""
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


class Skip(Exception):
    """A stage left out for want of something the target could be given (a model folder, a voice
    name), with the reason the report shows. The target is not all green until it is given."""
    kind = "no-input"


class NotApplicable(Skip):
    """A stage that cannot apply to this model (a codec has no voices, a single-speaker checkpoint
    has no speaker to pick): neutral in the report, the target can still be all green."""
    kind = "not-applicable"


def versions(names):
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def find_specs(modules):
    import importlib.util
    return {m: importlib.util.find_spec(m) is not None for m in modules}


def resolve(entry):
    """'pkg.module:Attr.sub' -> the object (imports the module)."""
    module_name, _, attr = entry.partition(":")
    obj = importlib.import_module(module_name)
    for part in filter(None, attr.split(".")):
        obj = getattr(obj, part)
    return obj


def read_config(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if path.endswith((".yaml", ".yml")):
        import yaml  # only for YAML configs; PyYAML ships with most ML stacks
        return yaml.safe_load(text)
    return json.loads(text)


def collapse(keys):
    """['layers.0.w', 'layers.1.w'] -> ['layers.{0..1}.w']: a diff people can read."""
    groups = {}
    for key in keys:
        indices = LAYER_INDEX.findall(key)
        if not indices:
            groups.setdefault(key, [])
            continue
        pattern = LAYER_INDEX.sub(".{}.", key, count=1)
        groups.setdefault(pattern, []).append(int(indices[0]))
    out = []
    for pattern, nums in groups.items():
        if not nums:
            out.append(pattern)
            continue
        nums = sorted(set(nums))
        spans, start, prev = [], nums[0], nums[0]
        for n in nums[1:] + [None]:
            if n is not None and n == prev + 1:
                prev = n
                continue
            spans.append(str(start) if start == prev else "%d..%d" % (start, prev))
            if n is not None:
                start = prev = n
        label = spans[0] if len(nums) == 1 else "{" + ",".join(spans) + "}"
        out.append(pattern.replace("{}", label, 1))
    return sorted(out)


def state_dict_diff(model_sd, ckpt_sd):
    model_keys, ckpt_keys = set(model_sd), set(ckpt_sd)
    mismatched, shapes = [], []
    for key in sorted(model_keys & ckpt_keys):
        a, b = tuple(model_sd[key].shape), tuple(ckpt_sd[key].shape)
        if a != b:
            mismatched.append("%s: checkpoint %s, model %s" % (key, list(b), list(a)))
            shapes.append((key, list(b), list(a)))
    return {
        "missing": collapse(sorted(model_keys - ckpt_keys)),
        "unexpected": collapse(sorted(ckpt_keys - model_keys)),
        "shapeMismatched": mismatched,
        "_shapes": shapes,  # for the message only: details show shapeMismatched
        "missingCount": len(model_keys - ckpt_keys),
        "unexpectedCount": len(ckpt_keys - model_keys),
    }


# Which config names usually size a tensor, by words in the tensor's name (a first guess; the value
# decides: only keys whose value equals the model's mismatched dimension are candidates).
_SIZE_WORDS = (
    (("embed", "emb", "token", "symbol", "vocab", "text"), ("vocab", "symbol", "token", "n_vocab")),
    (("speaker", "spk", "emb_g"), ("speaker", "spk")),
    (("lang",), ("lang",)),
    (("", ), ("hidden", "channel", "dim", "size", "d_model", "width")),
)


def _flatten(cfg, prefix=""):
    for key, value in (cfg or {}).items():
        path = prefix + str(key)
        if isinstance(value, dict):
            yield from _flatten(value, path + ".")
        elif isinstance(value, int) and not isinstance(value, bool):
            yield path, value


def config_keys_for_shapes(cfg, shapes):
    """For each tensor whose shape differs, the config key whose value is the model's size on that
    axis, and the value the checkpoint implies: `vocab_size 64 -> 40` for an embedding of 40 rows."""
    flat = list(_flatten(cfg))
    out, seen = [], set()
    for tensor, ckpt_shape, model_shape in shapes:
        for axis, (have, want) in enumerate(zip(ckpt_shape, model_shape)):
            if have == want:
                continue
            candidates = [k for k, v in flat if v == want]
            if not candidates:
                continue
            lowered = tensor.lower()

            def score(key):
                name = key.lower().rsplit(".", 1)[-1]
                for rank, (tensor_words, key_words) in enumerate(_SIZE_WORDS):
                    if any(w in lowered for w in tensor_words) and any(w in name for w in key_words):
                        return rank
                return len(_SIZE_WORDS)

            best = sorted(candidates, key=lambda k: (score(k), k.count("."), k))[0]
            if (best, have) in seen:
                continue
            seen.add((best, have))
            out.append({"tensor": tensor, "axis": axis, "key": best, "value": want, "checkpoint": have,
                        "alternatives": [k for k in candidates if k != best][:3]})
    return out


class StateDictMismatch(Exception):
    """Raised with the grouped diff, so the report can show it as data, not a wall of keys.

    The message keeps torch's own wording (load_state_dict's), so people and the knowledge base
    recognise it; layer ranges are collapsed.
    """

    def __init__(self, diff, model_name="model"):
        self.diff = diff
        parts = []
        if diff["missing"]:
            parts.append("Missing key(s) in state_dict: %s." % ", ".join('"%s"' % k for k in diff["missing"][:20]))
        if diff["unexpected"]:
            parts.append("Unexpected key(s) in state_dict: %s." % ", ".join('"%s"' % k for k in diff["unexpected"][:20]))
        for entry in diff.get("_shapes", [])[:20]:
            parts.append("size mismatch for %s: copying a param with shape torch.Size(%s) from checkpoint, "
                         "the shape in current model is torch.Size(%s)." % entry)
        super().__init__("Error(s) in loading state_dict for %s:\n\t%s" % (model_name, "\n\t".join(parts)))


def parameter_stats(model):
    by_dtype = {}
    count = 0
    for p in model.parameters():
        n = p.numel()
        count += n
        key = str(p.dtype).replace("torch.", "")
        entry = by_dtype.setdefault(key, {"parameters": 0, "bytes": 0})
        entry["parameters"] += n
        entry["bytes"] += n * p.element_size()
    total = sum(e["bytes"] for e in by_dtype.values())
    return {"parameters": count, "bytesByDtype": by_dtype, "weightBytes": total,
            # Loading holds the checkpoint and the model at once: about twice the weights.
            "expectedLoadBytes": total * 2}


def load_checkpoint(path):
    if path.endswith(".safetensors"):
        from safetensors.torch import load_file
        return load_file(path)
    import torch
    return torch.load(path, map_location="cpu")  # weights_only is torch's default (True since 2.6)


def load_strict(model, state_dict):
    diff = state_dict_diff(model.state_dict(), state_dict)
    if diff["missing"] or diff["unexpected"] or diff["shapeMismatched"]:
        raise StateDictMismatch(diff)
    model.load_state_dict(state_dict, strict=True)
    return diff


def audio_check(samples, sample_rate, expected_rate=None):
    """'Initialised' is not 'works': finite, in [-1, 1], not silent, at the expected rate."""
    import math
    values = [float(x) for x in samples]
    if not values:
        raise ValueError("synthesis produced no samples")
    finite = all(math.isfinite(v) for v in values)
    peak = max(abs(v) for v in values) if finite else float("nan")
    rms = math.sqrt(sum(v * v for v in values) / len(values)) if finite else float("nan")
    problems = []
    if not finite:
        problems.append("audio contains NaN or inf")
    elif peak > 1.0 + 1e-6:
        problems.append("audio exceeds [-1, 1] (peak %.3f)" % peak)
    elif rms < 1e-5:
        problems.append("audio is silent (rms %.2e)" % rms)
    if expected_rate and sample_rate != expected_rate:
        problems.append("sample rate %s, config says %s" % (sample_rate, expected_rate))
    result = {"samples": len(values), "sampleRate": sample_rate, "durationSeconds": round(len(values) / sample_rate, 3),
              "peak": round(peak, 4) if finite else None, "rms": round(rms, 6) if finite else None}
    if problems:
        raise ValueError("; ".join(problems) + " " + json.dumps(result))
    return result


def env_path(path, base=None):
    if path is None:
        return None
    path = os.path.expanduser(str(path))
    return path if os.path.isabs(path) or base is None else os.path.join(base, path)
