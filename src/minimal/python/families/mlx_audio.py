"""MLX-Audio family: Apple's MLX runtime. On Linux, mlx needs its cpu (or cuda) build; on macOS, Apple silicon.

Options: model (a local MLX model folder), text. Without a model only preflight and import run.
"""
import platform
import sys

import dtts_common as common
from dtts_common import Skip

NOT_APPLICABLE = {
    "construct-full-meta": "MLX builds lazily; there is no meta device",
}


def preflight(ctx):
    found = common.find_specs(("mlx", "mlx_audio"))
    details = {"found": found, "platform": sys.platform, "machine": platform.machine(),
               "versions": common.versions(["mlx", "mlx-audio", "mlx-cpu", "mlx-cuda", "mlx-metal"])}
    if not found["mlx_audio"]:
        raise ModuleNotFoundError("No module named 'mlx_audio'", name="mlx_audio")
    if sys.platform == "darwin" and platform.machine() != "arm64":
        raise RuntimeError("MLX runs on Apple silicon only; this Mac is %s" % platform.machine())
    return details


def import_(ctx):
    import mlx.core as mx
    import mlx_audio  # noqa: F401
    ctx.state["mx"] = mx
    return {"device": str(mx.default_device())}


def config(ctx):
    if not ctx.option("model"):
        raise Skip("no local MLX model folder given (MLX-Audio models come from a download)")
    return {"model": ctx.option("model")}


def construct_minimal(ctx):
    mx = ctx.state["mx"]
    value = (mx.array([1.0, 2.0]) * 2).tolist()  # proves the backend runs a kernel on this machine
    if value != [2.0, 4.0]:
        raise RuntimeError("MLX computed %s for [1, 2] * 2" % value)
    return {"kernel": "ok"}


def load_weights(ctx):
    if not ctx.option("model"):
        raise Skip("no local MLX model folder given")
    from mlx_audio.tts.utils import load_model
    ctx.state["model"] = load_model(ctx.option("model"))
    return {"model": ctx.option("model")}
