export { compiled, cacheFor, CompileCache, compileEnabled, setCompileEnabled } from './compiled';
export type { CompiledFunction } from './compiled';
export { compiledVariableGrads } from './compiledVariableGrads';
export type { Keep, VariableGradsResult } from './compiledVariableGrads';
