import type { StudyDictionary, TimeUnit } from '@survkit/cohort';

/** One sentence defining an endpoint from the dictionary (event dates, censoring). */
export function endpointDefinition(
  dictionary: StudyDictionary,
  name: string,
  abbreviation: string,
  shownIn: TimeUnit,
): string {
  const spec = dictionary.endpoints.find((e) => e.name === name);
  if (spec === undefined) return '';
  const label = (n: string) => dictionary.variables.find((v) => v.name === n)?.label.toLowerCase() ?? n;
  if (spec.kind === 'dates') {
    return `${spec.label} (${abbreviation}) was measured from the ${label(spec.from)} to the first of ${spec.events.map(label).join(' or ')} (event), or censored at the ${label(spec.censor)}.`;
  }
  return `${spec.label} (${abbreviation}) was taken from the recorded ${label(spec.time)} (in ${spec.timeUnit}${spec.timeUnit === shownIn ? '' : `, shown in ${shownIn}`}) and event indicator.`;
}
