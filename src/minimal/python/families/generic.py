"""Generic family: any `module:Class` (or factory) + config file + weights, for models debug-tts does not know.

Target options: entry ("pkg.mod:Cls"), configFile (JSON/YAML), configClass ("pkg.mod:Cfg", optional:
the config dict is passed to it, and its instance to the entry), minimalConfig (dict of overrides
that make the model tiny), weights (.safetensors / .pt / .pth / .bin), packages (names to report).
Without configClass the config dict is passed as keyword arguments.
"""
import importlib.util
import sys

import dtts_common as common
import introspect
from dtts_common import NotApplicable, Skip

NOT_APPLICABLE = {
    "load-voice": "generic targets have no voice assets",
    "synthesize": "generic targets have no synthesis contract; use a known family for audio checks",
}


def _module_name(ctx):
    entry = ctx.option("entry")
    if not entry or ":" not in entry:
        raise ValueError("generic targets need entry: 'package.module:Class'")
    return entry.partition(":")[0]


def preflight(ctx):
    top = _module_name(ctx).split(".")[0]
    found = importlib.util.find_spec(top) is not None
    details = {"module": top, "found": found, "python": sys.version.split()[0],
               "versions": common.versions(ctx.option("packages") or [])}
    if not found:
        raise ModuleNotFoundError("No module named %r" % top, name=top)
    return details


def import_(ctx):
    ctx.state["factory"] = common.resolve(ctx.option("entry"))
    if ctx.option("configClass"):
        ctx.state["config_class"] = common.resolve(ctx.option("configClass"))
    return {"entry": ctx.option("entry")}


def _build(ctx, overrides=None):
    cfg = dict(ctx.state.get("config_dict") or {})
    cfg.update(overrides or {})
    cls = ctx.state.get("config_class")
    factory = ctx.state["factory"]
    return factory(cls(**cfg)) if cls else factory(**cfg)


def config(ctx):
    path = ctx.option("configFile")
    if path:
        # What the dict is handed to: the config class, or the entry's own keyword arguments.
        introspect.emit(ctx, ctx.state.get("config_class") or ctx.state["factory"], introspect.read_user_config(path), path)
    ctx.state["config_dict"] = common.read_config(path) if path else {}
    if ctx.state.get("config_class"):
        ctx.state["config_class"](**ctx.state["config_dict"])  # a renamed key fails here, by name
    return {"keys": sorted(ctx.state["config_dict"]), "configFile": path}


def construct_minimal(ctx):
    overrides = ctx.option("minimalConfig")
    if not overrides:
        raise Skip("no minimalConfig given: nothing to shrink")
    model = _build(ctx, overrides)
    return _stats(model)


def _stats(model):
    try:
        return common.parameter_stats(model)
    except AttributeError:
        return {"type": type(model).__name__}


def construct_full_meta(ctx):
    try:
        import torch
    except ImportError:
        raise NotApplicable("torch is not installed: no meta device to build on")
    with torch.device("meta"):
        model = _build(ctx)
    return _stats(model)


def load_weights(ctx):
    path = ctx.option("weights")
    if not path:
        raise Skip("no weights given")
    state_dict = common.load_checkpoint(path)
    model = _build(ctx)
    diff = common.load_strict(model, state_dict)
    ctx.state["model"] = model
    return {"weights": path, "tensors": len(state_dict), **diff}
