"""A user's app building a VITS model from its config and running one forward pass: the baseline for the whole command."""
import torch
from transformers import VitsConfig, VitsModel

model = VitsModel(VitsConfig()).eval()
with torch.no_grad():
    audio = model(input_ids=torch.randint(0, 38, (1, 24))).waveform
print(audio.shape)
