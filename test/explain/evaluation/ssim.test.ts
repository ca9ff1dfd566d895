import test from 'node:test';
import assert from 'node:assert/strict';
import { ssim } from '../../../explain/evaluation/ssim';

test("SSIM: 1 for identical maps, symmetric, and scikit-image's structural_similarity(data_range=1)", () => {
  const h = 9;
  const w = 9;
  const a = Array.from({ length: h * w }, (_, i) => Math.sin(i) * 0.5 + 0.5);
  const b = Array.from({ length: h * w }, (_, i) => Math.cos(i * 7) * 0.5 + 0.5);
  assert.ok(Math.abs(ssim(a, a, h, w) - 1) < 1e-12);
  assert.ok(Math.abs(ssim(a, b, h, w) - ssim(b, a, h, w)) < 1e-12);
  // skimage.metrics.structural_similarity on the same arrays (scikit-image 0.26).
  assert.ok(Math.abs(ssim(a, b, h, w) - 0.01649974488616944) < 1e-10, String(ssim(a, b, h, w)));
  const c = Array.from({ length: 120 }, (_, i) => ((i * 37) % 11) / 10);
  const d = Array.from({ length: 120 }, (_, i) => ((i * 53) % 7) / 6);
  assert.ok(Math.abs(ssim(c, d, 12, 10) - 0.004233183523376985) < 1e-10, String(ssim(c, d, 12, 10)));
});
