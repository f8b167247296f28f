import type { Condition, StudyDictionary, TimeUnit } from '@survkit/cohort';
import { inSentence } from '../format/reportFormat.js';

/** One sentence defining an endpoint from the dictionary (event dates, censoring). */
export function endpointDefinition(
  dictionary: StudyDictionary,
  name: string,
  abbreviation: string,
  shownIn: TimeUnit,
): string {
  const spec = dictionary.endpoints.find((e) => e.name === name);
  if (spec === undefined) return '';
  const label = (n: string) => {
    const found = dictionary.variables.find((v) => v.name === n);
    return found === undefined ? n : inSentence(found.label);
  };
  if (spec.kind === 'dates') {
    return `${spec.label} (${abbreviation}) was measured from the ${label(spec.from)} to the first of ${spec.events.map(label).join(' or ')} (event), or censored at the ${label(spec.censor)}.`;
  }
  if (spec.kind === 'period') {
    return `${spec.label} (${abbreviation}) was measured in days from the ${label(spec.from)} to the ${label(spec.to)}${shownIn === 'days' ? '' : ` (shown in ${shownIn})`}${eventPhrase(dictionary, spec.event)}.`;
  }
  return `${spec.label} (${abbreviation}) was taken from the recorded ${label(spec.time)} (in ${spec.timeUnit}${spec.timeUnit === shownIn ? '' : `, shown in ${shownIn}`}) and event indicator${censoredLevels(dictionary, spec.event)}.`;
}

/**
 * When the event is some levels of a status with several other levels (pbc: dead, against alive
 * and liver transplant), the reader must learn that the others were censored: " (event: dead;
 * censored: alive or liver transplant)". Empty for a plain two-level status.
 */
function censoredLevels(dictionary: StudyDictionary, event: Condition): string {
  if (!('var' in event) || event.var === undefined) return '';
  const status = dictionary.variables.find((v) => v.name === event.var);
  if (status === undefined || status.type !== 'categorical') return '';
  const isEvent = (value: string | number) =>
    event.eq !== undefined
      ? String(event.eq) === String(value)
      : (event.in ?? []).some((x) => String(x) === String(value));
  if (event.eq === undefined && event.in === undefined) return '';
  const events = status.levels.filter((l) => isEvent(l.value));
  const censored = status.levels.filter((l) => !isEvent(l.value));
  if (events.length === 0 || censored.length < 2) return '';
  const words = (levels: typeof status.levels) =>
    levels
      .map((l) => inSentence(l.label))
      .join(', ')
      .replace(/, ([^,]*)$/, ' or $1');
  return ` (event: ${words(events)}; censored: ${words(censored)})`;
}

/**
 * The event of a start/end/status endpoint in words: "; the event was vital status dead, other
 * patients were censored" for a status with one event level, else the plain event indicator.
 */
function eventPhrase(dictionary: StudyDictionary, event: Condition): string {
  const status = 'var' in event ? dictionary.variables.find((v) => v.name === event.var) : undefined;
  if (status === undefined || status.type !== 'categorical' || !('eq' in event) || event.eq === undefined)
    return `, with the event indicator${censoredLevels(dictionary, event)}`;
  const level = status.levels.find((l) => String(l.value) === String(event.eq));
  if (level === undefined) return ', with the event indicator';
  return `; the event was ${inSentence(status.label)} ${inSentence(level.label)}, other patients were censored`;
}
