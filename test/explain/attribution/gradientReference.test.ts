/**
 * Agreement with plain-PyTorch DeepLIFT (Rescale) and ε-LRP on the same weights (a conv + ReLU +
 * max-pool net): the numbers were computed once by bench/reference/gradient_fixtures.py, with the
 * modified ReLU gradients the bench's PyTorch rows use, and stored in
 * test/explain/fixtures/gradient_reference.json.
 */
import test from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { deepLift } from '../../../explain/attribution/deepLift';
import { epsilonLrp } from '../../../explain/attribution/epsilonLrp';
import { assertClose, noLeak, quietReady } from '../support';

quietReady();

interface Dense {
  kernel: number[];
  bias: number[];
}
const ref = JSON.parse(
  fs.readFileSync(
    // The fixture stays beside the sources: found from dist/test/… and from test/….
    path.join(__dirname.replace(`${path.sep}dist${path.sep}`, path.sep), '..', 'fixtures', 'gradient_reference.json'),
    'utf8',
  ),
) as { conv: Dense; dense: Dense; images: number[]; baseline: number; target: number; deepLift: number[]; epsilonLrp: number[] };

function cnn(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
  });
  model.layers[0].setWeights([tf.tensor4d(ref.conv.kernel, [3, 3, 1, 4]), tf.tensor1d(ref.conv.bias)]);
  model.layers[3].setWeights([tf.tensor2d(ref.dense.kernel, [64, 3]), tf.tensor1d(ref.dense.bias)]);
  return model;
}

test('PyTorch reference: DeepLIFT (Rescale, baseline 0.25) and ε-LRP of a conv + max-pool net on the same weights', async () => {
  const model = cnn();
  const x = tf.tensor4d(ref.images, [3, 8, 8, 1]);
  for (let call = 0; call < 3; call++) {
    // Three calls: recorded twice, then compiled on the tensorflow backend; all equal the reference.
    const dl = await noLeak(() => deepLift(model, x, { output: ref.target, baseline: ref.baseline }));
    assertClose(dl.attributions.flat(Infinity) as number[], ref.deepLift, 1e-5, `deepLift, call ${call}`);
    const lrp = await noLeak(() => epsilonLrp(model, x, { output: ref.target }));
    assertClose(lrp.attributions.flat(Infinity) as number[], ref.epsilonLrp, 1e-5, `epsilonLrp, call ${call}`);
  }
  x.dispose();
  model.dispose();
});
