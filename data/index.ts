/**
 * pathlab's data: loaders for the shipped tabular files and MNIST, splits and standardisation,
 * and the seeded generators of the notebooks' synthetic data. Everything returns plain arrays.
 */
export { parseCsv } from './parseCsv';
export type { CsvTable, ParseCsvOptions } from './parseCsv';
export { parseTabular } from './parseTabular';
export type { TabularDataset, ParseTabularOptions } from './parseTabular';
export { loadTabular, isTabularName, TABULAR_DATASETS, dataDirectory } from './loadTabular';
export type { TabularName, LoadTabularOptions } from './loadTabular';
export { fitStandardizer } from './fitStandardizer';
export type { Standardizer } from './fitStandardizer';
export { fitMeanImputer } from './fitMeanImputer';
export type { MeanImputer } from './fitMeanImputer';
export { splitDataset } from './splitDataset';
export type { SplitDatasetOptions, DatasetSplit, SplitPart } from './splitDataset';
export { loadMnist, mnistPoolSizes, MNIST_SIZE } from './loadMnist';
export type { ImageSet, LoadMnistOptions } from './loadMnist';
export { loadMnistFull, mnistDataDirectory, MNIST_FULL_SIZES, MNIST_SCALES } from './loadMnistFull';
export type { LoadMnistFullOptions, MnistArrays, MnistScale } from './loadMnistFull';
export { parseIdx } from './parseIdx';
export type { IdxArray } from './parseIdx';
export { saltAndPepper } from './saltAndPepper';
export type { SaltAndPepperOptions } from './saltAndPepper';
export { makeGraphDataset } from './makeGraphDataset';
export type { GraphDataset, GraphDatasetOptions } from './makeGraphDataset';
export { permuteGraph } from './permuteGraph';
export {
  makeNegationSentences,
  NEGATION_WORDS,
  NEGATION_VOCABULARY,
  NEGATION_MAX_LENGTH,
  PAD_TOKEN,
} from './makeNegationSentences';
export type { NegationSentences, NegationSentencesOptions } from './makeNegationSentences';
export { encodeText } from './encodeText';
export { makeSimulation, simulationTarget } from './makeSimulation';
export type { Simulation, SimulationOptions, MultiplicativeTerm, AdditiveTerm } from './makeSimulation';
export {
  makeInteractionBenchmark,
  ablateInteractions,
  pairTermsTarget,
  interactionTerm,
  INTERACTION_TYPES,
  isInteractionType,
} from './makeInteractionBenchmark';
export type {
  InteractionBenchmark,
  InteractionBenchmarkOptions,
  AblateInteractionsOptions,
  PairTerm,
  InteractionType,
} from './makeInteractionBenchmark';
export { dataErrors } from './errors';
