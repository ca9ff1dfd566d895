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
  assert.deepEqual(Object.keys(TABULAR_DATASETS), ['breast_cancer', 'diabetes', 'early_stage_diabetes', 'nhanesi']);
  assert.throws(() => loadTabular('iris' as 'diabetes'), {
    message: `Argument 'name' passed to 'loadTabular' must be one of 'breast_cancer', 'diabetes', 'early_stage_diabetes', 'nhanesi', but got "iris".`,
  });
});

test('nhanesi at horizon 10: 1,503 deaths, 8,032 alive, 397 dropped; 18 features, missing values kept as NaN', () => {
  const d = loadTabular('nhanesi', { horizon: 10 });
  assert.equal(d.featureNames.length, 18);
  assert.equal(d.featureNames[0], 'Age');
  assert.ok(!d.featureNames.includes('survival'));
  assert.equal(d.x.length, 8032 + 1503);
  assert.equal(sum(d.y), 1503);
  assert.equal(d.droppedRows, 397);
  assert.equal(d.targetName, 'died within 10 years');
  assert.deepEqual(d.classes, ['alive', 'died']);
  // First file row: 35,92,126,2,77.7,12,5,165,135,1.37,7.6,2,142,323,41.8,5.8,31.1094,50,15.2747 (alive at 10 y).
  assert.deepEqual(d.x[0], [35, 92, 126, 2, 77.7, 12, 5, 165, 135, 1.37, 7.6, 2, 142, 323, 41.8, 5.8, 31.1094, 50]);
  assert.equal(d.y[0], 0);
  const missing = (name: string) => d.x.filter((r) => Number.isNaN(r[d.featureNames.indexOf(name)])).length;
  // Counted in the file with Python's csv module over the rows kept at H = 10.
  assert.equal(missing('Sedimentation rate'), 800);
  assert.equal(missing('White blood cells'), 1016);
  assert.equal(missing('Systolic BP'), 54);
  assert.equal(missing('Age'), 0);
  assert.ok(d.x.every((r) => r.every((v) => Number.isFinite(v) || Number.isNaN(v))));
});

test('nhanesi: the default horizon is 10; at 15 years 2,484 deaths, 6,794 alive, 654 dropped (26.8%)', () => {
  assert.equal(loadTabular('nhanesi').x.length, 9535);
  const d = loadTabular('nhanesi', { horizon: 15 });
  assert.equal(sum(d.y), 2484);
  assert.equal(d.x.length - sum(d.y), 6794);
  assert.equal(d.droppedRows, 654);
  assert.equal(Math.round((1000 * 2484) / (2484 + 6794)) / 10, 26.8);
});

test('nhanesi: a horizon below every follow-up keeps all 9,550 rows with a survival time, missing values as NaN', () => {
  const d = loadTabular('nhanesi', { horizon: 1e-9 });
  assert.equal(d.x.length, 9550);
  assert.equal(d.droppedRows, 382);
  const nan = (name: string) => d.x.filter((r) => Number.isNaN(r[d.featureNames.indexOf(name)])).length;
  assert.equal(nan('Sedimentation rate'), 800);
  assert.equal(nan('White blood cells'), 1017);
});

test('loadTabular options: horizon only for nhanesi, and a positive number', () => {
  assert.throws(() => loadTabular('diabetes', { horizon: 10 }), {
    message:
      "Argument 'options.horizon' passed to 'loadTabular' applies only to 'nhanesi' (a survival time), but 'diabetes' has its own target.",
  });
  assert.throws(() => loadTabular('nhanesi', { horizon: 0 }), {
    message: "Argument 'options.horizon' passed to 'loadTabular' must be a finite number of years > 0, but got 0.",
  });
  assert.throws(() => loadTabular('nhanesi', null as never), {
    message: "Argument 'options' passed to 'loadTabular' must be an object, but got null.",
  });
});
