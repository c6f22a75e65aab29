"""Bark family (transformers BarkModel: semantic, coarse and fine GPTs plus its Encodec codec).

Options: modelDir, configFile, voicePreset (.npz history prompt), text. Without a modelDir the
sub-models shrink to one tiny layer but keep Bark's real vocabularies, so generate() runs its
real three-stage path and decodes through the codec.
"""
import sys
import hf_common as hf
import dtts_common as common
from dtts_common import NotApplicable, Skip

# Modules a fork server may import once for all targets of this family (see fork_server.py).
PRELOAD = ("torch", "transformers", "transformers.modeling_utils")

MODEL, CONFIG = "BarkModel", "BarkConfig"
_SMALL = {"hidden_size": 16, "num_layers": 1, "num_heads": 1}
TINY = {
    "semantic_config": dict(_SMALL, input_vocab_size=129600, output_vocab_size=10048),
    "coarse_acoustics_config": dict(_SMALL, input_vocab_size=12096, output_vocab_size=12096),
    "fine_acoustics_config": dict(_SMALL, input_vocab_size=1056, output_vocab_size=1056, n_codes_total=8, n_codes_given=1),
    "codec_config": {"num_filters": 4, "hidden_size": 8, "num_residual_layers": 1, "num_lstm_layers": 1, "codebook_dim": 8},
}
COMPONENTS = (("semantic", "BarkSemanticModel", "semantic_config"), ("coarse", "BarkCoarseModel", "coarse_acoustics_config"),
              ("fine", "BarkFineModel", "fine_acoustics_config"), ("codec", "EncodecModel", "codec_config"))
TEXT_PAD = 129595

# Shared transformers stages; construct_minimal (which names a failing sub-model) and the voice stages are Bark's own.
preflight, import_, config, _construct_minimal, construct_full_meta, load_weights = hf.standard_stages(sys.modules[__name__])





def _component_failure(ctx, cfg):
    """When the whole model will not build, build each sub-model alone to name the one that breaks."""
    import transformers
    for name, cls_name, attr in COMPONENTS:
        try:
            getattr(transformers, cls_name)(getattr(cfg, attr))
        except Exception as exc:  # noqa: BLE001
            return "%s (%s): %s: %s" % (name, cls_name, type(exc).__name__, exc)
    return None


def construct_minimal(ctx):
    try:
        return _construct_minimal(ctx)
    except Exception as exc:
        culprit = _component_failure(ctx, hf.tiny_config(ctx, sys.modules[__name__]))
        if culprit:
            raise type(exc)("%s [failing component: %s]" % (exc, culprit)) from exc
        raise




def _generation_config(model):
    """A save_pretrained dir from the hub carries generation_config.json; a synthetic one needs Bark's defaults."""
    if hasattr(model.generation_config, "semantic_config"):
        return
    from transformers import GenerationConfig
    from transformers.models.bark.generation_configuration_bark import (
        BarkCoarseGenerationConfig, BarkFineGenerationConfig, BarkSemanticGenerationConfig)
    model.generation_config = GenerationConfig(
        semantic_config=BarkSemanticGenerationConfig().to_dict(),
        coarse_acoustics_config=BarkCoarseGenerationConfig().to_dict(),
        fine_acoustics_config=BarkFineGenerationConfig().to_dict(), sample_rate=24000, codebook_size=1024)


def load_voice(ctx):
    preset = ctx.option("voicePreset")
    if not preset:
        raise NotApplicable("no voicePreset: Bark picks a random voice")
    import numpy as np
    data = np.load(preset)
    needed = {"semantic_prompt", "coarse_prompt", "fine_prompt"}
    missing = needed - set(data.files)
    if missing:
        raise KeyError("voice preset %s lacks %s" % (preset, ", ".join(sorted(missing))))
    import torch
    ctx.state["history"] = {k: torch.tensor(data[k]) for k in needed}
    return {"voicePreset": preset, "arrays": {k: list(data[k].shape) for k in needed}}


def synthesize(ctx):
    import torch
    model = hf.need_model(ctx)
    _generation_config(model)
    torch.manual_seed(0)
    ids = torch.full((1, 256), TEXT_PAD)
    ids[0, :8] = torch.randint(0, 1000, (8,))
    with torch.no_grad():
        audio = model.generate(input_ids=ids, attention_mask=(ids != TEXT_PAD).long(), semantic_max_new_tokens=16,
                               do_sample=True, history_prompt=ctx.state.get("history"))
    rate = model.generation_config.sample_rate
    return common.audio_check(audio[0].tolist(), rate, model.config.codec_config.sampling_rate)
