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
  /** Percentages as printed for the surgery group, e.g. `"54.2%"`, `"100%"`, `"0%"`. */
  readonly surgeryPercent: readonly string[];
  /** Percentages as printed for the non-surgery group. */
  readonly nonSurgeryPercent: readonly string[];
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
    surgeryPercent: ['54.2%', '45.8%'],
    nonSurgeryPercent: ['45.8%', '54.2%'],
    printedP: '0.479',
    paperTest: 'chisq',
  },
  {
    variable: 'Menstrual status',
    levels: ['Premenopausal', 'Postmenopause'],
    surgery: [13, 11],
    nonSurgery: [38, 34],
    surgeryPercent: ['54.2%', '45.8%'],
    nonSurgeryPercent: ['52.8%', '47.2%'],
    printedP: '0.906',
    paperTest: 'chisq',
  },
  {
    variable: 'Pathological type',
    levels: ['Invasive ductal carcinoma', 'Invasive lobular carcinoma', 'Unknown'],
    surgery: [24, 0, 0],
    nonSurgery: [68, 3, 1],
    surgeryPercent: ['100%', '0%', '0%'],
    nonSurgeryPercent: ['94.4%', '4.2%', '1.4%'],
    printedP: '0.677',
    paperTest: 'fisher',
  },
  {
    variable: 'ECOG scores',
    levels: ['0', '1', '2'],
    surgery: [22, 2, 0],
    nonSurgery: [39, 32, 1],
    surgeryPercent: ['91.7%', '8.3%', '0%'],
    nonSurgeryPercent: ['54.2%', '44.4%', '1.4%'],
    printedP: '0.004',
    paperTest: 'chisq',
  },
  {
    variable: 'T stage',
    levels: ['T0-2', 'T3-4'],
    surgery: [18, 6],
    nonSurgery: [39, 33],
    surgeryPercent: ['75.0%', '25.0%'],
    nonSurgeryPercent: ['54.2%', '45.8%'],
    printedP: '0.072',
    paperTest: 'chisq',
  },
  {
    variable: 'N stage',
    levels: ['N0-1', 'N2-3'],
    surgery: [10, 14],
    nonSurgery: [36, 36],
    surgeryPercent: ['41.7%', '58.3%'],
    nonSurgeryPercent: ['50.0%', '50.0%'],
    printedP: '0.479',
    paperTest: 'chisq',
  },
  {
    variable: 'Histological grading',
    levels: ['1', '2', '3', 'Unknown'],
    surgery: [0, 10, 8, 6],
    nonSurgery: [0, 25, 17, 30],
    surgeryPercent: ['0%', '41.7%', '33.3%', '25.0%'],
    nonSurgeryPercent: ['0%', '34.7%', '23.6%', '41.7%'],
    printedP: '0.319',
    paperTest: 'fisher',
  },
  {
    variable: 'ER status',
    levels: ['Negative', 'Positive'],
    surgery: [16, 8],
    nonSurgery: [43, 29],
    surgeryPercent: ['66.7%', '33.3%'],
    nonSurgeryPercent: ['59.7%', '40.3%'],
    printedP: '0.545',
    paperTest: 'chisq',
  },
  {
    variable: 'PR status',
    levels: ['Negative', 'Positive'],
    surgery: [17, 7],
    nonSurgery: [44, 28],
    surgeryPercent: ['70.8%', '29.2%'],
    nonSurgeryPercent: ['61.1%', '38.9%'],
    printedP: '0.391',
    paperTest: 'chisq',
  },
  {
    variable: 'Ki67 value',
    levels: ['<15%', '≥15%'],
    surgery: [2, 22],
    nonSurgery: [4, 68],
    surgeryPercent: ['8.3%', '91.7%'],
    nonSurgeryPercent: ['5.6%', '94.4%'],
    printedP: '0.638',
    paperTest: 'fisher',
  },
  {
    variable: 'Bone',
    levels: ['No', 'Yes'],
    surgery: [9, 15],
    nonSurgery: [28, 44],
    surgeryPercent: ['37.5%', '62.5%'],
    nonSurgeryPercent: ['38.9%', '61.1%'],
    printedP: '0.904',
    paperTest: 'chisq',
  },
  {
    variable: 'Lung',
    levels: ['No', 'Yes'],
    surgery: [21, 3],
    nonSurgery: [45, 27],
    surgeryPercent: ['87.5%', '12.5%'],
    nonSurgeryPercent: ['62.5%', '37.5%'],
    printedP: '0.024',
    paperTest: 'fisher',
  },
  {
    variable: 'Liver',
    levels: ['No', 'Yes'],
    surgery: [17, 7],
    nonSurgery: [42, 30],
    surgeryPercent: ['70.8%', '29.2%'],
    nonSurgeryPercent: ['58.3%', '41.7%'],
    printedP: '0.276',
    paperTest: 'chisq',
  },
  {
    variable: 'Only soft tissue',
    levels: ['No', 'Yes'],
    surgery: [22, 2],
    nonSurgery: [69, 3],
    surgeryPercent: ['91.7%', '8.3%'],
    nonSurgeryPercent: ['95.8%', '4.2%'],
    printedP: '0.596',
    paperTest: 'fisher',
  },
  {
    variable: 'Only bone',
    levels: ['No', 'Yes'],
    surgery: [12, 12],
    nonSurgery: [56, 16],
    surgeryPercent: ['50.0%', '50.0%'],
    nonSurgeryPercent: ['77.8%', '22.2%'],
    printedP: '0.010',
    paperTest: 'chisq',
  },
  {
    variable: 'Confined to one organ/site',
    levels: ['No', 'Yes'],
    surgery: [4, 20],
    nonSurgery: [38, 34],
    surgeryPercent: ['16.7%', '83.3%'],
    nonSurgeryPercent: ['52.8%', '47.2%'],
    printedP: '0.002',
    paperTest: 'chisq',
  },
  {
    variable: 'Visceral metastasis',
    levels: ['No', 'Yes'],
    surgery: [14, 10],
    nonSurgery: [24, 48],
    surgeryPercent: ['58.3%', '41.7%'],
    nonSurgeryPercent: ['33.3%', '66.7%'],
    printedP: '0.030',
    paperTest: 'chisq',
  },
  {
    variable: 'Number of metastasis',
    levels: ['1', '2-3', '≥4'],
    surgery: [12, 3, 9],
    nonSurgery: [6, 6, 60],
    surgeryPercent: ['50.0%', '12.5%', '37.5%'],
    nonSurgeryPercent: ['8.3%', '8.3%', '83.3%'],
    printedP: '<0.001',
    paperTest: 'chisq',
  },
  {
    variable: 'First line target therapy',
    levels: ['Trastuzumab', 'Trastuzumab+Pertuzumab'],
    surgery: [16, 8],
    nonSurgery: [35, 37],
    surgeryPercent: ['66.7%', '33.3%'],
    nonSurgeryPercent: ['48.6%', '51.4%'],
    printedP: '0.125',
    paperTest: 'chisq',
  },
];

/** A Table 1 row as a levels × groups count table (surgery first), the shape the tests take. */
export function paperTable1Counts(row: PaperTable1Row): number[][] {
  return row.levels.map((_, i) => [row.surgery[i]!, row.nonSurgery[i]!]);
}
