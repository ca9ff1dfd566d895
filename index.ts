/**
 * pathlab: TypeScript notebooks for explaining neural networks. The package's one entry point:
 * the explanation library, the plots and the data loaders.
 */
export * from './explain';
export * from './viz';
export * from './data';
