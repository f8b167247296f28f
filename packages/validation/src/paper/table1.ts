/**
 * Table 1 of the study paper (de novo stage IV HER2+ breast cancer, surgery n = 24 vs
 * non-surgery n = 72), transcribed from its published counts and p-values. The paper compared
 * the groups "with the chi-square test or Fisher's exact test"; `paperTest` is the test whose
 * result reproduces the printed p-value (established with R 4.2.2: chisq.test(correct = FALSE)
 * or fisher.test), so it records what the authors did, not what a rule would choose.
 */
export interface PaperTable1Row {
  /** Row heading as printed. */
  readonly variable: string;
  /** Category labels as printed, top to bottom. */
  readonly levels: readonly string[];
  /** Counts in the surgery group (n = 24), one per level. */
  readonly surgery: readonly number[];
  /** Counts in the non-surgery group (n = 72), one per level. */
  readonly nonSurgery: readonly number[];
  /** The p-value exactly as printed, e.g. `"0.479"` or `"<0.001"`. */
  readonly printedP: string;
  /** The test that reproduces the printed p-value. */
  readonly paperTest: 'chisq' | 'fisher';
}

/** Group sizes printed in the header of Table 1. */
export const paperTable1GroupSizes = { surgery: 24, nonSurgery: 72 } as const;

/** Every row of Table 1, in the paper's order. */
export const paperTable1: readonly PaperTable1Row[] = [
  {
    variable: 'Age',
    levels: ['<50', '≥50'],
    surgery: [13, 11],
    nonSurgery: [33, 39],
    printedP: '0.479',
    paperTest: 'chisq',
  },
  {
    variable: 'Menstrual status',
    levels: ['Premenopausal', 'Postmenopause'],
    surgery: [13, 11],
    nonSurgery: [38, 34],
    printedP: '0.906',
    paperTest: 'chisq',
  },
  {
    variable: 'Pathological type',
    levels: ['Invasive ductal carcinoma', 'Invasive lobular carcinoma', 'Unknown'],
    surgery: [24, 0, 0],
    nonSurgery: [68, 3, 1],
    printedP: '0.677',
    paperTest: 'fisher',
  },
  {
    variable: 'ECOG scores',
    levels: ['0', '1', '2'],
    surgery: [22, 2, 0],
    nonSurgery: [39, 32, 1],
    printedP: '0.004',
    paperTest: 'chisq',
  },
  {
    variable: 'T stage',
    levels: ['T0-2', 'T3-4'],
    surgery: [18, 6],
    nonSurgery: [39, 33],
    printedP: '0.072',
    paperTest: 'chisq',
  },
  {
    variable: 'N stage',
    levels: ['N0-1', 'N2-3'],
    surgery: [10, 14],
    nonSurgery: [36, 36],
    printedP: '0.479',
    paperTest: 'chisq',
  },
  {
    variable: 'Histological grading',
    levels: ['1', '2', '3', 'Unknown'],
    surgery: [0, 10, 8, 6],
    nonSurgery: [0, 25, 17, 30],
    printedP: '0.319',
    paperTest: 'fisher',
  },
  {
    variable: 'ER status',
    levels: ['Negative', 'Positive'],
    surgery: [16, 8],
    nonSurgery: [43, 29],
    printedP: '0.545',
    paperTest: 'chisq',
  },
  {
    variable: 'PR status',
    levels: ['Negative', 'Positive'],
    surgery: [17, 7],
    nonSurgery: [44, 28],
    printedP: '0.391',
    paperTest: 'chisq',
  },
  {
    variable: 'Ki67 value',
    levels: ['<15%', '≥15%'],
    surgery: [2, 22],
    nonSurgery: [4, 68],
    printedP: '0.638',
    paperTest: 'fisher',
  },
  {
    variable: 'Bone',
    levels: ['No', 'Yes'],
    surgery: [9, 15],
    nonSurgery: [28, 44],
    printedP: '0.904',
    paperTest: 'chisq',
  },
  {
    variable: 'Lung',
    levels: ['No', 'Yes'],
    surgery: [21, 3],
    nonSurgery: [45, 27],
    printedP: '0.024',
    paperTest: 'fisher',
  },
  {
    variable: 'Liver',
    levels: ['No', 'Yes'],
    surgery: [17, 7],
    nonSurgery: [42, 30],
    printedP: '0.276',
    paperTest: 'chisq',
  },
  {
    variable: 'Only soft tissue',
    levels: ['No', 'Yes'],
    surgery: [22, 2],
    nonSurgery: [69, 3],
    printedP: '0.596',
    paperTest: 'fisher',
  },
  {
    variable: 'Only bone',
    levels: ['No', 'Yes'],
    surgery: [12, 12],
    nonSurgery: [56, 16],
    printedP: '0.010',
    paperTest: 'chisq',
  },
  {
    variable: 'Confined to one organ/site',
    levels: ['No', 'Yes'],
    surgery: [4, 20],
    nonSurgery: [38, 34],
    printedP: '0.002',
    paperTest: 'chisq',
  },
  {
    variable: 'Visceral metastasis',
    levels: ['No', 'Yes'],
    surgery: [14, 10],
    nonSurgery: [24, 48],
    printedP: '0.030',
    paperTest: 'chisq',
  },
  {
    variable: 'Number of metastasis',
    levels: ['1', '2-3', '≥4'],
    surgery: [12, 3, 9],
    nonSurgery: [6, 6, 60],
    printedP: '<0.001',
    paperTest: 'chisq',
  },
  {
    variable: 'First line target therapy',
    levels: ['Trastuzumab', 'Trastuzumab+Pertuzumab'],
    surgery: [16, 8],
    nonSurgery: [35, 37],
    printedP: '0.125',
    paperTest: 'chisq',
  },
];

/** A Table 1 row as a levels × groups count table (surgery first), the shape the tests take. */
export function paperTable1Counts(row: PaperTable1Row): number[][] {
  return row.levels.map((_, i) => [row.surgery[i]!, row.nonSurgery[i]!]);
}
