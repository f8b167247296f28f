/** The CSV writer of the synthetic cohort: the built-in dictionary's columns, dates as YYYY-MM-DD. */
import { formatDay } from '../import/cellReaders.js';
import type { Patient } from './targets.js';

export const COLUMNS = [
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
  'date_surgery',
  'date_progression',
  'date_death',
  'date_last_followup',
] as const;

export function toCsv(patients: readonly Patient[]): string {
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
      date_surgery: p.surgeryDate === null ? '' : formatDay(p.surgeryDate),
      date_progression: p.progression === null ? '' : formatDay(p.progression),
      date_death: p.death === null ? '' : formatDay(p.death),
      date_last_followup: formatDay(p.lastFollowup),
    };
    lines.push(COLUMNS.map((c) => row[c]).join(','));
  });
  return `${lines.join('\n')}\n`;
}
