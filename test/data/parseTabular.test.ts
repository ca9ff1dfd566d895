import test from 'node:test';
import assert from 'node:assert/strict';
import { parseTabular } from '../../data/parseTabular';

const categories = { sex: { M: 1, F: 0 }, '*': { Yes: 1, No: 0 }, age: {} };

test('splits features from the target and maps categories by explicit tables', () => {
  const t = parseTabular('age,sex,smokes,label\n40,M,Yes,1\n31.5,F,No,0\n', {
    target: 'label',
    name: 'p.csv',
    categories,
    classes: ['no', 'yes'],
  });
  assert.deepEqual(t.featureNames, ['age', 'sex', 'smokes']);
  assert.deepEqual(t.x, [
    [40, 1, 1],
    [31.5, 0, 0],
  ]);
  assert.deepEqual(t.y, [1, 0]);
  assert.deepEqual(t.classes, ['no', 'yes']);
  assert.equal(t.targetName, 'label');
});

test('a non-number cell is rejected with line and column', () => {
  assert.throws(() => parseTabular('a,y\n1,0\n2,0\nabc,1\n', { target: 'y', name: 'n.csv' }), {
    message: `Line 4 of n.csv, column 'a': expected a number, but got "abc".`,
  });
  assert.throws(() => parseTabular('a,y\n1,0\n,1\n', { target: 'y', name: 'n.csv' }), {
    message: `Line 3 of n.csv, column 'a': expected a number, but got "".`,
  });
});

test('an unknown category is rejected with the valid values; an empty table means numeric', () => {
  assert.throws(() => parseTabular('age,sex,smokes,y\n40,M,Maybe,1\n', { target: 'y', name: 'c.csv', categories }), {
    message: `Line 2 of c.csv, column 'smokes': expected one of "Yes", "No", but got "Maybe".`,
  });
  assert.throws(() => parseTabular('age,sex,smokes,y\nold,M,No,1\n', { target: 'y', name: 'c.csv', categories }), {
    message: `Line 2 of c.csv, column 'age': expected a number, but got "old".`,
  });
});

test('a missing target column is rejected', () => {
  assert.throws(() => parseTabular('a,b\n1,2\n', { target: 'y', name: 'm.csv' }), {
    message: "m.csv has no column 'y'; its columns are 'a', 'b'.",
  });
});

test('with missing: true an empty feature cell is NaN, a non-number still fails, an empty target still fails', () => {
  const d = parseTabular('a,b,y\n1,,0\n,2.5,1\n', { target: 'y', name: 'g.csv', missing: true });
  assert.ok(Number.isNaN(d.x[0][1]) && Number.isNaN(d.x[1][0]));
  assert.deepEqual([d.x[0][0], d.x[1][1]], [1, 2.5]);
  assert.deepEqual(d.y, [0, 1]);
  assert.throws(() => parseTabular('a,y\nx,0\n', { target: 'y', name: 'g.csv', missing: true }), {
    message: `Line 2 of g.csv, column 'a': expected a number, but got "x".`,
  });
  assert.throws(() => parseTabular('a,y\n1,\n', { target: 'y', name: 'g.csv', missing: true }), {
    message: `Line 2 of g.csv, column 'y': expected a number, but got "".`,
  });
});
