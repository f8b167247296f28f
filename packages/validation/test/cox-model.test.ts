import {
  fitCoxModel,
  type ModelFrame,
  multivariableCox,
  StatsInputError,
  univariateCoxScreen,
} from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../src/fixtures.js';
import { type CoxModelFixture, coxModelChecks, frameFromJson, MODEL_TOL } from '../src/suites/coxExtras.js';

const fx = readFixture<CoxModelFixture>('cox-model.json');
const lung = fx.cases[0]!;
const lungFrame = frameFromJson(lung.frame, { ecog: '0', sex: 'male' });

describe('Cox modelling layer against R (cox-model.R fixtures, relative tolerance 1e-6)', () => {
  it('every level, HR, CI, p, per-variable LR and Wald test and infinite flag agrees with R', () => {
    const { list, cases } = coxModelChecks();
    expect(cases).toBeGreaterThanOrEqual(19);
    expect(list.checks.filter((c) => !c.pass)).toEqual([]);
    expect(list.checks.length).toBeGreaterThan(500);
    expect(MODEL_TOL).toBe(1e-6);
  });

  it("drops an empty level with a warning and still matches R's droplevels() fit", () => {
    const c = fx.cases.find((x) => x.name.startsWith('lung without ECOG 3'))!;
    const r = fitCoxModel(frameFromJson(c.frame, { ecog: '0' }), ['ecog']);
    expect(r.variables[0]!.levels.map((l) => l.level)).toEqual(['0', '1', '2']);
    expect(r.warnings).toContain('ecog: level "3" has no patients in the analysed rows and was dropped');
  });

  it("marks R's possibly-infinite coefficient and keeps R's warning words", () => {
    const c = fx.cases.find((x) => x.name.includes('all censored'))!;
    const r = fitCoxModel(frameFromJson(c.frame, { grp: 'a' }), ['grp', 'x']);
    const lv = r.variables[0]!.levels;
    expect(lv.map((l) => [l.level, l.infinite])).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
    ]);
    expect(r.warnings.some((w) => w.includes('coefficient may be infinite'))).toBe(true);
  });
});

describe('Cox modelling layer: shapes and rules', () => {
  it('the reference level is listed first with HR 1 and no interval; counts add up to n', () => {
    const r = fitCoxModel(lungFrame, ['ecog']);
    const v = r.variables[0]!;
    expect(v.reference).toBe('0');
    expect(v.levels[0]).toMatchObject({
      level: '0',
      isReference: true,
      hazardRatio: 1,
      lower: null,
      pValue: null,
    });
    expect(v.levels.reduce((s, l) => s + l.n, 0)).toBe(r.n);
    expect(r.n + r.nDropped).toBe(lung.frame.time.length);
  });

  it("concordance: false changes nothing but the full model's concordance (left out, as nulls)", () => {
    const full = fitCoxModel(lungFrame, ['ecog', 'sex']);
    const lean = fitCoxModel(lungFrame, ['ecog', 'sex'], { concordance: false });
    expect(lean.fit.concordance).toEqual({ estimate: null, stdErr: null });
    expect(full.fit.concordance.estimate).not.toBeNull();
    expect({ ...lean, fit: { ...lean.fit, concordance: full.fit.concordance } }).toEqual(full);
  });

  it('univariateCoxScreen fits each variable on its own complete cases (R: one coxph per variable)', () => {
    const screen = univariateCoxScreen(lungFrame, ['ecog', 'wt.loss']);
    const rEcog = lung.models.find((m) => m.variables.length === 1 && m.variables[0] === 'ecog')!;
    const rWt = lung.models.find((m) => m.variables.length === 1 && m.variables[0] === 'wt.loss')!;
    expect(screen.map((m) => m.n)).toEqual([rEcog.n, rWt.n]);
  });

  it('multivariableCox selects by the univariate joint LR p and fits the selected variables as R does', () => {
    const r = multivariableCox(lungFrame, { rule: { pBelow: 0.05 } }, ['ecog', 'sex', 'age', 'wt.loss']);
    const uni = lung.models.filter((m) => m.variables.length === 1);
    const expected = uni.filter((m) => m.termTests[0]!.lrt.pValue < 0.05).map((m) => m.variables[0]!);
    expect(r.selected).toEqual(expected);
    expect(r.model?.variables.map((v) => v.name)).toEqual(expected);
    // forced variables enter whatever their p
    const forced = multivariableCox(lungFrame, { rule: { pBelow: 0.05, force: ['wt.loss'] } }, [
      'ecog',
      'sex',
      'wt.loss',
    ]);
    expect(forced.selected).toContain('wt.loss');
    // the rule comes back as data with its defaults filled in (the English `rule` is for people)
    expect(forced.selection).toEqual({
      kind: 'pBelow',
      pBelow: 0.05,
      pValue: 'likelihoodRatio',
      force: ['wt.loss'],
    });
    // an explicit list reproduces R's four-variable model
    const all = multivariableCox(lungFrame, { variables: ['ecog', 'sex', 'age', 'wt.loss'] }, [
      'ecog',
      'sex',
      'age',
      'wt.loss',
    ]);
    const rAll = lung.models.find((m) => m.variables.length === 4)!;
    expect(all.model!.n).toBe(rAll.n);
    expect(all.model!.fit.logLik.model).toBeCloseTo(rAll.loglik[1] as number, 6);
    expect(all.selection).toEqual({ kind: 'fixed', variables: ['ecog', 'sex', 'age', 'wt.loss'] });
  });

  it("'anyLevel' selects a multi-level variable when any level's Wald p is below the threshold", () => {
    const r = multivariableCox(lungFrame, { rule: { pBelow: 0.05, pValue: 'anyLevel' } }, ['ecog', 'age']);
    const ecog = r.univariate[0]!.variables[0]!;
    const minP = Math.min(...ecog.levels.flatMap((l) => (l.pValue === null ? [] : [l.pValue])));
    expect(r.selectionPValues[0]!.pValue).toBe(minP);
  });

  it('bad input throws StatsInputError naming fitCoxModel and the field', () => {
    expect(() => fitCoxModel(lungFrame, ['nope'])).toThrow(StatsInputError);
    expect(() => fitCoxModel(lungFrame, ['ecog', 'ecog'])).toThrow(/listed twice/);
    const bad: ModelFrame = {
      ...lungFrame,
      variables: { g: { type: 'categorical', levels: ['a'], codes: Array.from(lungFrame.time, () => 0) } },
    };
    expect(() => fitCoxModel(bad, ['g'])).toThrow(/single declared level/);
  });

  it('a covariate constant in the analysed rows is kept with NA coefficients (as R: coxph reports NA) and leaves the other estimates as without it', () => {
    const frame: ModelFrame = {
      ...lungFrame,
      variables: {
        ...lungFrame.variables,
        g: { type: 'categorical', levels: ['a', 'b'], codes: Array.from(lungFrame.time, () => 1) },
        k: { type: 'numeric', values: Array.from(lungFrame.time, () => 7) },
      },
    };
    const withConstant = fitCoxModel(frame, ['ecog', 'g', 'k']);
    const without = fitCoxModel(frame, ['ecog']);
    const [ecog, g, k] = withConstant.variables;
    expect([g!.constant, k!.constant, ecog!.constant]).toEqual([true, true, false]);
    expect(g!.levels.filter((l) => !l.isReference).map((l) => l.coef)).toEqual([null]);
    expect(k!.levels.map((l) => l.coef)).toEqual([null]);
    expect([g!.lrt.df, k!.lrt.df]).toEqual([0, 0]);
    expect(withConstant.n).toBe(without.n);
    ecog!.levels.forEach((l, i) => {
      expect(l.coef ?? 0).toBeCloseTo(without.variables[0]!.levels[i]!.coef ?? 0, 10);
    });
  });
});

describe('Cox modelling layer: invariants (fast-check)', () => {
  const n = lungFrame.time.length;
  it('relabelling the reference level inverts hazard ratios: HR(b vs a) = 1 / HR(a vs b) for a two-level factor', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }), (codes) => {
        fc.pre(codes.includes(0) && codes.includes(1));
        const frame: ModelFrame = {
          time: lungFrame.time,
          event: lungFrame.event,
          variables: { g: { type: 'categorical', levels: ['a', 'b'], codes } },
        };
        const ab = fitCoxModel(frame, ['g']).variables[0]!.levels[1]!;
        const ba = fitCoxModel(
          { ...frame, variables: { g: { type: 'categorical', levels: ['a', 'b'], codes, reference: 'b' } } },
          ['g'],
        ).variables[0]!.levels[1]!;
        expect(ab.hazardRatio! * ba.hazardRatio!).toBeCloseTo(1, 8);
        expect(ab.pValue!).toBeCloseTo(ba.pValue!, 8);
      }),
      { numRuns: 15 },
    );
  });
});
