/**
 * How peak memory follows `batchSize` for Expected Gradients on wide inputs (issue 16 #22):
 * 16 inputs × 100,000 features, 64 samples, softplus MLP d-64-32-1, one fresh process per
 * batchSize (peak RSS is a high-water mark). Reports peak RSS and the peak of tfjs's own
 * count of live tensor bytes (tf.profile's peakBytes).
 *
 *   node dist/bench/batchSizeMemory.js [16,64,256,1024]      (opt-in; about 1 min per value)
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { ready } from '../explain/engine';
import { expectedGradients } from '../explain/attribution/expectedGradients';
import { softplusMlp } from './support';

const D = 100_000;

async function child(batchSize: number): Promise<void> {
  await ready();
  const mlp = softplusMlp(D);
  // PATHLAB_BENCH_MODEL=function: the same network as a plain function, which takes the generic
  // gradient path instead of the dense-layer one.
  const asFunction = process.env.PATHLAB_BENCH_MODEL === 'function';
  const model = asFunction ? (z: tf.Tensor) => mlp.apply(z) as tf.Tensor : mlp;
  const x = tf.randomNormal([16, D], 0, 1, 'float32', 1);
  const bg = tf.randomNormal([32, D], 0, 1, 'float32', 2);
  const base = process.memoryUsage().rss;
  let failed: string | null = null;
  const started = Date.now();
  // tf.profile tracks the peak of live tensor bytes inside the call (chunks included).
  const info = await tf.profile(async () => {
    await expectedGradients(model, x, { baseline: bg, numSamples: 64, seed: 0, batchSize, memoryBudgetMB: 16384 }).catch(
      (e: Error) => {
        failed = e.message;
      },
    );
  });
  const peakBytes = info.peakBytes;
  const MB = 1024 * 1024;
  process.stdout.write(
    JSON.stringify({
      batchSize,
      backend: tf.getBackend(),
      seconds: (Date.now() - started) / 1000,
      rssBeforeMB: Math.round(base / MB),
      peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / MB),
      peakTensorMB: Math.round(peakBytes / MB),
      model: asFunction ? 'function' : 'LayersModel',
      ...(failed ? { failed } : {}),
    }) + '\n',
  );
}

if (process.argv[2] === '--child') {
  void child(Number(process.argv[3]));
} else {
  const sizes = (process.argv[2] ?? '16,64,256,1024').split(',').map(Number);
  for (const b of sizes) {
    const r = spawnSync(process.execPath, [__filename, '--child', String(b)], { encoding: 'utf8', env: process.env });
    process.stdout.write(r.stdout || `batchSize ${b}: failed: ${r.stderr.slice(-500)}\n`);
  }
}
