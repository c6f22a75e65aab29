"""misaki G2P on its own (Kokoro's grapheme-to-phoneme engine): Python range, spaCy model, espeak fallback.

Options: langCode ('a' American / 'b' British English), text, fallback (true: espeak for
out-of-vocabulary words, through espeakng-loader / phonemizer).
"""
import sys

import dtts_common as common
from dtts_common import NotApplicable, Skip

NOT_APPLICABLE = {
    "construct-full-meta": "G2P has no neural network to size",
    "load-weights": "misaki's English G2P has no weights file; the spaCy model is checked in preflight",
}


def preflight(ctx):
    found = common.find_specs(("misaki", "spacy", "en_core_web_sm", "espeakng_loader", "phonemizer"))
    details = {"python": "%d.%d" % sys.version_info[:2], "found": found,
               "versions": common.versions(["misaki", "spacy", "phonemizer-fork", "espeakng-loader", "num2words"])}
    if not found["misaki"]:
        raise ModuleNotFoundError("No module named 'misaki'", name="misaki")
    if sys.version_info >= (3, 13):
        details["warning"] = "misaki 0.9.x declares Requires-Python <3.13"
    return details


def import_(ctx):
    from misaki import en
    ctx.state["en"] = en
    return {"module": "misaki.en"}


def config(ctx):
    lang = ctx.option("langCode") or "a"
    if lang not in ("a", "b"):
        raise ValueError("misaki English takes langCode 'a' or 'b', not %r" % lang)
    ctx.state["british"] = lang == "b"
    return {"british": ctx.state["british"], "fallback": bool(ctx.option("fallback", True))}


def construct_minimal(ctx):
    en = ctx.state["en"]
    fallback = None
    if ctx.option("fallback", True):
        from misaki import espeak
        fallback = espeak.EspeakFallback(british=ctx.state["british"])
    # Builds the spaCy pipeline: without en_core_web_sm, misaki tries to download it here.
    ctx.state["g2p"] = en.G2P(trf=False, british=ctx.state["british"], fallback=fallback)
    return {"fallback": "espeak" if fallback else "none (out-of-vocabulary words are dropped)"}


def load_voice(ctx):
    raise NotApplicable("G2P has no voices")


def synthesize(ctx):
    phonemes, tokens = ctx.state["g2p"](ctx.option("text") or "Hello world, this is debug tts.")
    if not phonemes.strip():
        raise ValueError("G2P produced no phonemes")
    return {"phonemes": phonemes, "tokens": len(tokens)}
