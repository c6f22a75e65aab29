"""SpeechT5 family (transformers SpeechT5ForTextToSpeech + SpeechT5HifiGan vocoder).

Options: modelDir, configFile, vocoderDir (a SpeechT5HifiGan save_pretrained folder),
speakerEmbedding (.npy or .pt, a [1, speaker_embedding_dim] x-vector), text.
"""
import sys
import os

import hf_common as hf
import dtts_common as common

# Modules a fork server may import once for all targets of this family (see fork_server.py).
PRELOAD = ("torch", "transformers", "transformers.modeling_utils")

MODEL, CONFIG = "SpeechT5ForTextToSpeech", "SpeechT5Config"
TINY = {"vocab_size": 40, "hidden_size": 16, "encoder_layers": 1, "decoder_layers": 1,
        "encoder_attention_heads": 2, "decoder_attention_heads": 2, "encoder_ffn_dim": 32, "decoder_ffn_dim": 32,
        "speech_decoder_prenet_units": 16, "speech_decoder_postnet_units": 16, "speech_decoder_postnet_layers": 1,
        "speech_decoder_prenet_layers": 1, "speaker_embedding_dim": 8, "num_mel_bins": 8,
        "max_speech_positions": 200, "max_text_positions": 50, "reduction_factor": 1}
VOCODER_TINY = {"upsample_initial_channel": 16, "upsample_rates": [4, 4], "upsample_kernel_sizes": [8, 8],
                "resblock_kernel_sizes": [3], "resblock_dilation_sizes": [[1, 3]]}


# Shared transformers stages; import_ (which adds the vocoder class) and the voice stages are this family's own.
preflight, _import, config, construct_minimal, construct_full_meta, load_weights = hf.standard_stages(sys.modules[__name__])


def import_(ctx):
    details = _import(ctx)
    import transformers
    ctx.state["vocoder_cls"] = transformers.SpeechT5HifiGan
    return details





def prepare_synthetic(model):
    """Untrained decoders are near-silent: scale the synthetic weights so a working path is audible."""
    import torch
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(4.0)



def _vocoder(ctx, model):
    import torch
    from transformers import SpeechT5HifiGanConfig
    vocoder_dir = ctx.option("vocoderDir")
    if vocoder_dir:
        return ctx.state["vocoder_cls"].from_pretrained(vocoder_dir).eval(), vocoder_dir
    torch.manual_seed(0)
    cfg = SpeechT5HifiGanConfig(model_in_dim=model.config.num_mel_bins, **VOCODER_TINY)
    vocoder = ctx.state["vocoder_cls"](cfg).eval()
    with torch.no_grad():
        for p in vocoder.parameters():
            p.normal_(0, 0.5)
    return vocoder, "tiny random HiFi-GAN (no vocoderDir)"


def load_voice(ctx):
    import torch
    model = hf.need_model(ctx)
    dim = model.config.speaker_embedding_dim
    path = ctx.option("speakerEmbedding")
    if path:
        if path.endswith(".npy"):
            import numpy as np
            emb = torch.from_numpy(np.load(path)).float()
        else:
            emb = torch.load(path, map_location="cpu")
        emb = emb.reshape(1, -1)
        if emb.shape[1] != dim:
            raise ValueError("speaker embedding %s has %d values, the model expects %d" % (path, emb.shape[1], dim))
        source = path
    else:
        torch.manual_seed(0)
        emb, source = torch.randn(1, dim), "random x-vector (no speakerEmbedding)"
    ctx.state["speaker"] = emb
    ctx.state["vocoder"], vocoder_source = _vocoder(ctx, model)
    return {"speakerEmbedding": source, "dim": dim, "vocoder": vocoder_source}


def synthesize(ctx):
    import torch
    model = hf.need_model(ctx)
    ids = torch.randint(0, model.config.vocab_size, (1, 10))
    if ctx.option("modelDir") and os.path.exists(os.path.join(ctx.option("modelDir"), "spm_char.model")):
        from transformers import SpeechT5Tokenizer
        ids = SpeechT5Tokenizer.from_pretrained(ctx.option("modelDir"))(ctx.option("text") or "Hello.", return_tensors="pt")["input_ids"]
    vocoder = ctx.state["vocoder"]
    with torch.no_grad():
        wave = model.generate_speech(ids, ctx.state["speaker"], vocoder=vocoder, maxlenratio=2.0, minlenratio=0.5)
    rate = vocoder.config.sampling_rate
    return common.audio_check(wave.tolist(), rate, rate)
