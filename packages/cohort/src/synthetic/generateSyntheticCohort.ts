import { DAYS_PER_MONTH } from '../endpoints/timeUnits.js';
import { formatDay } from '../import/cellReaders.js';
import { expand, Random } from './random.js';

/** File name of the committed synthetic cohort (in the package's `data/` folder). */
export const SYNTHETIC_COHORT_FILE = 'synthetic-her2-stage4-cohort.csv';

/**
 * The seed of the committed CSV: among seeds 1–300 whose univariate Cox hazard ratios (R
 * survival::coxph) all point the paper's way and whose Kaplan–Meier medians are within 15% of
 * the paper's, the one closest to the paper's univariate hazard ratios, medians and log-rank
 * p-values together — see `scripts/synthetic-cohort-summary.R --search` and the package README.
 */
export const SYNTHETIC_COHORT_SEED = 95;

type Group = 'surgery' | 'none';
type Site = 'bone' | 'lung' | 'liver' | 'soft' | 'brain' | 'other';
type Exclusion = 'invasive' | 'denovo' | 'her2' | 'antiher2' | 'otherprimary';

/**
 * Table 1 of Lu et al. (2024), per group: the counts the synthetic cohort reproduces exactly.
 * Metastatic sites are not listed here: they follow from the site patterns below.
 */
const TABLE1 = {
  surgery: {
    n: 24,
    ageGroup: { '<50': 13, '>=50': 11 },
    menstrual: { premenopausal: 13, postmenopausal: 11 },
    pathology: { ductal: 24, lobular: 0, Unknown: 0 },
    ecog: { '0': 22, '1': 2, '2': 0 },
    t: { 'T0-2': 18, 'T3-4': 6 },
    n_: { 'N0-1': 10, 'N2-3': 14 },
    grade: { '1': 0, '2': 10, '3': 8, Unknown: 6 },
    er: { negative: 16, positive: 8 },
    pr: { negative: 17, positive: 7 },
    ki67: { low: 2, high: 22 },
    nMet: { '1': 12, '2-3': 3, '>=4': 9 },
    therapy: { trastuzumab: 16, trastuzumab_pertuzumab: 8 },
  },
  none: {
    n: 72,
    ageGroup: { '<50': 33, '>=50': 39 },
    menstrual: { premenopausal: 38, postmenopausal: 34 },
    pathology: { ductal: 68, lobular: 3, Unknown: 1 },
    ecog: { '0': 39, '1': 32, '2': 1 },
    t: { 'T0-2': 39, 'T3-4': 33 },
    n_: { 'N0-1': 36, 'N2-3': 36 },
    grade: { '1': 0, '2': 25, '3': 17, Unknown: 30 },
    er: { negative: 43, positive: 29 },
    pr: { negative: 44, positive: 28 },
    ki67: { low: 4, high: 68 },
    nMet: { '1': 6, '2-3': 6, '>=4': 60 },
    therapy: { trastuzumab: 35, trastuzumab_pertuzumab: 37 },
  },
} as const;

/**
 * Metastatic site patterns per group, chosen so that every site row of Table 1 (bone, lung,
 * liver, only soft tissue, only bone, confined to one organ/site, visceral) holds exactly at
 * once — deciding each patient's whole pattern first is what keeps patients consistent
 * (only-bone ⇒ bone and nothing else; visceral ⇔ lung, liver or brain).
 * Surgery: bone 15, lung 3, liver 7, only soft tissue 2, only bone 12, one site 20, visceral 10.
 * None: bone 44, lung 27, liver 30, only soft tissue 3, only bone 16, one site 34, visceral 48.
 */
const PATTERNS: Record<Group, Record<string, number>> = {
  surgery: {
    bone: 12,
    soft: 2,
    lung: 2,
    liver: 4,
    'bone+lung': 1,
    'bone+liver': 2,
    'liver+soft': 1,
  },
  none: {
    bone: 16,
    soft: 3,
    other: 2,
    lung: 5,
    liver: 8,
    'bone+soft': 2,
    'bone+other': 1,
    'bone+lung+liver': 5,
    'bone+lung+liver+brain': 2,
    'lung+liver': 1,
    'lung+liver+brain': 1,
    'bone+lung': 6,
    'bone+lung+soft': 2,
    'bone+lung+other': 1,
    'lung+soft': 2,
    'lung+other': 1,
    'lung+brain': 1,
    'bone+liver': 6,
    'bone+liver+other': 2,
    'bone+liver+brain': 1,
    'liver+soft': 2,
    'liver+other': 1,
    'liver+brain': 1,
  },
};

/** Screened patients who fail one eligibility rule each (section 2.1 of the paper). */
const EXCLUDED: Record<Exclusion, number> = { invasive: 2, denovo: 4, her2: 2, antiher2: 3, otherprimary: 3 };

/** Section 3.2: 19 radical and 5 palliative operations; 6 before and 18 after systemic therapy. */
const SURGERY_TYPES = { radical: 19, palliative: 5 } as const;

/**
 * Log hazard ratios of the simulation: the paper's MULTIVARIABLE estimates, Table 2 for
 * progression and Table 3 for death, surgery included. Lung metastasis is not in Table 3 (its
 * univariate effect on OS was not significant), so it has no effect of its own on death; ECOG 2
 * has an infinite multivariable estimate in Table 3 (one patient), so its univariate HR (84.4)
 * stands in. The univariate HRs of Tables 2–3 are larger than these because the prognostic
 * factors travel together (see `CONFOUNDING`): that, not the effects, is what makes them so.
 */
const PFS_EFFECTS = {
  ecog1: Math.log(2.046),
  ecog2: Math.log(7.479),
  t34: Math.log(0.699),
  lung: Math.log(2.215),
  liver: Math.log(2.391),
  onlyBone: Math.log(0.945),
  oneSite: Math.log(0.876),
  visceral: Math.log(0.875),
  tp: Math.log(0.385),
  surgery: Math.log(0.706),
};
const OS_EFFECTS: typeof PFS_EFFECTS = {
  ecog1: Math.log(1.538),
  ecog2: Math.log(84.361),
  t34: Math.log(1.574),
  lung: 0,
  liver: Math.log(1.086),
  onlyBone: Math.log(0.391),
  oneSite: Math.log(0.589),
  visceral: Math.log(0.784),
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: Table 3's HR 0.434, not log10(e).
  tp: Math.log(0.434),
  surgery: Math.log(0.627),
};
/**
 * ECOG and T stage are given, within each group, preferentially to patients with a heavier
 * metastatic burden (visceral disease, more than one organ/site): each patient's burden plus
 * Gaussian noise of this SD ranks the group, and the worse levels go to the top ranks. The
 * per-group counts stay exact; only who gets them changes. T stage also ranks on ECOG ≥ 1.
 * In the paper univariate T3-4 is harmful (HR 1.79) though its multivariable HR is 0.70, which
 * only such associations among the factors can produce.
 */
const CONFOUNDING = { noise: 1.25, ecogOnT: 1.5 };
/** Paper section 3.3: median PFS 25.7 vs 15.9 months, median OS 79.1 vs 48 months (surgery vs none). */
const TARGET_MEDIANS = { pfs: { surgery: 25.7, none: 15.9 }, os: { surgery: 79.1, none: 48 } };
/**
 * Kaplan–Meier medians of this design run below the model's medians: patients given
 * trastuzumab+pertuzumab, who do better, were diagnosed later and so are censored earlier,
 * which leaves the later risk sets enriched with worse-prognosis patients; progression is also
 * cut short by death. Calibrating to targets inflated by these factors centres the KM medians
 * of seeds 1–300 on the paper's (see `scripts/synthetic-cohort-summary.R --search`).
 */
const KM_CENSORING_INFLATION = { pfs: 1.02, os: 1.05 };
/** Weibull shapes the calibration may choose between (hazards neither too falling nor too steep). */
const SHAPE_RANGE = [0.7, 4] as const;
/** Clayton copula parameter tying PFS to OS (Kendall's tau = θ / (θ + 2) = 0.5). */
const CLAYTON_THETA = 2;
/** About 10% of patients lost to follow-up within five years. */
const LOSS_RATE_PER_MONTH = -Math.log(0.9) / 60;
const CUTOFF = day(2023, 6, 30);

interface Patient {
  group: Group;
  exclusion: Exclusion | null;
  sites: Set<Site>;
  nMetCategory: '1' | '2-3' | '>=4';
  nMet: number;
  ageGroup: '<50' | '>=50';
  age: number;
  menstrual: 'premenopausal' | 'postmenopausal';
  pathology: 'ductal' | 'lobular' | 'Unknown';
  ecog: '0' | '1' | '2';
  t: 'T0-2' | 'T3-4';
  n: 'N0-1' | 'N2-3';
  grade: '1' | '2' | '3' | 'Unknown';
  er: 'negative' | 'positive';
  pr: 'negative' | 'positive';
  ki67: number;
  therapy: 'trastuzumab' | 'trastuzumab_pertuzumab';
  surgeryType: 'none' | 'radical' | 'palliative';
  timing: '' | 'before_systemic' | 'after_systemic';
  diagnosis: number;
  progression: number | null;
  death: number | null;
  lastFollowup: number;
}

/**
 * Generates the built-in SYNTHETIC cohort as CSV text, deterministically from `seed`.
 *
 * 96 analysed patients (24 surgery, 72 none) whose per-group counts equal every row of the
 * paper's Table 1 exactly, plus 14 screened patients who each fail one eligibility rule (110
 * screened). Each group's marginals are built as exact lists and shuffled onto patients; the
 * metastatic pattern is decided per patient first so that all site rows hold together.
 * Diagnoses span 2016–2022 (trastuzumab+pertuzumab from mid-2018 on), data cut-off 2023-06-30.
 * Progression and death follow Weibull proportional-hazards models whose hazard ratios are the
 * paper's multivariable ones (Tables 2–3) and whose shapes and scales put each group's model
 * median at the paper's; ECOG and T stage go preferentially to patients with more metastatic
 * burden, which is what makes the univariate hazard ratios larger, as in the paper. PFS and OS
 * are tied by a Clayton copula; censoring is administrative plus ~10% loss to follow-up.
 *
 * @example
 * writeFileSync('data/synthetic-her2-stage4-cohort.csv', generateSyntheticCohortCsv(SYNTHETIC_COHORT_SEED));
 */
export function generateSyntheticCohortCsv(seed: number = SYNTHETIC_COHORT_SEED): string {
  const rng = new Random(seed);
  const analysed = [...makeGroup('surgery', rng), ...makeGroup('none', rng)];
  const excluded = makeExcluded(rng);
  simulateSurvival(analysed, excluded, rng);
  const all = [...analysed, ...excluded].sort((a, b) => a.diagnosis - b.diagnosis);
  return toCsv(all);
}

function makeGroup(group: Group, rng: Random): Patient[] {
  const c = TABLE1[group];
  const size = c.n;
  const patterns = rng.shuffle(expand(PATTERNS[group]));
  const sites = patterns.map((p) => new Set(p.split('+') as Site[]));

  // Number of lesions: "1" only for single-site patients, "2-3" only where ≤ 3 sites.
  const nMetCategory = new Array<'1' | '2-3' | '>=4'>(size).fill('>=4');
  const singles = rng.shuffle(indicesWhere(sites, (s) => s.size === 1));
  singles.slice(0, c.nMet['1']).forEach((i) => {
    nMetCategory[i] = '1';
  });
  const rest = rng.shuffle(indicesWhere(sites, (s, i) => nMetCategory[i] !== '1' && s.size <= 3));
  rest.slice(0, c.nMet['2-3']).forEach((i) => {
    nMetCategory[i] = '2-3';
  });

  const ageGroup = rng.shuffle(expand(c.ageGroup));
  const menstrual = menstrualFor(ageGroup, c.menstrual.premenopausal, rng);
  const pathology = rng.shuffle(expand(c.pathology));
  const burden = sites.map((s) => (isVisceral(s) ? 1 : 0) + (s.size > 1 ? 1 : 0));
  const ecog = byRank(expand(c.ecog), burden, rng);
  const t = byRank(
    expand(c.t),
    burden.map((b, i) => b + (ecog[i] === '0' ? 0 : CONFOUNDING.ecogOnT)),
    rng,
  );
  const n = rng.shuffle(expand(c.n_));
  const grade = rng.shuffle(expand(c.grade));
  const er = rng.shuffle(expand(c.er));
  const pr = prFor(er, c.pr.positive, rng);
  const ki67 = rng.shuffle(expand(c.ki67));
  const therapy = rng.shuffle(expand(c.therapy));

  const patients: Patient[] = [];
  for (let i = 0; i < size; i++) {
    const cat = nMetCategory[i]!;
    const nSites = sites[i]!.size;
    const nMet =
      cat === '1' ? 1 : cat === '2-3' ? Math.max(nSites, rng.int(2, 3)) : rng.int(4, 6) + rng.int(0, 9);
    const ag = ageGroup[i]!;
    const ms = menstrual[i]!;
    patients.push({
      group,
      exclusion: null,
      sites: sites[i]!,
      nMetCategory: cat,
      nMet,
      ageGroup: ag,
      age: ageFor(ag, ms, rng),
      menstrual: ms,
      pathology: pathology[i]!,
      ecog: ecog[i]!,
      t: t[i]!,
      n: n[i]!,
      grade: grade[i]!,
      er: er[i]!,
      pr: pr[i]!,
      ki67: ki67[i] === 'low' ? rng.int(5, 14) : 15 + 5 * rng.int(0, 15),
      therapy: therapy[i]!,
      surgeryType: 'none',
      timing: '',
      diagnosis: diagnosisFor(therapy[i]!, rng),
      progression: null,
      death: null,
      lastFollowup: 0,
    });
  }
  if (group === 'surgery') assignSurgery(patients, rng);
  return patients;
}

function isVisceral(sites: ReadonlySet<Site>): boolean {
  return sites.has('lung') || sites.has('liver') || sites.has('brain');
}

function isOnlyBone(sites: ReadonlySet<Site>): boolean {
  return sites.size === 1 && sites.has('bone');
}

/** The indices of `items` for which `keep` holds, in order. */
function indicesWhere<T>(items: readonly T[], keep: (item: T, i: number) => boolean): number[] {
  const out: number[] = [];
  items.forEach((item, i) => {
    if (keep(item, i)) out.push(i);
  });
  return out;
}

/**
 * `levels` (best first, as `expand` lists them) handed out so that the patients with the
 * highest `score` plus Gaussian noise (SD `CONFOUNDING.noise`) get the last, worst levels.
 */
function byRank<T>(levels: readonly T[], score: readonly number[], rng: Random): T[] {
  const key = score.map((s) => s + CONFOUNDING.noise * rng.normal());
  const order = key.map((_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b);
  const out = new Array<T>(levels.length);
  order.forEach((patient, rank) => {
    out[patient] = levels[rank]!;
  });
  return out;
}

/**
 * Premenopausal patients are mostly under 50: all but one of the <50 patients are premenopausal
 * and the few premenopausal patients ≥50 are given ages 50–53.
 */
function menstrualFor(
  ageGroup: readonly string[],
  premenopausal: number,
  rng: Random,
): Patient['menstrual'][] {
  const young = rng.shuffle(indicesWhere(ageGroup, (g) => g === '<50'));
  const old = rng.shuffle(indicesWhere(ageGroup, (g) => g === '>=50'));
  const fromYoung = Math.min(young.length - 1, premenopausal);
  const chosen = new Set([...young.slice(0, fromYoung), ...old.slice(0, premenopausal - fromYoung)]);
  return ageGroup.map((_, i) => (chosen.has(i) ? 'premenopausal' : 'postmenopausal'));
}

/** PR-positive tumours are mostly ER-positive: all but one (surgery) or three (none) PR+ are ER+. */
function prFor(er: readonly string[], positive: number, rng: Random): Patient['pr'][] {
  const erPos = rng.shuffle(indicesWhere(er, (e) => e === 'positive'));
  const erNeg = rng.shuffle(indicesWhere(er, (e) => e === 'negative'));
  const discordant = positive >= 20 ? 3 : 1;
  const fromPos = Math.min(erPos.length, positive - discordant);
  const chosen = new Set([...erPos.slice(0, fromPos), ...erNeg.slice(0, positive - fromPos)]);
  return er.map((_, i) => (chosen.has(i) ? 'positive' : 'negative'));
}

function ageFor(group: string, menstrual: string, rng: Random): number {
  const tri = (rng.next() + rng.next()) / 2;
  if (group === '<50') return menstrual === 'premenopausal' ? 31 + Math.floor(tri * 19) : rng.int(45, 49);
  return menstrual === 'premenopausal' ? rng.int(50, 53) : 50 + Math.floor(tri * 28);
}

/** Pertuzumab reached first-line use in mid-2018: its patients are diagnosed later. */
function diagnosisFor(therapy: Patient['therapy'], rng: Random): number {
  const years = [2016, 2017, 2018, 2019, 2020, 2021, 2022];
  const weights = therapy === 'trastuzumab' ? [3, 3, 3, 2, 2, 1, 1] : [0, 0, 1, 2, 3, 3, 3];
  const year = rng.weighted(years, weights);
  const start = year === 2018 && therapy === 'trastuzumab_pertuzumab' ? day(2018, 7, 1) : day(year, 1, 1);
  return rng.int(start, day(year, 12, 31));
}

/**
 * Section 3.2: 19 radical, 5 palliative; 6 before and 18 after systemic therapy, 10 of the
 * "after" patients with bone-only metastases.
 */
function assignSurgery(patients: Patient[], rng: Random): void {
  const types = rng.shuffle(expand(SURGERY_TYPES));
  patients.forEach((p, i) => {
    p.surgeryType = types[i]!;
  });
  const onlyBone = rng.shuffle(patients.filter((p) => isOnlyBone(p.sites)));
  const others = rng.shuffle(patients.filter((p) => !isOnlyBone(p.sites)));
  onlyBone.forEach((p, i) => {
    p.timing = i < 10 ? 'after_systemic' : 'before_systemic';
  });
  others.forEach((p, i) => {
    p.timing = i < 8 ? 'after_systemic' : 'before_systemic';
  });
}

/** Screened, not analysed: each fails exactly one rule, so the flow counts equal `EXCLUDED`. */
function makeExcluded(rng: Random): Patient[] {
  const reasons = rng.shuffle(expand(EXCLUDED));
  const patterns = Object.keys(PATTERNS.none);
  return reasons.map((exclusion) => {
    const sites = new Set(rng.weighted(patterns, Object.values(PATTERNS.none)).split('+') as Site[]);
    const nMet = sites.size === 1 && rng.next() < 0.2 ? 1 : Math.max(sites.size, rng.int(2, 12));
    const ag = rng.next() < 0.48 ? '<50' : '>=50';
    const ms = ag === '<50' ? 'premenopausal' : 'postmenopausal';
    const therapy = rng.next() < 0.5 ? 'trastuzumab' : 'trastuzumab_pertuzumab';
    const surgeryType = rng.next() < 0.25 ? 'radical' : 'none';
    return {
      group: surgeryType === 'none' ? 'none' : 'surgery',
      exclusion,
      sites,
      nMetCategory: nMet === 1 ? '1' : nMet <= 3 ? '2-3' : '>=4',
      nMet,
      ageGroup: ag,
      age: ageFor(ag, ms, rng),
      menstrual: ms,
      pathology: exclusion === 'invasive' ? 'Unknown' : 'ductal',
      ecog: rng.weighted(['0', '1', '2'] as const, [6, 4, 1]),
      t: rng.next() < 0.5 ? 'T0-2' : 'T3-4',
      n: rng.next() < 0.5 ? 'N0-1' : 'N2-3',
      grade: rng.weighted(['2', '3', 'Unknown'] as const, [4, 3, 4]),
      er: rng.next() < 0.4 ? 'positive' : 'negative',
      pr: rng.next() < 0.35 ? 'positive' : 'negative',
      ki67: 15 + 5 * rng.int(0, 15),
      therapy,
      surgeryType,
      timing: surgeryType === 'none' ? '' : 'after_systemic',
      diagnosis: diagnosisFor(therapy, rng),
      progression: null,
      death: null,
      lastFollowup: 0,
    } satisfies Patient;
  });
}

function linearPredictor(p: Patient, e: typeof PFS_EFFECTS): number {
  return (
    (p.surgeryType === 'none' ? 0 : e.surgery) +
    (isVisceral(p.sites) ? e.visceral : 0) +
    (p.ecog === '1' ? e.ecog1 : p.ecog === '2' ? e.ecog2 : 0) +
    (p.t === 'T3-4' ? e.t34 : 0) +
    (p.sites.has('lung') ? e.lung : 0) +
    (p.sites.has('liver') ? e.liver : 0) +
    (isOnlyBone(p.sites) ? e.onlyBone : 0) +
    (p.sites.size === 1 ? e.oneSite : 0) +
    (p.therapy === 'trastuzumab_pertuzumab' ? e.tp : 0)
  );
}

/**
 * Median of the mixture of Weibull survivor functions exp(-(t/λ)^k e^lp) over the given
 * patients for λ = 1, found by bisection on log t. Because t enters only as t/λ, the median
 * for scale λ is λ times this, and a hazard ratio e^β multiplies it by e^(-β/k).
 */
function mixtureMedian(lps: readonly number[], shape: number): number {
  let lo = Math.log(1e-8);
  let hi = Math.log(1e8);
  for (let iter = 0; iter < 200; iter++) {
    const mid = (lo + hi) / 2;
    const tk = Math.exp(shape * mid);
    let s = 0;
    for (const lp of lps) s += Math.exp(-tk * Math.exp(lp));
    if (s / lps.length > 0.5) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Solves the Weibull shape and scale so that each group's model-implied median equals the
 * target, all hazard ratios (surgery's too) being fixed. The scale follows from the no-surgery
 * median for any shape; the ratio of the two groups' medians falls as the shape grows (a hazard
 * ratio e^β moves a median by e^(-β/k)), so the shape is found by bisection on that ratio.
 */
function calibrate(
  patients: readonly Patient[],
  effects: typeof PFS_EFFECTS,
  target: { surgery: number; none: number },
): { scale: number; shape: number } {
  const lp = (g: Group) => patients.filter((p) => p.group === g).map((p) => linearPredictor(p, effects));
  const [none, surgery] = [lp('none'), lp('surgery')];
  const ratio = (shape: number) => mixtureMedian(surgery, shape) / mixtureMedian(none, shape);
  let lo: number = SHAPE_RANGE[0];
  let hi: number = SHAPE_RANGE[1];
  const goal = target.surgery / target.none;
  for (let iter = 0; iter < 60; iter++) {
    const mid = (lo + hi) / 2;
    if (ratio(mid) > goal) lo = mid;
    else hi = mid;
  }
  const shape = (lo + hi) / 2;
  return { scale: target.none / mixtureMedian(none, shape), shape };
}

function simulateSurvival(analysed: readonly Patient[], excluded: readonly Patient[], rng: Random): void {
  const inflate = (t: { surgery: number; none: number }, f: number) => ({
    surgery: t.surgery * f,
    none: t.none * f,
  });
  const pfs = calibrate(analysed, PFS_EFFECTS, inflate(TARGET_MEDIANS.pfs, KM_CENSORING_INFLATION.pfs));
  const os = calibrate(analysed, OS_EFFECTS, inflate(TARGET_MEDIANS.os, KM_CENSORING_INFLATION.os));
  const weibull = (u: number, model: { scale: number; shape: number }, lp: number) =>
    model.scale * (-Math.log(u) / Math.exp(lp)) ** (1 / model.shape);
  for (const p of [...analysed, ...excluded]) {
    const u = rng.open();
    // Clayton copula, conditional method (Nelsen 2006, §4.6): V given U = u.
    const w = rng.open();
    const th = CLAYTON_THETA;
    const v = (u ** -th * (w ** (-th / (1 + th)) - 1) + 1) ** (-1 / th);
    const progressionMonths = weibull(u, pfs, linearPredictor(p, PFS_EFFECTS));
    const deathMonths = weibull(v, os, linearPredictor(p, OS_EFFECTS));
    const lossMonths = -Math.log(rng.open()) / LOSS_RATE_PER_MONTH;
    const at = (months: number) => p.diagnosis + Math.max(1, Math.round(months * DAYS_PER_MONTH));
    const censor = Math.min(CUTOFF, at(lossMonths));
    const death = at(deathMonths);
    const progression = Math.min(at(progressionMonths), death);
    p.death = death <= censor ? death : null;
    p.progression = progression <= censor && progression < death ? progression : null;
    p.lastFollowup = p.death ?? censor;
  }
}

const COLUMNS = [
  'patient_id',
  'age',
  'menstrual_status',
  'pathological_type',
  'ecog',
  't_stage',
  'n_stage',
  'grade',
  'er_status',
  'pr_status',
  'her2_status',
  'ki67',
  'met_bone',
  'met_lung',
  'met_liver',
  'met_soft_tissue',
  'met_brain',
  'met_other',
  'n_metastases',
  'first_line_therapy',
  'primary_surgery',
  'surgery_timing',
  'invasive_carcinoma',
  'de_novo_metastatic',
  'anti_her2_therapy',
  'other_primary',
  'date_diagnosis',
  'date_progression',
  'date_death',
  'date_last_followup',
] as const;

function toCsv(patients: readonly Patient[]): string {
  const yn = (b: boolean) => (b ? 'yes' : 'no');
  const lines = [COLUMNS.join(',')];
  patients.forEach((p, i) => {
    const x = p.exclusion;
    const row: Record<(typeof COLUMNS)[number], string | number> = {
      patient_id: `SYN-${String(i + 1).padStart(3, '0')}`,
      age: p.age,
      menstrual_status: p.menstrual,
      pathological_type: p.pathology,
      ecog: p.ecog,
      t_stage: p.t,
      n_stage: p.n,
      grade: p.grade,
      er_status: p.er,
      pr_status: p.pr,
      her2_status: x === 'her2' ? 'negative' : 'positive',
      ki67: p.ki67,
      met_bone: yn(p.sites.has('bone')),
      met_lung: yn(p.sites.has('lung')),
      met_liver: yn(p.sites.has('liver')),
      met_soft_tissue: yn(p.sites.has('soft')),
      met_brain: yn(p.sites.has('brain')),
      met_other: yn(p.sites.has('other')),
      n_metastases: p.nMet,
      first_line_therapy: x === 'antiher2' ? '' : p.therapy,
      primary_surgery: p.surgeryType,
      surgery_timing: p.timing,
      invasive_carcinoma: yn(x !== 'invasive'),
      de_novo_metastatic: yn(x !== 'denovo'),
      anti_her2_therapy: yn(x !== 'antiher2'),
      other_primary: yn(x === 'otherprimary'),
      date_diagnosis: formatDay(p.diagnosis),
      date_progression: p.progression === null ? '' : formatDay(p.progression),
      date_death: p.death === null ? '' : formatDay(p.death),
      date_last_followup: formatDay(p.lastFollowup),
    };
    lines.push(COLUMNS.map((c) => row[c]).join(','));
  });
  return `${lines.join('\n')}\n`;
}

function day(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / 86_400_000;
}
