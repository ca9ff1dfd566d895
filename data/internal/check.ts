/** Argument checks shared by data/'s loaders and generators. */
import { dataErrors } from '../errors';

export function checkPositiveInteger(value: unknown, arg: string, fn: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(dataErrors.notPositiveInteger(arg, fn, value));
  }
  return value;
}

export function checkNonNegativeInteger(value: unknown, arg: string, fn: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(dataErrors.notNonNegativeInteger(arg, fn, value));
  }
  return value;
}

export function checkFraction(value: unknown, arg: string, fn: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new Error(dataErrors.notFraction(arg, fn, value));
  }
  return value;
}
