import test from 'node:test';
import assert from 'node:assert/strict';
import { injectedParametersSource, parameterLiteral, parseParameterArgs, parseParameterDecls } from '../../kernel/parameters';

test('parseParameterDecls reads written and inferred types', () => {
  const decls = parseParameterDecls(
    "const epochs = 5;\nlet lr: number = 1e-3;\nconst name = 'mnist'; // data\nconst flag = true\nconst dims: number[] = [1, 2];\nconst obj = makeThing();",
  );
  assert.deepEqual(decls, [
    { name: 'epochs', type: 'number' },
    { name: 'lr', type: 'number' },
    { name: 'name', type: 'string' },
    { name: 'flag', type: 'boolean' },
    { name: 'dims', type: 'number[]' },
    { name: 'obj', type: 'unknown' },
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
  assert.throws(() => parseParameterArgs(['novalue']), { message: "Parameter 'novalue' must be written name=value." });
  assert.deepEqual(parseParameterArgs(['a=1', 'b=x=y']), { a: '1', b: 'x=y' });
});
