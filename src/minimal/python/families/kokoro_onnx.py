"""kokoro-onnx family: Kokoro exported to ONNX, with all voices in one voices-v1.0.bin.

Options: model (kokoro-v1.0.onnx), voices (voices-v1.0.bin), voice, text, langCode ('en-us').
"""
import os

import dtts_common as common
from dtts_common import Skip

NOT_APPLICABLE = {
    "construct-minimal": "an ONNX export is a fixed graph: nothing to shrink and build",
    "construct-full-meta": "an ONNX export is a fixed graph: nothing is constructed before loading",
}


def preflight(ctx):
    found = common.find_specs(("kokoro_onnx", "onnxruntime", "espeakng_loader", "phonemizer"))
    details = {"found": found, "versions": common.versions(["kokoro-onnx", "onnxruntime", "espeakng-loader", "numpy"])}
    if not found["kokoro_onnx"]:
        raise ModuleNotFoundError("No module named 'kokoro_onnx'", name="kokoro_onnx")
    for option in ("model", "voices"):
        path = ctx.option(option)
        if path and not os.path.isfile(path):
            raise FileNotFoundError("kokoro-onnx %s file not found: %s" % (option, path))
    return details


def import_(ctx):
    import onnxruntime
    from kokoro_onnx import Kokoro
    ctx.state["Kokoro"] = Kokoro
    return {"onnxruntimeProviders": onnxruntime.get_available_providers()}


def config(ctx):
    if not ctx.option("model") or not ctx.option("voices"):
        raise Skip("no model/voices given (kokoro-v1.0.onnx and voices-v1.0.bin come from a download)")
    return {"model": ctx.option("model"), "voices": ctx.option("voices")}


def load_weights(ctx):
    if not ctx.option("model") or not ctx.option("voices"):
        raise Skip("no model/voices to load")
    ctx.state["kokoro"] = ctx.state["Kokoro"](ctx.option("model"), ctx.option("voices"))
    return {"voices": len(ctx.state["kokoro"].get_voices())}


def load_voice(ctx):
    if "kokoro" not in ctx.state:
        raise Skip("no model loaded")
    voice = ctx.option("voice") or "af_heart"
    voices = ctx.state["kokoro"].get_voices()
    if voice not in voices:
        raise KeyError("voice %r is not in %s" % (voice, ctx.option("voices")))
    ctx.state["voice"] = voice
    return {"voice": voice}


def synthesize(ctx):
    if "voice" not in ctx.state:
        raise Skip("no voice loaded")
    samples, rate = ctx.state["kokoro"].create(ctx.option("text") or "Hello from debug tts.", voice=ctx.state["voice"],
                                                speed=1.0, lang=ctx.option("langCode") or "en-us")
    return common.audio_check(samples.tolist(), rate, 24000)
