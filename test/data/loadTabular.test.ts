import test from 'node:test';
import assert from 'node:assert/strict';
import { loadTabular, isTabularName, TABULAR_DATASETS } from '../../data/loadTabular';

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

test('breast_cancer: 569 × 30, 212 malignant, first row as in the file', () => {
  const d = loadTabular('breast_cancer');
  assert.equal(d.x.length, 569);
  assert.ok(d.x.every((r) => r.length === 30));
  assert.equal(sum(d.y), 212);
  assert.equal(d.featureNames[0], 'mean radius');
  assert.deepEqual(d.x[0].slice(0, 3), [17.99, 10.38, 122.8]);
  assert.deepEqual(d.classes, ['benign', 'malignant']);
});

test('diabetes: 442 × 10 regression, sex coded 1/2', () => {
  const d = loadTabular('diabetes');
  assert.equal(d.x.length, 442);
  assert.equal(d.featureNames.length, 10);
  assert.equal(d.targetName, 'progression');
  assert.deepEqual(d.classes, []);
  assert.deepEqual(d.x[0], [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87]);
  assert.equal(d.y[0], 151);
  assert.deepEqual([...new Set(d.x.map((r) => r[1]))].sort(), [1, 2]);
});

test('early_stage_diabetes: Yes/No and Male/Female coded 1/0, 320 positive', () => {
  const d = loadTabular('early_stage_diabetes');
  assert.equal(d.x.length, 520);
  assert.equal(d.featureNames.length, 16);
  assert.equal(sum(d.y), 320);
  // First row: 40,Male,No,Yes,No,Yes,No,No,No,Yes,No,Yes,No,Yes,Yes,Yes,Positive
  assert.deepEqual(d.x[0], [40, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1]);
  assert.ok(d.x.every((r) => r.slice(1).every((v) => v === 0 || v === 1)));
});

test('unknown names are rejected by the guard and the loader', () => {
  assert.equal(isTabularName('breast_cancer'), true);
  assert.equal(isTabularName('iris'), false);
  assert.deepEqual(Object.keys(TABULAR_DATASETS), ['breast_cancer', 'diabetes', 'early_stage_diabetes']);
  assert.throws(() => loadTabular('iris' as 'diabetes'), {
    message: `Argument 'name' passed to 'loadTabular' must be one of 'breast_cancer', 'diabetes', 'early_stage_diabetes', but got "iris".`,
  });
});
