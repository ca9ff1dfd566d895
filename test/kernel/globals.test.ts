import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import * as pathlab from '../../index';
import { KERNEL_GLOBAL_TYPES } from '../../kernel/globals';
import { ambientDeclarations, kernelGlobals, packageDir, packageRoot } from '../../kernel/preload';

// The whole set, pinned: adding or removing a global is a decision, made here.
const EXPECTED = [
  'ablateInteractions accuracy accuracyScore adam attributionHeatmap backendInfo barInteractionPlot blackBox Chart',
  'compareMethods comparisonPlot completeness deconvolution deepLift deletionCurve deletionCurvePlot',
  'differentiableExpectedGradients embeddingAttributions encodeText epsilonLrp exactShapley expectedGradients',
  'expectedHessians featureAblation featurePermutation fitMeanImputer fitStandardizer forcePlot gini giniPrior',
  'globalBarPlot gradCam gradient gradientXInput graphPrior guidedBackprop guidedGradCam hconcat hessian',
  'hessianXInput imageAttributionPlot infidelity insertionCurve integratedGradients integratedHessians',
  'interactionTerm internalInfluence kernelShap l1AttributionPrior l1WeightPrior l2WeightPrior lambdaSearch',
  'laplacian layerActivation layerConductance layerGradientXActivation layerIntegratedGradients lime linePlot',
  'loadMnist loadMnistFull loadTabular logGrid lorenzPlot makeGraphDataset makeInteractionBenchmark',
  'makeNegationSentences makeSimulation matrixInteractionPlot modelRandomization monteCarloError',
  'neuronConductance neuronDeepLift neuronGradient neuronIntegratedGradients noiseTunnel occlusion',
  'pairTermsTarget pairedComparison parseCsv parseIdx parseTabular permuteGraph randomRotateShift',
  'ready removeAndRetrain rocAuc roarPlot rotateShiftImages saliency saltAndPepper sanityCheckPlot scatterPlot',
  'seededInit sensitivityMax shapleyInteractions shapleySampling simulationTarget spearman splitDataset ssim',
  'staircaseLearningRate summarizeRuns summaryPlot textPlot toSoftplus totalVariation totalVariationPrior train',
  'trainStep vconcat waterfallPlot',
]
  .join(' ')
  .split(' ')
  .sort();

test('the kernel globals are the curated set of user-facing names, all exported by "pathlab"', () => {
  const names = kernelGlobals(pathlab as unknown as Record<string, unknown>);
  assert.deepEqual(names, EXPECTED);
  for (const n of names) assert.notEqual((pathlab as Record<string, unknown>)[n], undefined, n);
  // No error tables, guards, closed-set constants, progress hooks or render internals.
  assert.deepEqual(
    names.filter((n) => /^is[A-Z]|Errors$|^[A-Z][A-Z_]+$|Cancel|Progress|^inline/.test(n)),
    [],
  );
  for (const n of ['dataErrors', 'inlineLibraries', 'NATIVE_HINT', 'isBlackBox', 'CancelledError', 'Checkpoint', 'logGamma']) {
    assert.ok(!names.includes(n), n);
    assert.ok(n in pathlab, `${n} still imports from "pathlab"`);
  }
});

test('a listed name the library does not export stops the kernel with its name', () => {
  const lib = { ...(pathlab as unknown as Record<string, unknown>) };
  delete lib.train;
  delete lib.seededInit;
  assert.throws(
    () => kernelGlobals(lib),
    new Error('pathlab: the kernel globals seededInit, train are not exported by "pathlab".'),
  );
});

test('the ambient declarations type-check: every global value and type, and a cell using them', () => {
  const root = packageRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathlab-globals-'));
  try {
    const decl = ambientDeclarations(
      kernelGlobals(pathlab as unknown as Record<string, unknown>),
      { dist: path.join(root, 'dist'), tfjs: packageDir('@tensorflow/tfjs') },
      KERNEL_GLOBAL_TYPES,
    );
    assert.match(decl, /\n {2}const train: typeof import\(".*"\)\.train;\n/);
    assert.match(decl, /\n {2}type AttributionResult = import\(".*"\)\.AttributionResult;\n/);
    assert.doesNotMatch(decl, /dataErrors|inlineLibraries|NATIVE_HINT|isBlackBox/);
    fs.writeFileSync(path.join(dir, 'globals.d.ts'), decl);
    const cell = [
      '/// <reference path="./globals.d.ts" />',
      'export async function cell(model: ModelLike, x: number[][]): Promise<InteractionPairSummary[]> {',
      '  const eg: AttributionResult = await expectedGradients(model, x, { baseline: x, seed: 0 });',
      '  const top: number[] = eg.meanAbs();',
      '  const eh: InteractionResult = await expectedHessians(model, x, { baseline: x });',
      '  const chart: Chart = summaryPlot(eg, { featureValues: x });',
      '  void [top, chart, seededInit(0)(1), tf.zeros([1])];',
      '  return eh.topPairs(3);',
      '}',
      ...KERNEL_GLOBAL_TYPES.map((t, k) => `export type T${k} = ${t};`),
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'cell.ts'), cell);
    const program = ts.createProgram([path.join(dir, 'cell.ts')], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: [],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(problems, []);
    // And a name left out is not declared.
    fs.writeFileSync(path.join(dir, 'cell.ts'), '/// <reference path="./globals.d.ts" />\nexport const e = dataErrors;\n');
    const again = ts.createProgram([path.join(dir, 'cell.ts')], { noEmit: true, skipLibCheck: true, types: [] });
    assert.match(
      ts
        .getPreEmitDiagnostics(again)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
        .join('\n'),
      /Cannot find name 'dataErrors'/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The names a code cell declares at its top level (const/let/var, destructuring, functions, classes, types). */
function topLevelNames(source: string): string[] {
  const file = ts.createSourceFile('cell.ts', source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names: string[] = [];
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.push(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  for (const s of file.statements) {
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) bind(d.name);
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) names.push(s.name.text);
    else if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s)) && s.name)
      names.push(s.name.text);
  }
  return names;
}

test('no notebook declares a name that shadows a kernel global', () => {
  assert.deepEqual(topLevelNames('const [a, { b }] = x, c = 1;\nfunction train() {}\ntype Chart = 1;'), [
    'a',
    'b',
    'c',
    'train',
    'Chart',
  ]);
  const globals = new Set<string>([...EXPECTED, ...KERNEL_GLOBAL_TYPES, 'tf', 'pathlab', 'display']);
  const dir = path.join(packageRoot(), 'notebooks');
  const shadowed: string[] = [];
  const notebooks = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb'));
  assert.ok(notebooks.length >= 10);
  for (const f of notebooks) {
    const nb = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as {
      cells: { cell_type: string; source: string | string[] }[];
    };
    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== 'code') continue;
      const src = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
      for (const n of topLevelNames(src)) if (globals.has(n)) shadowed.push(`${f} cell ${i}: ${n}`);
    }
  }
  assert.deepEqual(shadowed, []);
});
