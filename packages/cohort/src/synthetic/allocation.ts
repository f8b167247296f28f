/**
 * Allocation: the paper's marginals (`targets.ts`) built as exact lists per group and shuffled onto
 * patients, the metastatic pattern first so that all site rows hold together; then the screened
 * patients who each fail one eligibility rule.
 */
import { expand, type Random } from './random.js';
import {
  day,
  EXCLUDED,
  type Group,
  isOnlyBone,
  isVisceral,
  PATTERNS,
  type Patient,
  type Site,
  SURGERY_TYPES,
  TABLE1,
} from './targets.js';

/**
 * ECOG and T stage are given, within each group, preferentially to patients with a heavier
 * metastatic burden (visceral disease, more than one organ/site): each patient's burden plus
 * Gaussian noise of this SD ranks the group, and the worse levels go to the top ranks. The
 * per-group counts stay exact; only who gets them changes. T stage also ranks on ECOG ≥ 1.
 * In the paper univariate T3-4 is harmful (HR 1.79) though its multivariable HR is 0.70, which
 * only such associations among the factors can produce.
 */
export const CONFOUNDING = { noise: 1.25, ecogOnT: 1.5 };

export function makeGroup(group: Group, rng: Random): Patient[] {
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
      surgeryDate: null,
      progression: null,
      death: null,
      lastFollowup: 0,
    });
  }
  if (group === 'surgery') assignSurgery(patients, rng);
  return patients;
}

/** The indices of `items` for which `keep` holds, in order. */
export function indicesWhere<T>(items: readonly T[], keep: (item: T, i: number) => boolean): number[] {
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
export function byRank<T>(levels: readonly T[], score: readonly number[], rng: Random): T[] {
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
export function menstrualFor(
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
export function prFor(er: readonly string[], positive: number, rng: Random): Patient['pr'][] {
  const erPos = rng.shuffle(indicesWhere(er, (e) => e === 'positive'));
  const erNeg = rng.shuffle(indicesWhere(er, (e) => e === 'negative'));
  const discordant = positive >= 20 ? 3 : 1;
  const fromPos = Math.min(erPos.length, positive - discordant);
  const chosen = new Set([...erPos.slice(0, fromPos), ...erNeg.slice(0, positive - fromPos)]);
  return er.map((_, i) => (chosen.has(i) ? 'positive' : 'negative'));
}

export function ageFor(group: string, menstrual: string, rng: Random): number {
  const tri = (rng.next() + rng.next()) / 2;
  if (group === '<50') return menstrual === 'premenopausal' ? 31 + Math.floor(tri * 19) : rng.int(45, 49);
  return menstrual === 'premenopausal' ? rng.int(50, 53) : 50 + Math.floor(tri * 28);
}

/** Pertuzumab reached first-line use in mid-2018: its patients are diagnosed later. */
export function diagnosisFor(therapy: Patient['therapy'], rng: Random): number {
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
export function assignSurgery(patients: Patient[], rng: Random): void {
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
export function makeExcluded(rng: Random): Patient[] {
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
      surgeryDate: null,
      progression: null,
      death: null,
      lastFollowup: 0,
    } satisfies Patient;
  });
}
