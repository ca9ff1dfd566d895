/**
 * A recorded graph loaded into TensorFlow: the SavedModel is written to a temporary folder,
 * loaded synchronously through tfjs-node's backend (one session) and the folder removed at once.
 * `run` is one TensorFlow session call on tensors that already live in the backend.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { GraphSignature } from './graphDef';
import type { NativeBackend } from './recorder';

/** Sessions still loaded, so that one dropped without `dispose` is released when collected. */
const registry = new FinalizationRegistry<{ be: NativeBackend; id: number }>(({ be, id }) => {
  try {
    be.deleteSavedModel(id);
  } catch {
    // The backend is gone (process exit): nothing to release.
  }
});

/** One loaded graph. */
export class GraphSession {
  private id: number | null;

  private constructor(
    private readonly be: NativeBackend,
    id: number,
    private readonly signature: GraphSignature,
  ) {
    this.id = id;
    registry.register(this, { be, id }, this);
  }

  /** Loads SavedModel bytes; throws TensorFlow's message when it rejects the graph. */
  static load(be: NativeBackend, bytes: Uint8Array, signature: GraphSignature): GraphSession {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-graph-'));
    try {
      fs.mkdirSync(path.join(dir, 'variables'));
      fs.writeFileSync(path.join(dir, 'saved_model.pb'), bytes);
      const id = be.loadSavedModelMetaGraph(dir, 'serve');
      return new GraphSession(be, id, signature);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Runs the graph once on `feeds` (in signature order); the caller owns the results. */
  run(feeds: tf.Tensor[]): tf.Tensor[] {
    if (this.id === null) throw new Error('GraphSession: already disposed');
    return this.be.runSavedModel(this.id, feeds, this.signature.inputs, this.signature.outputs);
  }

  /** Releases the TensorFlow session. */
  dispose(): void {
    if (this.id === null) return;
    registry.unregister(this);
    this.be.deleteSavedModel(this.id);
    this.id = null;
  }
}
