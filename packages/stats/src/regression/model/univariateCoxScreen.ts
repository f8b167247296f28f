import { checkOptions } from '../../errors.js';
import { checkModelFrame } from './designMatrix.js';
import { fitCoxModel } from './fitCoxModel.js';
import type { CoxModelOptions, CoxModelResult, ModelFrame } from './types.js';

/**
 * Univariate screening: one Cox model per variable, each on the rows complete for that variable
 * (as R fits `coxph(Surv(time, event) ~ v)` one variable at a time with `na.omit`). The
 * "Univariate" columns of a prognostic-factor table.
 *
 * R equivalent: `lapply(vars, function(v) summary(coxph(reformulate(v, "Surv(time, event)"), data = d)))`
 *
 * @example
 * const screen = univariateCoxScreen(frame, ['ecog', 'tStage', 'surgery']);
 * screen.map((m) => [m.variables[0].name, m.variables[0].lrt.pValue]);
 *
 * @throws {StatsInputError} a frame, variable list or options of the wrong shape; as `fitCoxModel`,
 *   for the first variable that cannot be modelled.
 */
export function univariateCoxScreen(
  frame: ModelFrame,
  variables: readonly string[],
  options: CoxModelOptions = {},
): readonly CoxModelResult[] {
  checkModelFrame('univariateCoxScreen', frame, variables);
  checkOptions('univariateCoxScreen', options);
  return variables.map((v) => fitCoxModel(frame, [v], options));
}
