"""Kokoro family (the `kokoro` package: KModel + KPipeline, misaki G2P), from a local model dir.

Options: modelDir (config.json, kokoro-v1_0.pth, voices/<name>.pt), voice (a name, an alias from
voiceAliases, or a path to a .pt), voiceAliases, text, phonemes (skip G2P and feed the model
phonemes directly: isolates the model from misaki/spaCy/espeak), langCode (default: the voice's
first letter). Without a modelDir, Kokoro v1.0's published config stands in; the components are
built small and saved as a synthetic checkpoint in Kokoro's real layout (one .pth holding a dict
of component state_dicts), which KModel then loads through its own code.
"""
import glob
import json
import os
import sys
import tempfile

import dtts_common as common
from dtts_common import Skip

# Modules a fork server may import once for all targets of this family (see fork_server.py).
PRELOAD = ("torch",)

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE_CONFIG = os.path.join(HERE, "kokoro_v1_0_config.json")
COMPONENTS = ("bert", "bert_encoder", "predictor", "text_encoder", "decoder")
# KModel hard-codes 512 channels (asr_res, generator) and a 128+128 style vector: only these may shrink.
TINY = {"n_layer": 1, "plbert": {"hidden_size": 32, "num_attention_heads": 2, "intermediate_size": 64, "num_hidden_layers": 1},
        "istftnet": {"resblock_kernel_sizes": [3], "resblock_dilation_sizes": [[1, 3, 5]]}}
VOICE_FRAMES = 510


def preflight(ctx):
    found = common.find_specs(("kokoro", "torch", "misaki"))
    details = {"found": found, "python": "%d.%d" % sys.version_info[:2],
               "versions": common.versions(["kokoro", "misaki", "torch", "transformers", "spacy", "espeakng-loader"]),
               "spacyModel": common.find_specs(("en_core_web_sm",))["en_core_web_sm"]}
    for module in ("kokoro", "torch"):
        if not found[module]:
            raise ModuleNotFoundError("No module named %r" % module, name=module)
    model_dir = ctx.option("modelDir")
    if model_dir:
        for name in ("config.json",):
            if not os.path.isfile(os.path.join(model_dir, name)):
                raise FileNotFoundError("Kokoro config not found: %s" % os.path.join(model_dir, name))
        if not _weights_file(model_dir):
            raise FileNotFoundError("Kokoro weights not found: no .pth in %s" % model_dir)
    return details


def _weights_file(model_dir):
    found = sorted(glob.glob(os.path.join(model_dir, "*.pth")))
    return found[0] if found else None


def import_(ctx):
    from kokoro import KModel, KPipeline
    ctx.state["KModel"], ctx.state["KPipeline"] = KModel, KPipeline
    import kokoro
    return {"kokoro": getattr(kokoro, "__version__", None)}


def config(ctx):
    model_dir = ctx.option("modelDir")
    path = os.path.join(model_dir, "config.json") if model_dir else REFERENCE_CONFIG
    with open(path, encoding="utf-8") as fh:
        cfg = json.load(fh)
    needed = ("vocab", "n_token", "plbert", "hidden_dim", "style_dim", "n_layer", "max_dur", "dropout",
              "text_encoder_kernel_size", "n_mels", "istftnet")
    missing = [k for k in needed if k not in cfg]
    if missing:
        raise KeyError("%s lacks %s (KModel reads config[...] for each)" % (path, ", ".join(missing)))
    ctx.state["config"], ctx.state["config_path"] = cfg, path
    return {"source": path if model_dir else "Kokoro v1.0 reference config (no modelDir)", "n_token": cfg["n_token"],
            "vocab": len(cfg["vocab"]), "hidden_dim": cfg["hidden_dim"], "style_dim": cfg["style_dim"]}


def build_components(cfg):
    """KModel's sub-modules built one by one, so a failure names the component."""
    import torch
    from kokoro.istftnet import Decoder
    from kokoro.modules import CustomAlbert, ProsodyPredictor, TextEncoder
    from transformers import AlbertConfig
    built = {}
    steps = (
        ("bert", lambda: CustomAlbert(AlbertConfig(vocab_size=cfg["n_token"], **cfg["plbert"]))),
        ("bert_encoder", lambda: torch.nn.Linear(built["bert"].config.hidden_size, cfg["hidden_dim"])),
        ("predictor", lambda: ProsodyPredictor(style_dim=cfg["style_dim"], d_hid=cfg["hidden_dim"], nlayers=cfg["n_layer"],
                                               max_dur=cfg["max_dur"], dropout=cfg["dropout"])),
        ("text_encoder", lambda: TextEncoder(channels=cfg["hidden_dim"], kernel_size=cfg["text_encoder_kernel_size"],
                                             depth=cfg["n_layer"], n_symbols=cfg["n_token"])),
        ("decoder", lambda: Decoder(dim_in=cfg["hidden_dim"], style_dim=cfg["style_dim"], dim_out=cfg["n_mels"], **cfg["istftnet"])),
    )
    for name, build in steps:
        try:
            built[name] = build()
        except Exception as exc:
            raise type(exc)("%s [failing component: %s]" % (exc, name)) from exc
    return built


def _tiny(cfg):
    tiny = json.loads(json.dumps(cfg))
    for key, value in TINY.items():
        if isinstance(value, dict):
            tiny[key].update(value)
        else:
            tiny[key] = value
    return tiny


def quiet_untrained(components):
    """Untrained, the iSTFT head's exp() makes loud noise: bias the magnitudes down so a working path stays in [-1, 1]."""
    import torch
    with torch.no_grad():
        gen = components["decoder"].generator
        gen.conv_post.bias[: gen.post_n_fft // 2 + 1] -= 3.0


def _stats(components):
    per = {name: common.parameter_stats(module)["parameters"] for name, module in components.items()}

    class All:
        def parameters(self):
            for module in components.values():
                yield from module.parameters()

    return {**common.parameter_stats(All()), "components": per}


def construct_minimal(ctx):
    import torch
    torch.manual_seed(0)
    tiny = _tiny(ctx.state["config"])
    components = build_components(tiny)
    quiet_untrained(components)
    folder = tempfile.mkdtemp(prefix="debug-tts-kokoro-")
    ctx.state["tiny_config"] = os.path.join(folder, "config.json")
    ctx.state["tiny_weights"] = os.path.join(folder, "kokoro-tiny.pth")
    with open(ctx.state["tiny_config"], "w", encoding="utf-8") as fh:
        json.dump(tiny, fh)
    torch.save({name: module.state_dict() for name, module in components.items()}, ctx.state["tiny_weights"])
    return {**_stats(components), "overrides": TINY}


def construct_full_meta(ctx):
    import torch
    with torch.device("meta"):
        components = build_components(ctx.state["config"])
    return _stats(components)


def _check_components(model, path):
    """KModel falls back to strict=False and only logs at debug level: check every component ourselves."""
    import torch
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    missing_components = [c for c in COMPONENTS if c not in checkpoint]
    if missing_components:
        raise KeyError("%s has no state_dict for %s" % (path, ", ".join(missing_components)))
    want, have = {}, {}
    for name in COMPONENTS:
        sd = checkpoint[name]
        if sd and all(k.startswith("module.") for k in sd):
            sd = {k[7:]: v for k, v in sd.items()}
        want.update({"%s.%s" % (name, k): v for k, v in getattr(model, name).state_dict().items()})
        have.update({"%s.%s" % (name, k): v for k, v in sd.items()})
    diff = common.state_dict_diff(want, have)
    # The published kokoro-v1_0.pth has no affine tensors for its norm layers (the code's norms
    # gained them later); KModel leaves them at their identity init, which is what the model was
    # trained with. Missing keys of that kind are reported, not failed.
    identity = _identity_norm_keys(model, {k for k in want if k not in have})
    missing = [k for k in want if k not in have and k not in identity]
    diff["missing"] = common.collapse(sorted(missing))
    diff["missingCount"] = len(missing)
    diff["normAffineAtIdentity"] = len(identity)
    if diff["missing"] or diff["unexpected"] or diff["shapeMismatched"]:
        raise common.StateDictMismatch(diff)
    return diff


def _identity_norm_keys(model, keys):
    """Missing keys that belong to a normalisation layer and still hold identity values (weight 1, bias 0)."""
    norms = {}
    for name in COMPONENTS:
        for sub, module in getattr(model, name).named_modules():
            if "Norm" in type(module).__name__:
                norms["%s.%s" % (name, sub) if sub else name] = module
    out = set()
    for key in keys:
        owner, _, leaf = key.rpartition(".")
        module = norms.get(owner)
        tensor = getattr(module, leaf, None) if module is not None else None
        if tensor is None or tensor.is_meta:
            continue
        if (leaf == "weight" and bool((tensor == 1).all())) or (leaf == "bias" and bool((tensor == 0).all())):
            out.add(key)
    return out


def load_weights(ctx):
    model_dir = ctx.option("modelDir")
    if model_dir:
        config_path, weights = os.path.join(model_dir, "config.json"), _weights_file(model_dir)
    else:
        config_path, weights = ctx.state["tiny_config"], ctx.state["tiny_weights"]
    try:
        model = ctx.state["KModel"](repo_id="hexgrad/Kokoro-82M", config=config_path, model=weights).eval()
    except RuntimeError as exc:
        # A shape mismatch aborts KModel's own loading: name every mismatching tensor instead.
        model_probe = type("Probe", (), {})()
        import torch
        with torch.device("meta"):
            for name, module in build_components(_read(config_path)).items():
                setattr(model_probe, name, module)
        _check_components(model_probe, weights)
        raise exc
    diff = _check_components(model, weights)
    ctx.state["model"] = model
    return {"weights": weights if model_dir else "synthetic checkpoint (random weights, kokoro-v1_0.pth layout)",
            "config": config_path, **{k: v for k, v in diff.items() if not k.startswith("_")}}


def _read(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _voice_path(ctx):
    voice = ctx.option("voice")
    if voice and voice.endswith(".pt"):
        return voice, voice
    aliases = ctx.option("voiceAliases") or {}
    name = aliases.get(voice, voice) if voice else None
    model_dir = ctx.option("modelDir")
    if model_dir and name:
        return os.path.join(model_dir, "voices", name + ".pt"), name
    return None, name


def load_voice(ctx):
    import torch
    path, name = _voice_path(ctx)
    style = ctx.state["config"]["style_dim"] * 2
    if path is None:
        if ctx.option("modelDir"):
            raise Skip("no voice requested")
        torch.manual_seed(0)
        ctx.state["voice"] = torch.randn(VOICE_FRAMES, 1, style) * 0.1
        return {"voice": "random voice tensor (no modelDir)", "shape": [VOICE_FRAMES, 1, style]}
    if not os.path.isfile(path):
        raise FileNotFoundError("Voice file not found: %s" % path)
    pack = torch.load(path, map_location="cpu", weights_only=True)
    if pack.shape[-1] != style:
        raise ValueError("voice %s has style size %d, the model expects %d" % (path, pack.shape[-1], style))
    ctx.state["voice"] = pack
    return {"voice": path, "name": name, "shape": list(pack.shape)}


def synthesize(ctx):
    import torch
    model = ctx.state.get("model")
    if model is None or "voice" not in ctx.state:
        raise Skip("no model or voice loaded")
    phonemes = ctx.option("phonemes")
    voice = ctx.state["voice"]
    if phonemes:
        ref = voice[min(len(phonemes), VOICE_FRAMES) - 1]
        with torch.no_grad():
            audio = model(phonemes, ref, 1)
        source = "phonemes given: G2P bypassed"
    else:
        lang = ctx.option("langCode") or (ctx.option("voice") or "a")[0]
        pipeline = ctx.state["KPipeline"](lang_code=lang, repo_id="hexgrad/Kokoro-82M", model=model)
        results = list(pipeline(ctx.option("text") or "Hello from debug tts.", voice=voice))
        audio = torch.cat([r.audio for r in results if r.audio is not None]) if results else torch.zeros(0)
        source = "KPipeline(lang_code=%r) with misaki G2P" % lang
    return {"input": source, **common.audio_check(audio.reshape(-1).tolist(), 24000, 24000)}
