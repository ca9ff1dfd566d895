import test from 'node:test';
import assert from 'node:assert/strict';
import {
  drawSteps,
  gaussLegendre,
  gaussLegendreSampler,
  gridSampler,
  productGridSampler,
  trapezoidSampler,
  uniformSampler,
  uniformSampler2d,
} from '../../../explain/internal/samplers';

const close = (a: number, b: number, tol: number, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('Gauss–Legendre on [0, 1] integrates polynomials of degree 2n − 1 exactly', () => {
  for (const n of [1, 2, 3, 5, 8, 20]) {
    const { nodes, weights } = gaussLegendre(n);
    close(
      weights.reduce((a, b) => a + b, 0),
      1,
      1e-12,
      `n=${n} weights`,
    );
    for (let deg = 0; deg <= 2 * n - 1; deg++) {
      const q = nodes.reduce((s, x, i) => s + weights[i] * x ** deg, 0);
      close(q, 1 / (deg + 1), 1e-12, `n=${n} degree ${deg}`);
    }
    assert.ok(nodes.every((x, i) => x > 0 && x < 1 && (i === 0 || x > nodes[i - 1])));
  }
  const known = gaussLegendre(2).nodes;
  close(known[0], 0.5 - 0.5 / Math.sqrt(3), 1e-12);
});

test('grid (path_explain) and trapezoid: both endpoints, weights summing to 1 per input', () => {
  const g = gridSampler(5).draw(2, { kind: 'shared' });
  assert.deepEqual(Array.from(g.alphas.slice(0, 5)), [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(g.perInput, 5);
  assert.deepEqual(Array.from(g.refs), new Array(10).fill(0));
  close(
    Array.from(g.weights.slice(5)).reduce((a, b) => a + b, 0),
    1,
    1e-6,
  );
  const t = trapezoidSampler(5).draw(1, { kind: 'perInput' });
  assert.deepEqual(Array.from(t.weights), [0.125, 0.25, 0.25, 0.25, 0.125]);
  const p = gaussLegendreSampler(3).draw(3, { kind: 'perInput' });
  assert.deepEqual(Array.from(p.refs), [0, 0, 0, 1, 1, 1, 2, 2, 2]);
  assert.equal(p.random, false);
});

test('uniform (EG): seeded references and α, equal weights, marked random', () => {
  const a = uniformSampler(100, 7).draw(3, { kind: 'distribution', rows: 4 });
  const b = uniformSampler(100, 7).draw(3, { kind: 'distribution', rows: 4 });
  assert.deepEqual(a, b);
  assert.ok(a.random);
  assert.ok(Array.from(a.refs).every((r) => r >= 0 && r < 4));
  assert.equal(new Set(a.refs).size, 4);
  close(Array.from(a.alphas).reduce((s, x) => s + x, 0) / 300, 0.5, 4 * Math.sqrt(1 / 12 / 300));
});

test('two-dimensional samplers for Hessians: √n × √n grid and independent (α, β)', () => {
  const g = productGridSampler(9).draw(1, { kind: 'shared' });
  assert.equal(g.perInput, 9);
  assert.deepEqual(Array.from(g.alphas), [0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1]);
  assert.deepEqual(Array.from(g.betas ?? []), [0, 0.5, 1, 0, 0.5, 1, 0, 0.5, 1]);
  const u = uniformSampler2d(50, 1).draw(2, { kind: 'distribution', rows: 10 });
  assert.ok(u.betas && u.betas.length === 100);
  assert.notDeepEqual(Array.from(u.alphas), Array.from(u.betas));
  assert.equal(uniformSampler2d(4, 1).dims, 2);
});

test('draws made in steps of any size equal the draws made at once, for every sampler and baseline form', () => {
  const forms = [{ kind: 'shared' }, { kind: 'perInput' }, { kind: 'distribution', rows: 7 }] as const;
  const samplers = [
    uniformSampler(13, 4),
    uniformSampler2d(9, 5),
    gridSampler(6),
    gaussLegendreSampler(5, 2),
    productGridSampler(9, 3),
  ];
  for (const sampler of samplers) {
    for (const form of forms) {
      const once = sampler.draw(5, form);
      for (const block of [1, 7, 64, 1000]) {
        const steps = drawSteps(sampler, 5, form, block);
        assert.equal(steps.perInput, once.perInput);
        assert.equal(steps.random, once.random);
        const points = 5 * once.perInput;
        // One step per block of references (unless shared), α (and β) and weights.
        const arrays = (form.kind === 'shared' ? 0 : 1) + (once.betas ? 3 : 2);
        assert.equal(steps.steps, arrays * Math.ceil(points / block), `${sampler.name} ${form.kind} ${block}`);
        for (let i = 0; i < steps.steps; i++) steps.step();
        assert.deepEqual(steps.result(), once, `${sampler.name} ${form.kind} block ${block}`);
      }
    }
  }
});

test('drawSteps of a sampler without steps draws at once (no steps)', () => {
  const inner = uniformSampler(4, 1);
  const plain = { name: 'plain', dims: 1 as const, draw: inner.draw };
  const steps = drawSteps(plain, 3, { kind: 'shared' });
  assert.equal(steps.steps, 0);
  assert.equal(steps.perInput, 4);
  assert.deepEqual(steps.result(), inner.draw(3, { kind: 'shared' }));
});
