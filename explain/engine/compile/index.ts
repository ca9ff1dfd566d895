export { compiled, cacheFor, CompileCache, compileEnabled, setCompileEnabled } from './compiled';
export type { CompiledFunction } from './compiled';
