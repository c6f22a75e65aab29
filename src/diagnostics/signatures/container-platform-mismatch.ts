// A container image for another CPU architecture runs under emulation (slow, and native wheels may crash).
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const MISMATCH = /requested image's platform \(([^)]+)\) does not match the detected host platform \(([^)]+)\)/;

export const signature: Signature = {
  meta: {
    id: 'container-platform-mismatch',
    category: 'platform-constraint',
    severity: 'error',
    title: 'The container image is built for another CPU architecture',
    sources: ['https://github.com/remsky/Kokoro-FastAPI/issues/61'],
  },

  match(input) {
    const hit = firstHit(input, MISMATCH);
    if (!hit) return null;
    return { confidence: 0.9, title: `Image for ${hit.match[1]} on a ${hit.match[2]} host`, evidence: evidenceOf([hit]), captures: { image: hit.match[1]!, host: hit.match[2]! } };
  },

  fixes(m) {
    return [advice(`Run an image built for ${m.captures.host}`, `Pull a tag published for ${m.captures.host} (check \`docker manifest inspect <image>\`), or build the image locally with \`docker build --platform ${m.captures.host!.replace(/\/v\d+$/, '')}\`. Under QEMU emulation PyTorch and onnxruntime are very slow and some CPU instructions fail.`)];
  },
};
