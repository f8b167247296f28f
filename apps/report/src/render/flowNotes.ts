// Sentences on the patients an analysis leaves out without excluding them: arms nobody is in, and
// patients without a follow-up time or status for one endpoint (R's na.omit).
import type { AnalysisResult } from '../analysis/types.js';
import { formatPercent } from '../format/index.js';
import { list } from './proseList.js';

/** " No patient was in the Levamisole arm; it is left out of the tables and figures." */
export function emptyArmsSentence(flow: AnalysisResult['flow']): string {
  const empty = (flow.emptyArms ?? []).map((l) => l.label);
  if (empty.length === 0) return '';
  return ` No patient was in the ${list(empty)} ${empty.length === 1 ? 'arm; it is' : 'arms; they are'} left out of the tables and figures.`;
}

/**
 * " For OS, 5 patients (2.2%; rows 5, 18, 41, 61 and 102) had no follow-up time or status and were
 * left out of its analyses." — R's na.omit, said with the rows a reader can check.
 */
export function missingFollowUpSentence(flow: AnalysisResult['flow']): string {
  return (flow.missingFollowUp ?? [])
    .map((m) => {
      const shown = m.rows.slice(0, 10).map(String);
      const rows = m.rows.length > 10 ? `${shown.join(', ')} and ${m.rows.length - 10} more` : list(shown);
      const patients = m.n === 1 ? '1 patient' : `${m.n} patients`;
      return ` For ${m.abbreviation}, ${patients} (${formatPercent(m.n, flow.analysed)}; ${m.n === 1 ? 'row' : 'rows'} ${rows} of the data file) had no follow-up time or status and ${m.n === 1 ? 'was' : 'were'} left out of its analyses.`;
    })
    .join('');
}
