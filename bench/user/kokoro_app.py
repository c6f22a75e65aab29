"""A user's app loading a Kokoro model dir (config.json, kokoro-v1_0.pth, voices/af_heart.pt) with
KModel and speaking from phonemes (misaki's G2P needs a spaCy model this machine cannot download):
the baseline for the whole command. Usage: kokoro_app.py MODEL_DIR OUT.wav"""
import os
import sys
import wave

import torch
from kokoro import KModel

PHONEMES = "həlˈoʊ wˈɜːld"
model_dir = sys.argv[1]
model = KModel(repo_id="hexgrad/Kokoro-82M", config=os.path.join(model_dir, "config.json"),
               model=os.path.join(model_dir, "kokoro-v1_0.pth")).eval()
pack = torch.load(os.path.join(model_dir, "voices", "af_heart.pt"), map_location="cpu", weights_only=True)
with torch.no_grad():
    audio = model(PHONEMES, pack[len(PHONEMES) - 1], 1)
samples = (audio.reshape(-1).clamp(-1, 1) * 32767).to(torch.int16).numpy().tobytes()
with wave.open(sys.argv[2], "wb") as out:
    out.setnchannels(1)
    out.setsampwidth(2)
    out.setframerate(24000)
    out.writeframes(samples)
