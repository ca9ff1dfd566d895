import test from 'node:test';
import assert from 'node:assert/strict';
import { injectedParametersSource, parameterLiteral, parseParameterArgs, parseParameterDecls } from '../../kernel/parameters';

test('parseParameterDecls reads written and inferred types', () => {
  const decls = parseParameterDecls(
    "const epochs = 5;\nlet lr: number = 1e-3;\nconst name = 'mnist'; // data\nconst flag = true\nconst dims: number[] = [1, 2];\nconst obj = makeThing();",
  );
  assert.deepEqual(decls, [
    { name: 'epochs', type: 'number', kind: 'const' },
    { name: 'lr', type: 'number', kind: 'let' },
    { name: 'name', type: 'string', kind: 'const' },
    { name: 'flag', type: 'boolean', kind: 'const' },
    { name: 'dims', type: 'number[]', kind: 'const' },
    { name: 'obj', type: 'unknown', kind: 'const' },
  ]);
});

test('injectedParametersSource types the given values as consts', () => {
  const decls = parseParameterDecls("const epochs = 5;\nconst name = 'a';\nconst flag = false;\nconst dims: number[] = [1];");
  const src = injectedParametersSource(decls, { epochs: '10', name: 'b"c', flag: 'true', dims: '[3,4]' }, 'x.ipynb');
  assert.equal(
    src,
    '// Parameters injected by pathlab run\nconst epochs: number = 10;\nconst name: string = "b\\"c";\nconst flag: boolean = true;\nconst dims: number[] = [3,4];',
  );
});

test('unknown parameters and badly typed values are errors naming them', () => {
  const decls = parseParameterDecls('const epochs = 5;');
  assert.throws(() => injectedParametersSource(decls, { epoch: '1', lr: '2' }, 'x.ipynb'), {
    message: "Unknown parameters 'epoch', 'lr' for x.ipynb (it declares: epochs).",
  });
  assert.throws(() => parameterLiteral('epochs', 'number', 'ten'), {
    message: "Parameter 'epochs' must be a number, but got 'ten'.",
  });
  assert.throws(() => parameterLiteral('flag', 'boolean', 'yes'), {
    message: "Parameter 'flag' must be true or false, but got 'yes'.",
  });
  assert.throws(() => parameterLiteral('dims', 'number[]', '[1, 2'), {
    message: "Parameter 'dims' of type number[] must be given as JSON, but got '[1, 2'.",
  });
  assert.throws(() => injectedParametersSource(decls, { epochs: '1', lr: '2' }, 'x.ipynb'), {
    message: "Unknown parameter 'lr' for x.ipynb (it declares: epochs).",
  });
  assert.throws(() => injectedParametersSource([], { lr: '2' }, 'y.ipynb'), {
    message: "Unknown parameter 'lr' for y.ipynb (it declares: none).",
  });
  assert.throws(() => parseParameterArgs(['novalue']), { message: "Parameter 'novalue' must be written name=value." });
  assert.deepEqual(parseParameterArgs(['a=1', 'b=x=y']), { a: '1', b: 'x=y' });
});

test('issue 16 #17: a let parameter gets an assignment (a later cell may reassign it), a const a redeclaration', () => {
  const decls = parseParameterDecls('let lr = 0.1;\nvar steps: number = 3;\nconst seed = 0;');
  assert.equal(
    injectedParametersSource(decls, { lr: '1', steps: '5', seed: '2' }, 'x.ipynb'),
    '// Parameters injected by pathlab run\nlr = 1;\nsteps = 5;\nconst seed: number = 2;',
  );
});

test('issue 16 #15: U+2028/U+2029 in a -p value are escaped in the literal (TypeScript 5.0 ends a string at them)', () => {
  assert.equal(parameterLiteral('name', 'string', 'a\u2028b\u2029c'), '"a\\u2028b\\u2029c"');
  assert.equal(parameterLiteral('names', 'string[]', '["a\u2028b"]'), '["a\\u2028b"]');
  assert.equal(parameterLiteral('any', 'unknown', 'x\u2028y'), '"x\\u2028y"');
  // The literal evaluates back to the value given.
  assert.equal(JSON.parse(parameterLiteral('name', 'string', 'a\u2028b')), 'a\u2028b');
});
