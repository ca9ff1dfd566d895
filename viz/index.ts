/** pathlab's plots: pure functions from data to vega-lite charts, and their renderers. */
export {};
