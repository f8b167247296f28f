import { parseDictionary } from '../src/index.js';

/**
 * A small study with every variable type, two date endpoints and the date-order rules of the
 * built-in study; the import tests use it so that each case is a few readable lines.
 */
export const mini = parseDictionary(
  {
    study: { name: 'mini', title: 'Mini study' },
    id: 'id',
    variables: [
      { name: 'age', label: 'Age', type: 'continuous', unit: 'years', min: 0, max: 120 },
      {
        name: 'sex',
        label: 'Sex',
        type: 'categorical',
        levels: [
          { value: 'f', label: 'Female' },
          { value: 'm', label: 'Male' },
        ],
      },
      { name: 'bone', label: 'Bone', type: 'boolean' },
      { name: 'note', label: 'Note', type: 'categorical', levels: ['a', 'b'], required: false },
      { name: 'dx', label: 'Diagnosis', type: 'date', allowMissing: false },
      { name: 'prog', label: 'Progression', type: 'date' },
      { name: 'death', label: 'Death', type: 'date' },
      { name: 'fu', label: 'Last follow-up', type: 'date' },
    ],
    endpoints: [
      {
        name: 'PFS',
        label: 'Progression-free survival',
        from: 'dx',
        events: ['prog', 'death'],
        censor: 'fu',
      },
      { name: 'OS', label: 'Overall survival', from: 'dx', events: ['death'], censor: 'fu' },
    ],
    dateOrder: [
      { earlier: 'dx', later: 'prog', problem: 'progression before diagnosis' },
      { earlier: 'dx', later: 'death', problem: 'death before diagnosis' },
      { earlier: 'prog', later: 'death', problem: 'death before progression' },
      { earlier: 'prog', later: 'fu', problem: 'last follow-up before progression' },
      { earlier: 'death', later: 'fu', problem: 'last follow-up before death' },
    ],
  },
  'mini',
);

export const MINI_HEADER = 'id,age,sex,bone,dx,prog,death,fu';

/** A valid mini CSV: header plus the given rows, LF line ends. */
export function miniCsv(...rows: string[]): string {
  return `${[MINI_HEADER, ...rows].join('\n')}\n`;
}

export const GOOD_ROWS = [
  'p1,50,f,yes,2020-01-01,2020-07-01,,2021-01-01',
  'p2,61,m,no,2020-03-15,,2021-03-15,2021-03-15',
  'p3,45,Female,No,2019-06-01,,,2020-06-01',
];
