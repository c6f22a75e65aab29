"""StyleTTS2 family (the `styletts2` package): checks it imports next to the rest of the environment.

Options: modelDir (with a config .yml and a .pth checkpoint), text. StyleTTS2 pins old
transformers/numpy releases: it usually needs an environment of its own.
"""
import glob
import os

import dtts_common as common
from dtts_common import Skip

# Modules a fork server may import once for all targets of this family (see fork_server.py).
PRELOAD = ("torch",)


def preflight(ctx):
    found = common.find_specs(("styletts2", "torch", "phonemizer"))
    details = {"found": found, "versions": common.versions(["styletts2", "torch", "transformers", "numpy", "phonemizer"])}
    if not found["styletts2"]:
        raise ModuleNotFoundError("No module named 'styletts2'", name="styletts2")
    return details


def import_(ctx):
    from styletts2 import tts
    ctx.state["tts"] = tts
    return {"module": "styletts2.tts"}


def config(ctx):
    model_dir = ctx.option("modelDir")
    if not model_dir:
        raise Skip("no modelDir: StyleTTS2 downloads its config and checkpoint from a hub")
    configs = sorted(glob.glob(os.path.join(model_dir, "*.yml")))
    checkpoints = sorted(glob.glob(os.path.join(model_dir, "*.pth")))
    if not configs or not checkpoints:
        raise FileNotFoundError("%s needs a config .yml and a .pth checkpoint" % model_dir)
    ctx.state["config_path"], ctx.state["checkpoint"] = configs[0], checkpoints[0]
    return {"config": configs[0], "checkpoint": checkpoints[0]}


def load_weights(ctx):
    if "checkpoint" not in ctx.state:
        raise Skip("no checkpoint to load")
    ctx.state["model"] = ctx.state["tts"].StyleTTS2(model_checkpoint_path=ctx.state["checkpoint"],
                                                    config_path=ctx.state["config_path"])
    return {"checkpoint": ctx.state["checkpoint"]}


def synthesize(ctx):
    if "model" not in ctx.state:
        raise Skip("no model loaded")
    import numpy as np
    audio = ctx.state["model"].inference(ctx.option("text") or "Hello from debug tts.")
    return common.audio_check(np.asarray(audio).reshape(-1).tolist(), 24000, 24000)
