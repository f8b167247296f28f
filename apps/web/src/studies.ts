import { builtinDictionaryInput } from '@survkit/cohort';
import { BUILTIN_PLAN } from '@survkit/report/browser';
import { parse as parseYaml } from 'yaml';
import gbsgCsv from '../../../examples/gbsg/gbsg.csv?raw';
import gbsgDictionary from '../../../examples/gbsg/gbsg-dictionary.json';
import gbsgPlan from '../../../examples/gbsg/gbsg-plan.yaml?raw';
import lungCsv from '../../../examples/lung/lung.csv?raw';
import lungDictionary from '../../../examples/lung/lung-dictionary.json';
import lungPlan from '../../../examples/lung/lung-plan.yaml?raw';
import pbcCsv from '../../../examples/pbc/pbc.csv?raw';
import pbcDictionary from '../../../examples/pbc/pbc-dictionary.json';
import pbcPlan from '../../../examples/pbc/pbc-plan.yaml?raw';
import veteranCsv from '../../../examples/veteran/veteran.csv?raw';
import veteranDictionary from '../../../examples/veteran/veteran-dictionary.json';
import veteranPlan from '../../../examples/veteran/veteran-plan.yaml?raw';
import type { DataInput } from './protocol.ts';

/** A study the page opens in one click: its data, dictionary and plan, as the CLI would read them. */
export interface Study {
  readonly key: string;
  readonly title: string;
  readonly data: DataInput;
  /** The dictionary object (what a dictionary file holds). */
  readonly dictionary: unknown;
  readonly dictionarySource: string;
  readonly plan: unknown;
  readonly planSource: string;
}

const file = (fileName: string, text: string): DataInput => ({
  kind: 'file',
  fileName,
  file: new Blob([text], { type: 'text/csv' }),
});

function example(key: string, title: string, csv: string, dictionary: unknown, plan: string): Study {
  return {
    key,
    title,
    data: file(`${key}.csv`, csv),
    dictionary,
    dictionarySource: `${key}-dictionary.json`,
    plan: parseYaml(plan),
    planSource: `${key}-plan.yaml`,
  };
}

export const STUDIES: readonly Study[] = [
  {
    key: 'builtin',
    title: 'Built-in synthetic study (HER2+ stage IV breast cancer, surgery vs none)',
    data: { kind: 'builtin' },
    dictionary: builtinDictionaryInput,
    dictionarySource: 'built-in',
    plan: BUILTIN_PLAN,
    planSource: 'built-in plan',
  },
  example('lung', 'lung — NCCTG advanced lung cancer, by sex', lungCsv, lungDictionary, lungPlan),
  example('veteran', 'veteran — four lung cancer cell types', veteranCsv, veteranDictionary, veteranPlan),
  example(
    'pbc',
    'pbc — D-penicillamine vs placebo in primary biliary cholangitis',
    pbcCsv,
    pbcDictionary,
    pbcPlan,
  ),
  example('gbsg', 'gbsg — hormonal therapy in breast cancer', gbsgCsv, gbsgDictionary, gbsgPlan),
];
