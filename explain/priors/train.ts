/**
 * `train` and what it is made of, split by job: options.ts (the option sets, defaults and checks),
 * labels.ts (losses and labels), metrics.ts, history.ts, optimizers.ts, step.ts (one optimisation
 * step) and train.ts (the loop). `explain/priors/train` stays the import path of all of it.
 */
export { train } from './train/train';
export { trainStep } from './train/step';
export type { StepBatch, StepContext, StepResult } from './train/step';
export { TrainHistory } from './train/history';
export { TASK_LOSSES, isTaskLoss, SCHEDULES, isSchedule, OPTIMIZERS, TASK_WEIGHTS, PRIOR_BATCHES } from './train/options';
export type {
  TrainData,
  TrainOptions,
  TrainCallbacks,
  EpochLog,
  TaskLoss,
  Schedule,
  OptimizerName,
  TaskWeight,
  PriorBatch,
  RestoreBest,
  RestoreMetric,
  Augmentation,
} from './train/options';
