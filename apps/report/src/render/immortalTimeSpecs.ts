import type { ImmortalTimeResult, TreatmentHazardRatio } from '../analysis/immortalTimeTypes.js';
import type { AnalysisResult } from '../analysis/types.js';
import {
  formatNumber,
  formatP,
  formatTick,
  pRelation,
  TIME_UNIT_ABBREVIATION,
  timeDigits,
} from '../format/index.js';
import { inSentence, type ReportFormat } from '../format/reportFormat.js';
import type { AnalysisPlan } from '../plan/schema.js';
import type { MarkedNote } from './footnotes.js';
import type { TableRow, TableSpec } from './table.js';

const TD_NOTE = 'td-cox';
const LM_NOTE = 'landmark';

function hrCells(hr: TreatmentHazardRatio | null | undefined, fmt: ReportFormat): [string, string] {
  if (hr === null || hr === undefined) return ['–', ''];
  return [fmt.hazardRatio(hr.hazardRatio, hr.lower, hr.upper), formatP(hr.pValue)];
}

/** "the date of acceptance": the endpoint's origin, named by its date's label. */
function originText(origin: string | null): string {
  return origin === null ? 'the origin of follow-up' : `the ${origin.toLowerCase()}`;
}

/** A plan-given landmark as written there: "1 month", "3 months", "0.5 years". */
function landmarkText(t: number, unit: ImmortalTimeResult['timeUnit']): string {
  return `${formatTick(t)} ${t === 1 ? unit.replace(/s$/, '') : unit}`;
}

/** A person-time or median in running text: "85.4 months". */
function proseTime(t: number, unit: ImmortalTimeResult['timeUnit']): string {
  return `${formatNumber(t, timeDigits(unit))} ${unit}`;
}

function timeText(t: number, unit: ImmortalTimeResult['timeUnit']): string {
  const d = timeDigits(unit);
  return `${formatNumber(t, d)} ${TIME_UNIT_ABBREVIATION[unit]}`;
}

/**
 * The immortal-time table's footnotes (the models, the naive model's immortal time, who is left
 * out) and its keyed notes (how the time-dependent and landmark rows count time).
 */
function immortalTimeTableNotes(
  result: AnalysisResult,
  r: ImmortalTimeResult,
  withAdjusted: boolean,
): { footnotes: string[]; notes: MarkedNote[] } {
  const pct = Math.round(result.confLevel * 100);
  const c = r.cox;
  const footnotes = [
    `HR of ${r.treated} vs ${r.untreated} (${pct}% CI) from Cox models (${result.ties === 'efron' ? 'Efron' : 'Breslow'} ties); n / events = patients / events in the model.${withAdjusted && c !== null && c.adjustedFor.length > 0 ? ` Adjusted for ${c.adjustedFor.map(inSentence).join(', ')}.` : ''} The naive model counts every treated patient as treated from ${originText(r.origin)}, including the time before treatment, in which a patient who died would have been counted as untreated (immortal time: ${timeText(r.immortalTime, r.timeUnit)} of the treated patients’ ${timeText(r.treatedTime, r.timeUnit)}).`,
  ];
  if (c !== null && c.zeroFollowUp > 0)
    footnotes.push(
      `${c.zeroFollowUp} patient${c.zeroFollowUp > 1 ? 's' : ''} with no follow-up (time 0) ${c.zeroFollowUp > 1 ? 'are' : 'is'} left out of the first two rows (a (0, 0] interval has no length).`,
    );
  if (r.excludedMissingStart > 0)
    footnotes.push(`${r.excludedMissingStart} ${r.treated} patients without a treatment start are left out.`);
  const notes = [];
  if (c !== null)
    notes.push({
      key: TD_NOTE,
      text: `Follow-up of each treated patient split at the treatment into an untreated and a treated interval (R’s tmerge, counting-process Cox model); ${c.split} patients’ follow-up was split${c.treatedAtEnd > 0 ? `; ${c.treatedAtEnd} treated on the last day of follow-up count${c.treatedAtEnd > 1 ? '' : 's'} as untreated, as tmerge counts them` : ''}.`,
    });
  if (r.landmarks.length > 0)
    notes.push({
      key: LM_NOTE,
      text: 'Patients alive and under follow-up at the landmark, grouped by treatment received by then (treatment after the landmark counts as untreated), time from the landmark (Anderson et al. 1983; Dafni 2011).',
    });
  return { footnotes, notes };
}

/**
 * One table of the treatment's hazard ratio by the way treatment enters the model: the naive
 * time-fixed comparison, treatment as a time-dependent covariate, and each landmark analysis;
 * unadjusted and adjusted side by side, so that the reader sees the immortal-time bias.
 */
export function immortalTimeTableSpec(
  result: AnalysisResult,
  r: ImmortalTimeResult,
  label: string,
  fmt: ReportFormat,
): TableSpec {
  const pct = Math.round(result.confLevel * 100);
  const adjusted = r.cox?.adjusted !== null && r.cox?.adjusted !== undefined;
  const withAdjusted = adjusted || r.landmarks.some((l) => l.adjusted !== null);
  const row = (
    name: string,
    a: TreatmentHazardRatio | null,
    b: TreatmentHazardRatio | null,
    n: string,
    notes?: string[],
  ): TableRow => ({
    cells: [
      notes === undefined ? name : { text: name, notes },
      n,
      ...hrCells(a, fmt),
      ...(withAdjusted ? hrCells(b, fmt) : []),
    ],
  });
  const rows: TableRow[] = [];
  const c = r.cox;
  if (c !== null) {
    const u = c.unadjusted;
    const a = c.adjusted;
    const n = (x: TreatmentHazardRatio | null) => (x === null ? '' : `${x.n} / ${x.events}`);
    rows.push(
      row('Time-fixed treatment (naive)', u.timeFixed, a?.timeFixed ?? null, n(u.timeFixed)),
      row('Time-dependent treatment', u.timeDependent, a?.timeDependent ?? null, n(u.timeDependent), [
        TD_NOTE,
      ]),
    );
  }
  for (const l of r.landmarks)
    rows.push(
      row(
        `Landmark at ${landmarkText(l.landmark, r.timeUnit)}`,
        l.unadjusted,
        l.adjusted,
        l.unadjusted === null ? `${l.n}` : `${l.n} / ${l.unadjusted.events}`,
        [LM_NOTE],
      ),
    );
  const { footnotes, notes } = immortalTimeTableNotes(result, r, withAdjusted);
  return {
    label,
    caption: `Hazard ratio of ${r.treated.toLowerCase()} by how treatment time is counted: ${r.label.toLowerCase()} (${r.abbreviation}).`,
    widths: withAdjusted ? [2.0, 0.9, 1.85, 0.65, 1.85, 0.65] : [3.0, 1.0, 2.0, 0.8],
    align: withAdjusted
      ? ['left', 'center', 'center', 'center', 'center', 'center']
      : ['left', 'center', 'center', 'center'],
    header: [
      [
        { text: 'Analysis' },
        { text: 'n / events', align: 'center' },
        { text: `Unadjusted HR (${pct}% CI)`, align: 'center' as const },
        { text: 'p', align: 'center' },
        ...(withAdjusted
          ? [
              { text: `Adjusted HR (${pct}% CI)`, align: 'center' as const },
              { text: 'p', align: 'center' as const },
            ]
          : []),
      ],
    ],
    rows,
    footnotes,
    notes,
  };
}

/** Who was treated only after the landmark (and so counts as untreated), as a sentence. */
function afterText(n: number, untreated: string): string {
  if (n === 0) return 'No patient in the sample was treated after the landmark.';
  return `${n} patient${n === 1 ? '' : 's'} treated after the landmark ${n === 1 ? 'is' : 'are'} in the ${untreated} group.`;
}

/** The caption of one landmark Kaplan–Meier figure, with the sample's exclusions. */
export function landmarkCaption(result: AnalysisResult, r: ImmortalTimeResult, i: number): string {
  const l = r.landmarks[i]!;
  const at = landmarkText(l.landmark, r.timeUnit);
  return `Landmark analysis of ${r.label.toLowerCase()} (${r.abbreviation}) at ${at} from ${originText(r.origin)}: ${l.n} ${result.population} alive and under follow-up at ${at}, grouped by treatment received by then; time counted from the landmark. Not in the sample: ${l.excludedEvent} with an event and ${l.excludedCensored} censored by the landmark. ${afterText(l.treatedAfter, r.untreated)}`;
}

/** The methods paragraph of the immortal-time analyses; '' when the plan has none. */
export function immortalTimeMethodsText(result: AnalysisResult, plan: AnalysisPlan): string {
  const o = plan.immortalTime;
  const r = result.immortalTime?.[0];
  if (o === undefined || r === undefined) return '';
  const from = originText(r.origin);
  const startWord =
    r.start.kind === 'date'
      ? `its date (${r.start.label.toLowerCase()})`
      : `its time from ${from} (${r.start.label.toLowerCase()})`;
  const out = [
    `Because ${r.treated.toLowerCase()} could start only after ${from}, a patient had to survive until it to be counted as treated; comparing the groups from ${from} credits that waiting (immortal) time to the treatment and biases the comparison in its favour (Suissa 2008). The start of treatment was taken from ${startWord}; the time before it was counted as untreated time.`,
  ];
  if (o.timeDependentCox)
    out.push(
      `Cox models with treatment as a time-dependent covariate — each treated patient’s follow-up split at the start of treatment into an untreated and a treated interval (R’s survival::tmerge, counting-process form) — were fitted unadjusted and adjusted for the variables of the ${reportWord(plan)} model, and are shown beside the naive models with treatment fixed at ${from}.`,
    );
  if (o.landmarks.length > 0)
    out.push(
      `Landmark analyses (Anderson, Cain & Gelber 1983; Dafni 2011) at ${o.landmarks.map((l) => landmarkText(l, plan.survival.timeUnit)).join(' and ')} after ${from} kept the patients alive and under follow-up at the landmark, classified them by treatment received by then (later treatment counted as untreated) and counted time from the landmark, with Kaplan–Meier curves, the log-rank test and Cox models.`,
    );
  return out.join(' ');
}

function reportWord(plan: AnalysisPlan): string {
  return plan.format.modelWording === 'univariate' ? 'multivariate' : 'multivariable';
}

/** One results paragraph per endpoint: the naive and the time-dependent HR, the landmark results. */
export function immortalTimeResultsText(result: AnalysisResult, fmt: ReportFormat): string {
  const pct = Math.round(result.confLevel * 100);
  const hr = (x: TreatmentHazardRatio) =>
    `${formatNumber(x.hazardRatio, 2)} (${pct}% CI ${fmt.interval(x.lower, x.upper, 2)}; p ${pRelation(x.pValue)})`;
  return (result.immortalTime ?? [])
    .map((r) => {
      const from = originText(r.origin);
      const sentences = [
        `${r.label} (${r.abbreviation}): the ${r.nTreated} patients of the ${r.treated} group started treatment a median of ${r.medianStart === null ? 'NA' : proseTime(r.medianStart, r.timeUnit)} after ${from}; ${proseTime(r.immortalTime, r.timeUnit)} of their ${proseTime(r.treatedTime, r.timeUnit)} of follow-up (${formatNumber((100 * r.immortalTime) / r.treatedTime, 1)}%) preceded it.`,
      ];
      const u = r.cox?.unadjusted;
      const a = r.cox?.adjusted;
      if (u?.timeFixed && u.timeDependent)
        sentences.push(
          `The hazard ratio of ${r.treated} vs ${r.untreated} was ${hr(u.timeFixed)} with treatment fixed at ${from} and ${hr(u.timeDependent)} with treatment as a time-dependent covariate${a?.timeFixed && a.timeDependent ? `; adjusted, ${hr(a.timeFixed)} and ${hr(a.timeDependent)}` : ''}.`,
        );
      for (const l of r.landmarks)
        if (l.unadjusted !== null)
          sentences.push(
            `Among the ${l.n} patients alive and under follow-up ${landmarkText(l.landmark, r.timeUnit)} after ${from} (${l.treatedBy} treated by then), it was ${hr(l.unadjusted)}${l.km.logRank === null ? '' : `; log-rank p ${pRelation(l.km.logRank.pValue)}`}.`,
          );
      return sentences.join(' ');
    })
    .join('\n');
}
