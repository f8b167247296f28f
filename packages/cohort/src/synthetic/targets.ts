/**
 * What the synthetic cohort must reproduce: the paper's Table 1 counts per group, the screened
 * patients' exclusions, the surgery types, and the patient record every other stage fills in.
 */

export type Group = 'surgery' | 'none';
export type Site = 'bone' | 'lung' | 'liver' | 'soft' | 'brain' | 'other';
export type Exclusion = 'invasive' | 'denovo' | 'her2' | 'antiher2' | 'otherprimary';

/**
 * Table 1 of Lu et al. (2024), per group: the counts the synthetic cohort reproduces exactly.
 * Metastatic sites are not listed here: they follow from the site patterns below.
 */
export const TABLE1 = {
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
export const PATTERNS: Record<Group, Record<string, number>> = {
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
export const EXCLUDED: Record<Exclusion, number> = {
  invasive: 2,
  denovo: 4,
  her2: 2,
  antiher2: 3,
  otherprimary: 3,
};

/** Section 3.2: 19 radical and 5 palliative operations; 6 before and 18 after systemic therapy. */
export const SURGERY_TYPES = { radical: 19, palliative: 5 } as const;

export const CUTOFF = day(2023, 6, 30);

export interface Patient {
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
  /** Day of primary-site surgery; null when not operated (set by `assignSurgeryDates`). */
  surgeryDate: number | null;
  progression: number | null;
  death: number | null;
  lastFollowup: number;
}

export function isVisceral(sites: ReadonlySet<Site>): boolean {
  return sites.has('lung') || sites.has('liver') || sites.has('brain');
}

export function isOnlyBone(sites: ReadonlySet<Site>): boolean {
  return sites.size === 1 && sites.has('bone');
}

export function day(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / 86_400_000;
}
