import { checkObject, checkOptions, checkStringList, StatsInputError } from '../../errors.js';
import { checkModelFrame } from './designMatrix.js';
import { fitCoxModel } from './fitCoxModel.js';
import type { CoxModelOptions, CoxModelResult, CoxModelVariable, ModelFrame } from './types.js';
import { univariateCoxScreen } from './univariateCoxScreen.js';

const FN = 'multivariableCox';

/**
 * Which univariate p-value decides selection:
 * - `'likelihoodRatio'` (default): the variable's joint likelihood-ratio test (all its levels at once,
 *   R's `anova(fit)`) — one p per variable whatever its number of levels;
 * - `'wald'`: the joint Wald test of its coefficient block;
 * - `'anyLevel'`: the smallest per-level Wald p (`summary(fit)`'s `Pr(>|z|)`), the convention of
 *   tables that print a p per level and call a variable significant when any level is.
 */
export type SelectionPValue = 'likelihoodRatio' | 'wald' | 'anyLevel';

/** How the multivariable model's variables are chosen. */
export type MultivariableSelection =
  | {
      /** Select candidates whose univariate p is below `pBelow` (e.g. 0.05). */
      readonly rule: {
        readonly pBelow: number;
        /** Which univariate p is compared; `'likelihoodRatio'` by default. */
        readonly pValue?: SelectionPValue;
        /** Variables kept whatever their p (the exposure of interest, e.g. surgery). */
        readonly force?: readonly string[];
      };
    }
  | { readonly variables: readonly string[] };

/** The result of `multivariableCox`. */
export interface MultivariableCoxResult {
  /** One univariate model per candidate, in candidate order. */
  readonly univariate: readonly CoxModelResult[];
  /** Univariate p used for selection, per candidate (null when the selection was an explicit list). */
  readonly selectionPValues: readonly {
    readonly variable: string;
    readonly pValue: number | null;
    readonly selected: boolean;
  }[];
  /** The variables of the multivariable model, in candidate order (then forced/listed ones not among candidates). */
  readonly selected: readonly string[];
  /** The multivariable model, or null when no variable was selected. */
  readonly model: CoxModelResult | null;
  /**
   * The rule that chose the variables, as data (defaults filled in), for code that writes its own
   * footnote (STYLE rule 11): the univariate-p rule, or the list fixed in advance.
   */
  readonly selection:
    | {
        readonly kind: 'pBelow';
        readonly pBelow: number;
        readonly pValue: SelectionPValue;
        readonly force: readonly string[];
      }
    | { readonly kind: 'fixed'; readonly variables: readonly string[] };
  /** Plain-words statement of the rule (English, for people); code reads `selection`. */
  readonly rule: string;
}

function selectionP(v: CoxModelVariable, by: SelectionPValue): number {
  if (by === 'likelihoodRatio') return v.lrt.pValue;
  if (by === 'wald') return v.wald.pValue;
  let best = Number.POSITIVE_INFINITY;
  for (const l of v.levels) if (l.pValue !== null && l.pValue < best) best = l.pValue;
  return best;
}

/**
 * Univariate screen of the candidate variables, then one multivariable Cox model of the variables
 * chosen by a rule (univariate p below a threshold, as "variables with p < 0.05 in the univariate
 * analysis entered the multivariable model") or given as an explicit list. Each model uses its own
 * complete cases, as R does when the models are fitted one by one.
 *
 * R equivalent:
 * ```r
 * uni <- lapply(cand, function(v) coxph(reformulate(v, "Surv(time, event)"), data = d))
 * p   <- sapply(uni, function(f) anova(f)[2, "Pr(>|Chi|)"])            # pValue: 'likelihoodRatio'
 * sel <- union(cand[p < 0.05], force)
 * summary(coxph(reformulate(sel, "Surv(time, event)"), data = d))
 * ```
 *
 * @example
 * const r = multivariableCox(frame, { rule: { pBelow: 0.05, force: ['surgery'] } }, ['ecog', 'tStage', 'surgery']);
 * r.selected;                       // e.g. ['ecog', 'tStage', 'surgery']
 * r.model?.variables[0].levels;     // multivariable hazard ratios
 *
 * @throws {StatsInputError} a threshold outside (0, 1], a forced or listed variable unknown to the
 *   frame, and whatever `fitCoxModel` rejects.
 */
export function multivariableCox(
  frame: ModelFrame,
  selection: MultivariableSelection,
  candidates: readonly string[],
  options: CoxModelOptions = {},
): MultivariableCoxResult {
  checkModelFrame(FN, frame, candidates, 'candidates');
  checkObject(FN, selection, 'selection');
  checkOptions(FN, options);
  if ('rule' in selection) checkObject(FN, selection.rule, 'selection.rule');
  else checkStringList(FN, (selection as { variables?: unknown }).variables, 'selection.variables');
  const univariate = univariateCoxScreen(frame, candidates, options);
  let selected: string[];
  let selectionPValues: MultivariableCoxResult['selectionPValues'];
  let rule: string;
  let chosenBy: MultivariableCoxResult['selection'];
  if ('rule' in selection) {
    const { pBelow, pValue = 'likelihoodRatio', force = [] } = selection.rule;
    if (!(pBelow > 0 && pBelow <= 1)) {
      throw new StatsInputError(FN, `is ${String(pBelow)}; expected a number in (0, 1]`, {
        field: 'selection.rule.pBelow',
      });
    }
    for (const f of force) {
      if (frame.variables[f] === undefined) {
        throw new StatsInputError(FN, `forced variable "${f}" is not in the frame`, {
          field: 'selection.rule.force',
        });
      }
    }
    selectionPValues = univariate.map((m, i) => {
      const p = selectionP(m.variables[0]!, pValue);
      const variable = candidates[i]!;
      return { variable, pValue: p, selected: p < pBelow || force.includes(variable) };
    });
    selected = selectionPValues.filter((s) => s.selected).map((s) => s.variable);
    for (const f of force) if (!selected.includes(f)) selected.push(f);
    const which = { likelihoodRatio: 'likelihood-ratio', wald: 'Wald', anyLevel: 'smallest per-level Wald' }[
      pValue
    ];
    chosenBy = { kind: 'pBelow', pBelow, pValue, force: [...force] };
    rule = `variables with univariate ${which} p < ${pBelow}${force.length > 0 ? `, plus ${force.join(', ')}` : ''}`;
  } else {
    selected = [...selection.variables];
    selectionPValues = candidates.map((variable) => ({
      variable,
      pValue: null,
      selected: selected.includes(variable),
    }));
    chosenBy = { kind: 'fixed', variables: [...selected] };
    rule = `variables chosen in advance: ${selected.join(', ')}`;
  }
  const model = selected.length === 0 ? null : fitCoxModel(frame, selected, options);
  return { univariate, selectionPValues, selected, model, selection: chosenBy, rule };
}
