"""XTTS v2 family (coqui-tts, package `TTS`): config, GPT + HiFi-GAN model, speaker latents.

Options: modelDir (config.json, model.pth, vocab.json, speakers_xtts.pth), speaker, language,
text. Without a modelDir the default XttsConfig stands in and the model is built on the meta
device; loading real weights needs the files (XTTS is downloaded under a licence prompt:
COQUI_TOS_AGREED=1 answers it, and debug-tts never answers it for you).
"""
import os

import dtts_common as common
from dtts_common import Skip

# Modules a fork server may import once for all targets of this family (see fork_server.py).
PRELOAD = ("torch",)

FILES = ("config.json", "model.pth", "vocab.json")


def preflight(ctx):
    found = common.find_specs(("TTS", "torch", "transformers"))
    details = {"found": found, "versions": common.versions(["coqui-tts", "TTS", "torch", "transformers", "numpy"])}
    if not found["TTS"]:
        raise ModuleNotFoundError("No module named 'TTS'", name="TTS")
    model_dir = ctx.option("modelDir")
    if model_dir:
        missing = [f for f in FILES if not os.path.isfile(os.path.join(model_dir, f))]
        if missing:
            raise FileNotFoundError("XTTS model dir %s lacks %s" % (model_dir, ", ".join(missing)))
    return details


def import_(ctx):
    from TTS.tts.configs.xtts_config import XttsConfig
    from TTS.tts.models.xtts import Xtts
    ctx.state["Config"], ctx.state["Model"] = XttsConfig, Xtts
    return {"model": "Xtts"}


def config(ctx):
    cfg = ctx.state["Config"]()
    model_dir = ctx.option("modelDir")
    if model_dir:
        cfg.load_json(os.path.join(model_dir, "config.json"))
    ctx.state["config"] = cfg
    return {"source": os.path.join(model_dir, "config.json") if model_dir else "XttsConfig() defaults",
            "languages": len(getattr(cfg, "languages", []) or [])}


def construct_full_meta(ctx):
    import torch
    with torch.device("meta"):
        model = ctx.state["Model"].init_from_config(ctx.state["config"])
    return common.parameter_stats(model)


def load_weights(ctx):
    model_dir = ctx.option("modelDir")
    if not model_dir:
        raise Skip("no modelDir: XTTS weights come from a licensed download")
    model = ctx.state["Model"].init_from_config(ctx.state["config"])
    model.load_checkpoint(ctx.state["config"], checkpoint_dir=model_dir, eval=True)
    ctx.state["model"] = model
    return {"modelDir": model_dir}


def load_voice(ctx):
    if "model" not in ctx.state:
        raise Skip("no model loaded")
    speaker = ctx.option("speaker")
    manager = getattr(ctx.state["model"], "speaker_manager", None)
    names = list(getattr(manager, "speakers", {}) or {}) if manager else []
    if not speaker:
        raise Skip("no speaker requested")
    if speaker not in names:
        raise KeyError("speaker %r is not in speakers_xtts.pth (%d speakers)" % (speaker, len(names)))
    ctx.state["speaker"] = speaker
    return {"speaker": speaker, "speakers": len(names)}
