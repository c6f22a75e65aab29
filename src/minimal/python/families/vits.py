"""VITS / MMS family (transformers VitsModel): text ids -> waveform in one forward pass.

Options: modelDir (save_pretrained folder, with vocab.json for VitsTokenizer when present),
configFile, text, speakerId (multi-speaker checkpoints).
"""
import sys
import hf_common as hf
import dtts_common as common
from dtts_common import NotApplicable, Skip

# Modules a fork server may import once for all targets of this family (see fork_server.py).
PRELOAD = ("torch", "transformers", "transformers.modeling_utils")

MODEL, CONFIG = "VitsModel", "VitsConfig"
TINY = {"vocab_size": 40, "hidden_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "ffn_dim": 32,
        "flow_size": 16, "upsample_initial_channel": 16, "prior_encoder_num_flows": 1,
        "prior_encoder_num_wavenet_layers": 1, "posterior_encoder_num_wavenet_layers": 1,
        "duration_predictor_num_flows": 1, "duration_predictor_filter_channels": 16,
        "depth_separable_num_layers": 1}


# Stages shared by the transformers families; load_voice and synthesize below are this family's own.
preflight, import_, config, construct_minimal, construct_full_meta, load_weights = hf.standard_stages(sys.modules[__name__])


def load_voice(ctx):
    model = hf.need_model(ctx)
    speakers = getattr(model.config, "num_speakers", 1) or 1
    speaker = ctx.option("speakerId")
    if speakers <= 1:
        if speaker is not None:
            raise ValueError("speakerId %s given, but this checkpoint has a single speaker" % speaker)
        raise NotApplicable("single-speaker checkpoint: no voice to load")
    if speaker is None or not 0 <= int(speaker) < speakers:
        raise ValueError("speakerId %r is not in 0..%d" % (speaker, speakers - 1))
    ctx.state["speaker_id"] = int(speaker)
    return {"speakers": speakers, "speakerId": int(speaker)}


def _input_ids(ctx, model):
    import os
    import torch
    text = ctx.option("text") or "Hello from debug-tts."
    model_dir = ctx.option("modelDir")
    if model_dir and os.path.exists(os.path.join(model_dir, "vocab.json")):
        from transformers import VitsTokenizer
        ids = VitsTokenizer.from_pretrained(model_dir)(text, return_tensors="pt")["input_ids"]
        return ids, "VitsTokenizer"
    torch.manual_seed(0)
    return torch.randint(0, model.config.vocab_size, (1, 12)), "random token ids (no vocab.json)"


def synthesize(ctx):
    import torch
    model = hf.need_model(ctx)
    ids, how = _input_ids(ctx, model)
    kwargs = {"speaker_id": ctx.state["speaker_id"]} if "speaker_id" in ctx.state else {}
    with torch.no_grad():
        wave = model(input_ids=ids, **kwargs).waveform[0]
    return {"input": how, **common.audio_check(wave.tolist(), model.config.sampling_rate, model.config.sampling_rate)}
