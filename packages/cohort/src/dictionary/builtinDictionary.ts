import { parseDictionary } from './parseDictionary.js';
import type { DictionaryInput, StudyDictionary } from './schema.js';

const yes = (name: string) => ({ var: name, eq: 'yes' });
const SITES = ['met_bone', 'met_lung', 'met_liver', 'met_soft_tissue', 'met_brain', 'met_other'] as const;
const siteOnly = (site: (typeof SITES)[number]) => ({
  allOf: [yes(site), { noneOf: SITES.filter((s) => s !== site).map(yes) }],
});
// Fresh lists per variable (like `yes`), so a YAML dump of the input has no anchors or aliases.
const unknown = () => ['', 'NA', 'Unknown'];
const negativePositive = () => [
  { value: 'negative', label: 'Negative' },
  { value: 'positive', label: 'Positive' },
];

/**
 * The study dictionary of Lu et al. (2024), "Primary site surgery of de novo stage IV
 * HER2-positive breast cancer in the era of new drug treatments", Front. Oncol. 13:1308854.
 * Labels are printed as in the paper's Table 1 (e.g. "≥50", "Postmenopause",
 * "Trastuzumab+Pertuzumab"); eligibility follows its section 2.1; PFS and OS its section 2.3.
 *
 * Definitions the paper leaves implicit: visceral metastasis = lung, liver or brain (the
 * Table 1 counts fit lung or liver, and brain metastases occur only with them here);
 * "number of metastasis" counts metastatic lesions, grouped 1 / 2-3 / ≥4; "confined to one
 * organ/site" = exactly one of the six recorded sites.
 */
export const builtinDictionaryInput = {
  study: {
    name: 'her2_stage4_surgery',
    title: 'Primary site surgery in de novo stage IV HER2-positive breast cancer',
    description:
      'Retrospective cohort, surgery of the primary site vs none (after Lu et al., Front. Oncol. 2024;13:1308854).',
  },
  id: 'patient_id',
  missingValues: ['', 'NA'],
  variables: [
    { name: 'age', label: 'Age', type: 'continuous', unit: 'years', min: 18, max: 100, allowMissing: false },
    {
      name: 'age_group',
      label: 'Age',
      type: 'categorical',
      levels: [
        { value: '<50', label: '<50' },
        { value: '>=50', label: '≥50' },
      ],
      derive: { cut: { var: 'age', breaks: [50] } },
    },
    {
      name: 'menstrual_status',
      label: 'Menstrual status',
      type: 'categorical',
      levels: [
        { value: 'premenopausal', label: 'Premenopausal' },
        { value: 'postmenopausal', label: 'Postmenopause' },
      ],
    },
    {
      name: 'pathological_type',
      label: 'Pathological type',
      type: 'categorical',
      levels: [
        { value: 'ductal', label: 'Invasive ductal carcinoma' },
        { value: 'lobular', label: 'Invasive lobular carcinoma' },
      ],
      missing: unknown(),
      missingLabel: 'Unknown',
    },
    { name: 'ecog', label: 'ECOG scores', type: 'categorical', levels: ['0', '1', '2'], allowMissing: false },
    {
      // ECOG 2 has one patient, none operated: a propensity model with ECOG's three levels is
      // separated (its ECOG 2 coefficient runs to −∞), so the built-in plan's uses 0 vs ≥1.
      name: 'ecog_group',
      label: 'ECOG score',
      type: 'categorical',
      levels: [
        { value: '0', label: '0' },
        { value: '1-2', label: '1–2' },
      ],
      derive: { cases: [{ when: { var: 'ecog', eq: '0' }, level: '0' }], otherwise: '1-2' },
    },
    { name: 't_stage', label: 'T stage', type: 'categorical', levels: ['T0-2', 'T3-4'] },
    { name: 'n_stage', label: 'N stage', type: 'categorical', levels: ['N0-1', 'N2-3'] },
    {
      name: 'grade',
      label: 'Histological grading',
      type: 'categorical',
      levels: ['1', '2', '3'],
      missing: unknown(),
      missingLabel: 'Unknown',
    },
    {
      name: 'er_status',
      label: 'ER status',
      type: 'categorical',
      levels: negativePositive(),
    },
    {
      name: 'pr_status',
      label: 'PR status',
      type: 'categorical',
      levels: negativePositive(),
    },
    {
      name: 'hr_status',
      label: 'HR status',
      description: 'Hormone receptor positive = ER or PR positive.',
      type: 'categorical',
      levels: negativePositive(),
      derive: {
        cases: [
          {
            when: {
              anyOf: [
                { var: 'er_status', eq: 'positive' },
                { var: 'pr_status', eq: 'positive' },
              ],
            },
            level: 'positive',
          },
        ],
        otherwise: 'negative',
      },
    },
    {
      name: 'her2_status',
      label: 'HER2 status',
      type: 'categorical',
      levels: negativePositive(),
    },
    { name: 'ki67', label: 'Ki67', type: 'continuous', unit: '%', min: 0, max: 100 },
    {
      name: 'ki67_group',
      label: 'Ki67 value',
      type: 'categorical',
      levels: [
        { value: '<15%', label: '<15%' },
        { value: '>=15%', label: '≥15%' },
      ],
      derive: { cut: { var: 'ki67', breaks: [15] } },
    },
    { name: 'met_bone', label: 'Bone', description: 'Bone metastasis', type: 'boolean' },
    { name: 'met_lung', label: 'Lung', description: 'Lung metastasis', type: 'boolean' },
    { name: 'met_liver', label: 'Liver', description: 'Liver metastasis', type: 'boolean' },
    { name: 'met_soft_tissue', label: 'Soft tissue', description: 'Soft-tissue metastasis', type: 'boolean' },
    { name: 'met_brain', label: 'Brain', description: 'Brain metastasis', type: 'boolean' },
    {
      name: 'met_other',
      label: 'Other site',
      description: 'Metastasis at another site (e.g. distant lymph nodes, pleura)',
      type: 'boolean',
    },
    {
      name: 'n_sites',
      label: 'Number of metastatic sites',
      type: 'continuous',
      derive: { count: SITES.map(yes) },
    },
    {
      name: 'only_soft_tissue',
      label: 'Only soft tissue',
      type: 'boolean',
      derive: { when: siteOnly('met_soft_tissue') },
    },
    { name: 'only_bone', label: 'Only bone', type: 'boolean', derive: { when: siteOnly('met_bone') } },
    {
      name: 'one_site',
      label: 'Confined to one organ/site',
      type: 'boolean',
      derive: { when: { var: 'n_sites', eq: 1 } },
    },
    {
      name: 'visceral',
      label: 'Visceral metastasis',
      type: 'boolean',
      derive: { when: { anyOf: [yes('met_lung'), yes('met_liver'), yes('met_brain')] } },
    },
    {
      name: 'n_metastases',
      label: 'Number of metastases',
      description: 'Number of metastatic lesions at diagnosis',
      type: 'continuous',
      min: 1,
      integer: true,
    },
    {
      name: 'n_metastases_group',
      label: 'Number of metastasis',
      type: 'categorical',
      levels: [
        { value: '1', label: '1' },
        { value: '2-3', label: '2-3' },
        { value: '>=4', label: '≥4' },
      ],
      derive: { cut: { var: 'n_metastases', breaks: [2, 4] } },
    },
    {
      name: 'first_line_therapy',
      label: 'First line target therapy',
      type: 'categorical',
      levels: [
        { value: 'trastuzumab', label: 'Trastuzumab' },
        { value: 'trastuzumab_pertuzumab', label: 'Trastuzumab+Pertuzumab' },
      ],
      allowMissing: false,
    },
    {
      name: 'primary_surgery',
      label: 'Primary site surgery',
      type: 'categorical',
      levels: [
        { value: 'none', label: 'None' },
        { value: 'radical', label: 'Radical' },
        { value: 'palliative', label: 'Palliative' },
      ],
      allowMissing: false,
    },
    {
      name: 'surgery',
      label: 'Surgery',
      type: 'boolean',
      derive: { when: { var: 'primary_surgery', in: ['radical', 'palliative'] } },
    },
    {
      name: 'surgery_timing',
      label: 'Surgery timing',
      type: 'categorical',
      levels: [
        { value: 'before_systemic', label: 'Before systemic therapy' },
        { value: 'after_systemic', label: 'After systemic therapy' },
      ],
      missingLabel: 'Not operated',
    },
    { name: 'invasive_carcinoma', label: 'Invasive breast carcinoma', type: 'boolean' },
    { name: 'de_novo_metastatic', label: 'Metastatic at initial diagnosis', type: 'boolean' },
    { name: 'anti_her2_therapy', label: 'Received anti-HER2 therapy', type: 'boolean' },
    {
      name: 'other_primary',
      label: 'Other primary tumour',
      description: 'Concomitant other primary tumour, or metastatic cancer of unknown primary',
      type: 'boolean',
    },
    { name: 'date_diagnosis', label: 'Date of diagnosis', type: 'date', allowMissing: false },
    {
      name: 'date_surgery',
      label: 'Date of surgery',
      description: 'Primary-site surgery; empty for patients not operated',
      type: 'date',
    },
    { name: 'date_progression', label: 'Date of progression', type: 'date' },
    { name: 'date_death', label: 'Date of death', type: 'date' },
    { name: 'date_last_followup', label: 'Date of last follow-up', type: 'date' },
  ],
  endpoints: [
    {
      name: 'PFS',
      label: 'Progression-free survival',
      from: 'date_diagnosis',
      events: ['date_progression', 'date_death'],
      censor: 'date_last_followup',
    },
    {
      name: 'OS',
      label: 'Overall survival',
      from: 'date_diagnosis',
      events: ['date_death'],
      censor: 'date_last_followup',
    },
  ],
  eligibility: [
    {
      rule: 'Pathologically confirmed invasive breast carcinoma',
      reason: 'not invasive breast carcinoma',
      include: yes('invasive_carcinoma'),
    },
    {
      rule: 'Metastatic at initial diagnosis (de novo stage IV)',
      reason: 'not metastatic at initial diagnosis',
      include: yes('de_novo_metastatic'),
    },
    { rule: 'HER2-positive', reason: 'not HER2-positive', include: { var: 'her2_status', eq: 'positive' } },
    {
      rule: 'Received anti-HER2 targeted therapy',
      reason: 'no anti-HER2 therapy',
      include: yes('anti_her2_therapy'),
    },
    {
      rule: 'No other primary tumour and no cancer of unknown primary',
      reason: 'other primary tumour or unknown primary',
      include: { var: 'other_primary', eq: 'no' },
    },
  ],
  dateOrder: [
    { earlier: 'date_diagnosis', later: 'date_progression', problem: 'progression before diagnosis' },
    { earlier: 'date_diagnosis', later: 'date_surgery', problem: 'surgery before diagnosis' },
    { earlier: 'date_surgery', later: 'date_last_followup', problem: 'last follow-up before surgery' },
    { earlier: 'date_diagnosis', later: 'date_death', problem: 'death before diagnosis' },
    { earlier: 'date_diagnosis', later: 'date_last_followup', problem: 'last follow-up before diagnosis' },
    { earlier: 'date_progression', later: 'date_death', problem: 'death before progression' },
    {
      earlier: 'date_progression',
      later: 'date_last_followup',
      problem: 'last follow-up before progression',
    },
    { earlier: 'date_death', later: 'date_last_followup', problem: 'last follow-up before death' },
  ],
  // The arms' display names ("Surgery", "Non-Surgery") are the built-in plan's group.labels:
  // a boolean's levels are labelled No/Yes.
  group: { variable: 'surgery', order: ['yes', 'no'] },
  // Surgery is a treatment started during follow-up (18 of the 24 operated after systemic
  // therapy): the report's immortal-time analyses read its start from here.
  treatmentStarts: [{ variable: 'surgery', level: 'yes', date: 'date_surgery' }],
} satisfies DictionaryInput;

/** The validated built-in dictionary (see {@link builtinDictionaryInput}). */
export const builtinDictionary: StudyDictionary = parseDictionary(
  builtinDictionaryInput,
  'built-in dictionary',
);
