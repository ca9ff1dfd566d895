/** Dataset loaders and generators for pathlab's notebooks and tests. */
export {};
