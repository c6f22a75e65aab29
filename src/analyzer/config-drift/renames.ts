// Known parameter renames between a model's original code and the code that loads it now, by config class, each with its source.

export interface RenameRule {
  /** The key as older code or another codebase wrote it. */
  from: string;
  /** The parameter the installed code reads. */
  to: string;
  /** Where the two names come from: the original code and the code that renamed it. */
  source: string;
}

const AUDIOCRAFT_SEANET = 'https://github.com/facebookresearch/audiocraft/blob/main/audiocraft/modules/seanet.py';
const SUNO_BARK_GPT = 'https://github.com/suno-ai/bark/blob/main/bark/model.py';
const VITS_ORIGINAL = 'https://github.com/jaywalnut310/vits/blob/main/configs/ljs_base.json';

/** Original Bark (suno-ai/bark GPTConfig) against transformers' Bark sub-model configs. */
const BARK_GPT: RenameRule[] = [
  { from: 'n_layer', to: 'num_layers', source: SUNO_BARK_GPT },
  { from: 'n_head', to: 'num_heads', source: SUNO_BARK_GPT },
  { from: 'n_embd', to: 'hidden_size', source: SUNO_BARK_GPT },
];

/**
 * Keyed by the config class's simple name (the last part of its qualified name). Encodec inside Bark
 * is the classic case: audiocraft's SEANet names against transformers' EncodecConfig.
 */
export const RENAMES: Record<string, RenameRule[]> = {
  EncodecConfig: [
    { from: 'n_filters', to: 'num_filters', source: AUDIOCRAFT_SEANET },
    { from: 'n_residual_layers', to: 'num_residual_layers', source: AUDIOCRAFT_SEANET },
    { from: 'ratios', to: 'upsampling_ratios', source: AUDIOCRAFT_SEANET },
    { from: 'dimension', to: 'hidden_size', source: AUDIOCRAFT_SEANET },
    { from: 'lstm', to: 'num_lstm_layers', source: AUDIOCRAFT_SEANET },
    { from: 'causal', to: 'use_causal_conv', source: AUDIOCRAFT_SEANET },
    { from: 'dilation_base', to: 'dilation_growth_rate', source: AUDIOCRAFT_SEANET },
    { from: 'norm', to: 'norm_type', source: AUDIOCRAFT_SEANET },
    { from: 'channels', to: 'audio_channels', source: AUDIOCRAFT_SEANET },
    { from: 'sample_rate', to: 'sampling_rate', source: 'https://github.com/facebookresearch/audiocraft/blob/main/audiocraft/models/encodec.py' },
    { from: 'bins', to: 'codebook_size', source: 'https://github.com/facebookresearch/audiocraft/blob/main/audiocraft/quantization/vq.py' },
  ],
  BarkSemanticConfig: BARK_GPT,
  BarkCoarseConfig: BARK_GPT,
  BarkFineConfig: BARK_GPT,
  VitsConfig: [
    { from: 'hidden_channels', to: 'hidden_size', source: VITS_ORIGINAL },
    { from: 'n_layers', to: 'num_hidden_layers', source: VITS_ORIGINAL },
    { from: 'n_heads', to: 'num_attention_heads', source: VITS_ORIGINAL },
    { from: 'filter_channels', to: 'ffn_dim', source: VITS_ORIGINAL },
    { from: 'inter_channels', to: 'flow_size', source: VITS_ORIGINAL },
    { from: 'n_speakers', to: 'num_speakers', source: VITS_ORIGINAL },
    { from: 'gin_channels', to: 'speaker_embedding_size', source: VITS_ORIGINAL },
  ],
};

export function renamesFor(configClass: string | undefined): RenameRule[] {
  const simple = (configClass ?? '').split('.').pop() ?? '';
  return RENAMES[simple] ?? [];
}
