"""Stages shared by the transformers TTS families (VITS, SpeechT5, Bark, Encodec).

A family module defines MODEL, CONFIG (class names in transformers), TINY (config overrides that
make the model small but keep its code path), and its own load_voice / synthesize. Options:
modelDir (a save_pretrained folder), configFile (a config.json), and family extras. Without a
modelDir the family's default config stands in and load-weights round-trips a synthetic
checkpoint of the tiny model through save_pretrained / from_pretrained: the real loading code.
"""
import importlib.util
import os
import tempfile

import dtts_common as common
import introspect
from dtts_common import Skip


def preflight(ctx, extra_modules=()):
    modules = ("torch", "transformers") + tuple(extra_modules)
    found = common.find_specs(modules)
    details = {"found": found, "versions": common.versions(["torch", "transformers", "safetensors", "numpy"])}
    missing = [m for m, ok in found.items() if not ok]
    if missing:
        raise ModuleNotFoundError("No module named %r" % missing[0], name=missing[0])
    model_dir = ctx.option("modelDir")
    if model_dir and not os.path.isdir(model_dir):
        raise FileNotFoundError("modelDir %s does not exist" % model_dir)
    return details


def import_classes(ctx, family):
    import torch  # noqa: F401 - the import itself is what this stage proves
    import transformers
    ctx.state["model_cls"] = getattr(transformers, family.MODEL)
    ctx.state["config_cls"] = getattr(transformers, family.CONFIG)
    return {"transformers": transformers.__version__, "model": family.MODEL, "config": family.CONFIG}


def config(ctx):
    cls = ctx.state["config_cls"]
    model_dir, config_file = ctx.option("modelDir"), ctx.option("configFile")
    user_file = config_file or (os.path.join(model_dir, "config.json") if model_dir else None)
    if user_file:
        # Before building it: a config the class rejects still gets its keys diffed against the signature.
        introspect.emit(ctx, cls, introspect.read_user_config(user_file), user_file)
    if config_file:
        cfg = cls.from_json_file(config_file)
        source = config_file
    elif model_dir:
        cfg = cls.from_pretrained(model_dir)
        source = os.path.join(model_dir, "config.json")
    else:
        cfg = cls()
        source = "%s() defaults (no modelDir: the reference architecture)" % cls.__name__
    ctx.state["config"] = cfg
    return {"source": source, "modelType": getattr(cfg, "model_type", None), "keys": len(cfg.to_dict())}


def tiny_config(ctx, family):
    cls = ctx.state["config_cls"]
    values = ctx.state["config"].to_dict()
    values.update(family.TINY)
    return cls(**values)


def construct_minimal(ctx, family):
    import torch
    torch.manual_seed(0)
    cfg = tiny_config(ctx, family)
    model = ctx.state["model_cls"](cfg).eval()
    ctx.state["tiny_model"] = model
    return {**common.parameter_stats(model), "overrides": family.TINY}


def construct_full_meta(ctx):
    import torch
    with torch.device("meta"):
        model = ctx.state["model_cls"](ctx.state["config"])
    return common.parameter_stats(model)


def _loading_diff(info):
    diff = {
        "missing": common.collapse(sorted(info.get("missing_keys") or [])),
        "unexpected": common.collapse(sorted(info.get("unexpected_keys") or [])),
        "shapeMismatched": sorted(str(k) for k in (info.get("mismatched_keys") or [])),
        "missingCount": len(info.get("missing_keys") or []),
        "unexpectedCount": len(info.get("unexpected_keys") or []),
    }
    return diff


def _checkpoint_shapes(model_dir):
    """Tensor names and shapes from the files, without loading the data."""
    shapes = {}
    for name in sorted(os.listdir(model_dir)):
        path = os.path.join(model_dir, name)
        if name.endswith(".safetensors"):
            from safetensors import safe_open
            with safe_open(path, framework="pt") as fh:
                for key in fh.keys():
                    shapes[key] = tuple(fh.get_slice(key).get_shape())
        elif name.endswith(".bin") and name.startswith("pytorch_model"):
            import torch
            for key, tensor in torch.load(path, map_location="meta", weights_only=True).items():
                shapes[key] = tuple(tensor.shape)
    return shapes


def file_diff(ctx, model_dir):
    """The diff between what the config builds and what the files hold: for errors that only point at a log."""
    import torch

    class Shape:
        def __init__(self, shape):
            self.shape = shape

    cfg = ctx.state["config"] if ctx.option("configFile") else ctx.state["config_cls"].from_pretrained(model_dir)
    with torch.device("meta"):
        model = ctx.state["model_cls"](cfg)
    want = {k: Shape(tuple(v.shape)) for k, v in model.state_dict().items()}
    have = {k: Shape(v) for k, v in _checkpoint_shapes(model_dir).items()}
    diff = common.state_dict_diff(want, have)
    keys = common.config_keys_for_shapes(cfg.to_dict() if hasattr(cfg, "to_dict") else vars(cfg), diff["_shapes"])
    if keys:
        diff["configKeys"] = keys
    return diff


def load_weights(ctx, family):
    """from_pretrained only warns about missing keys and initialises them randomly: that is a failure here."""
    model_dir = ctx.option("modelDir")
    synthetic = None
    if not model_dir:
        synthetic = tempfile.mkdtemp(prefix="debug-tts-synthetic-")
        family_writer = getattr(family, "prepare_synthetic", None)
        if family_writer:
            family_writer(ctx.state["tiny_model"])
        ctx.state["tiny_model"].save_pretrained(synthetic)
        model_dir = synthetic
    # A configFile beside a modelDir is the config to load the weights with (e.g. an adapted one).
    extra = {"config": ctx.state["config"]} if ctx.option("configFile") and not synthetic else {}
    try:
        model, info = ctx.state["model_cls"].from_pretrained(model_dir, output_loading_info=True, **extra)
    except Exception as exc:
        diff = file_diff(ctx, model_dir)
        if diff["missing"] or diff["unexpected"] or diff["shapeMismatched"]:
            raise common.StateDictMismatch(diff) from exc
        raise
    diff = _loading_diff(info)
    if diff["missing"] or diff["shapeMismatched"]:
        raise common.StateDictMismatch(diff)
    ctx.state["model"] = model.eval()
    files = sorted(os.listdir(model_dir))
    return {"from": "synthetic checkpoint (random weights, save_pretrained format)" if synthetic else model_dir,
            "files": files, **{k: v for k, v in diff.items() if not k.startswith("_")}}


def has_module(name):
    return importlib.util.find_spec(name) is not None


def need_model(ctx):
    if "model" not in ctx.state:
        raise Skip("no model loaded")
    return ctx.state["model"]


def standard_stages(family):
    """The six stages every transformers family shares, bound to the family module (its MODEL, CONFIG, TINY)."""
    return (
        lambda ctx: preflight(ctx),
        lambda ctx: import_classes(ctx, family),
        config,
        lambda ctx: construct_minimal(ctx, family),
        construct_full_meta,
        lambda ctx: load_weights(ctx, family),
    )
