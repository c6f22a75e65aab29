"""Encodec family (transformers EncodecModel): the neural codec Bark decodes through. Encode and decode 0.1 s of audio.

Options: modelDir, configFile.
"""
import sys
import hf_common as hf
import dtts_common as common
from dtts_common import NotApplicable, Skip

# Modules a fork server may import once for all targets of this family (see fork_server.py).
PRELOAD = ("torch", "transformers", "transformers.modeling_utils")

MODEL, CONFIG = "EncodecModel", "EncodecConfig"
TINY = {"num_filters": 4, "hidden_size": 8, "codebook_size": 16, "codebook_dim": 8, "num_residual_layers": 1,
        "num_lstm_layers": 1}


# Stages shared by the transformers families; load_voice and synthesize below are this family's own.
preflight, import_, config, construct_minimal, construct_full_meta, load_weights = hf.standard_stages(sys.modules[__name__])


def load_voice(ctx):
    raise NotApplicable("a codec has no voices")


def synthesize(ctx):
    import torch
    model = hf.need_model(ctx)
    rate = model.config.sampling_rate
    torch.manual_seed(0)
    audio = torch.sin(torch.linspace(0, 2 * 3.14159 * 440 * 0.1, int(rate * 0.1))).reshape(1, model.config.audio_channels if model.config.audio_channels == 1 else 1, -1) * 0.5
    if model.config.audio_channels != 1:
        audio = audio.repeat(1, model.config.audio_channels, 1)
    with torch.no_grad():
        encoded = model.encode(audio)
        decoded = model.decode(encoded.audio_codes, encoded.audio_scales)[0]
    return {"codes": list(encoded.audio_codes.shape), **common.audio_check(decoded[0, 0].tolist(), rate, rate)}
