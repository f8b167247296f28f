import type { TimeUnit } from '../endpoints/timeUnits.js';
import { shortNumber } from './inferColumn.js';
import type { DraftDecision, DraftEndpoint, DraftVariable } from './types.js';

type Continuous = Extract<DraftVariable, { type: 'continuous' }>;
type Status = Extract<DraftVariable, { type: 'categorical' | 'boolean' }>;

/** Follow-up time names, best first: exact names, then names containing a time word. */
const TIME_EXACT =
  /^(time|futime|fu[_.]?time|stime|survtime|surv[_.]?time|t|tte|follow[_.]?up|fu|days|months|years|weeks)$/i;
const TIME_WORD = /time|days|months|years|weeks|surv|follow/i;
/** Times of something else than follow-up (veteran's `diagtime`, months from diagnosis). */
const NOT_FOLLOW_UP = /diag|dx|age|onset|wait|delay|prior|before/i;
const STATUS_NAME = /status|event|death|dead|died|fustat|cens|vital|relapse|recur|progress|fail|outcome/i;
const EVENT_WORD = /dead|death|died|decease|event|recur|relaps|progress|fail|yes|true/i;
const CENSOR_WORD = /censor|alive|living|no[_ ]?event|^no$|false/i;
const PREFIX = /^(os|pfs|rfs|dfs|efs|css|dss|ttp|mfs)/i;

const ENDPOINT_NAMES: Record<string, string> = {
  OS: 'Overall survival',
  PFS: 'Progression-free survival',
  RFS: 'Recurrence-free survival',
  DFS: 'Disease-free survival',
  EFS: 'Event-free survival',
  CSS: 'Cancer-specific survival',
  DSS: 'Disease-specific survival',
  TTP: 'Time to progression',
  MFS: 'Metastasis-free survival',
};

const prefixOf = (name: string) => PREFIX.exec(name)?.[1]?.toUpperCase() ?? null;

/**
 * What precedes "time" in a time column's name (`rtime` → "r", `d_time` → "d"), to pair it with
 * the status column it shares that start with (rotterdam's rtime/recur and dtime/death); null for
 * a bare `time`.
 */
function stemOf(name: string): string | null {
  const m = /^(.+?)[_.]?time$/i.exec(name);
  return m === null ? null : m[1]!.toLowerCase();
}

/** The endpoint an event word names: a recurrence, a progression or a death; null otherwise. */
function nameOfEvent(word: string): string | null {
  if (/recur|relaps/i.test(word)) return 'RFS';
  if (/progress/i.test(word)) return 'PFS';
  if (/death|dead|died|vital/i.test(word)) return 'OS';
  return null;
}

/**
 * Whether a column's name reads like a time since the start of follow-up (`futime`, `os_months`,
 * `txtime`), not a time before it (`diagtime`).
 */
export function isFollowUpTimeName(name: string): boolean {
  return TIME_EXACT.test(name) || (TIME_WORD.test(name) && !NOT_FOLLOW_UP.test(name));
}

function timeScore(v: Continuous): number {
  if (v.range === null || v.range[0] < 0) return 0;
  if (TIME_EXACT.test(v.name)) return 3;
  if (TIME_WORD.test(v.name)) return NOT_FOLLOW_UP.test(v.name) ? 1 : 2;
  return 0;
}

function statusLevels(v: Status): string[] {
  return v.type === 'boolean' ? ['no', 'yes'] : v.levels.map((l) => l.value);
}

/** The value meaning "event", with the rule used; null when the coding does not say. */
export function eventValue(v: Status): { value: string; why: string; doubtful: boolean } | null {
  const levels = statusLevels(v);
  if (v.type === 'boolean') return { value: 'yes', why: 'yes = event', doubtful: false };
  const set = [...levels].sort().join(',');
  if (set === '0,1') {
    // R's Surv reads 0/1 as alive/dead, but a column called "censored" may well mean the opposite.
    const doubtful = /cens/i.test(v.name);
    const why = doubtful
      ? '1 = event, although a column named "censor…" may mean 1 = censored'
      : '0/1 coding, 1 = event';
    return { value: '1', why, doubtful };
  }
  if (set === '1,2')
    return { value: '2', why: "1/2 coding, 2 = event (as R's Surv reads it)", doubtful: false };
  const events = levels.filter((l) => EVENT_WORD.test(l) && !CENSOR_WORD.test(l));
  if (events.length === 1)
    return { value: events[0]!, why: `"${events[0]}" is the event word`, doubtful: false };
  return null;
}

function statusScore(v: Status): number {
  const n = statusLevels(v).length;
  if (n < 2 || n > 3) return 0;
  const coded = eventValue(v) !== null;
  return (STATUS_NAME.test(v.name) ? 2 : 0) + (coded ? 1 : 0) - (n === 3 ? 0.5 : 0);
}

/** The unit of a time column from its name, else from its range (always a guess to check). */
export function guessTimeUnit(v: Continuous): { unit: TimeUnit; fromName: boolean; why: string } {
  const byName: [RegExp, TimeUnit][] = [
    [/day/i, 'days'],
    [/week|wk/i, 'weeks'],
    [/month|mon$|mo$/i, 'months'],
    [/year|yr/i, 'years'],
  ];
  for (const [re, unit] of byName)
    if (re.test(v.name)) return { unit, fromName: true, why: `the name "${v.name}"` };
  const [min, max] = v.range ?? [0, 0];
  const range = `the range ${shortNumber(min)}–${shortNumber(max)}`;
  if (max > 240) return { unit: 'days', fromName: false, why: range };
  if (max <= 30 && !v.integer) return { unit: 'years', fromName: false, why: range };
  return { unit: 'months', fromName: false, why: range };
}

/**
 * Finds time-to-event endpoints: time + status pairs (by name — `time`, `futime`, `os_time`… with
 * `status`, `event`, `death`, `fustat`, `censor`… — and by content: a non-negative time, a status
 * coded 0/1, 1/2 or with an event word), paired by a shared prefix (`os_time`/`os_status`) or as
 * the best-named of each; or, without such a pair, a start date, event dates and a last-contact date;
 * or a start date, an end date and a status column (diagnosis, last contact or death, vital status).
 */
export function findEndpoints(
  variables: readonly DraftVariable[],
  decisions: DraftDecision[],
): DraftEndpoint[] {
  const times = variables
    .filter((v): v is Continuous => v.type === 'continuous' && timeScore(v) > 0)
    .sort((a, b) => timeScore(b) - timeScore(a));
  const statuses = variables
    .filter((v): v is Status => (v.type === 'categorical' || v.type === 'boolean') && statusScore(v) > 0)
    .sort((a, b) => statusScore(b) - statusScore(a));
  const endpoints: DraftEndpoint[] = [];
  const used = new Set<string>();
  for (const time of times) {
    const prefix = prefixOf(time.name);
    const stem = stemOf(time.name);
    const free = statuses.filter((s) => !used.has(s.name));
    const status =
      free.find((s) => prefix !== null && prefixOf(s.name) === prefix) ??
      free.find((s) => stem !== null && s.name.toLowerCase().startsWith(stem)) ??
      (endpoints.length === 0 ? free.find((s) => STATUS_NAME.test(s.name)) : undefined);
    if (status === undefined) continue;
    used.add(status.name);
    const endpoint = timeEndpoint(time, status, decisions);
    // Two pairs named alike by their event values (mgus2's ptime/pstat and futime/death): the
    // dictionary needs distinct names, so the later one is named after its status column.
    const taken = endpoints.some((e) => e.name === endpoint.name);
    endpoints.push(taken ? renamed(endpoint, status.name) : endpoint);
  }
  if (endpoints.length === 0) {
    const dates =
      datesEndpoint(variables, decisions) ??
      periodEndpoint(
        variables,
        statuses.filter((s) => !used.has(s.name)),
        decisions,
      );
    if (dates !== null) endpoints.push(dates);
  }
  if (endpoints.length === 0)
    decisions.push({
      subject: 'endpoints',
      message:
        'no follow-up time with a status column (or start, event and last-contact dates) was recognised: add an endpoint to the dictionary and the plan',
    });
  return endpoints;
}

/** A second pair named like the first, named after its status column instead. */
function renamed(endpoint: DraftEndpoint, status: string): DraftEndpoint {
  const name = status.toUpperCase();
  const [pairing, ...rest] = endpoint.guesses;
  const why = `named ${name} after its status column (${endpoint.name} is another pair's name)`;
  return {
    ...endpoint,
    name,
    label: `Time to ${status}`,
    guesses: [`${pairing?.replace(/named \S+ from the (names|event values)/, why) ?? why}`, ...rest],
  };
}

/**
 * The status column's event value (the coding's, else its last level), the guess that says why,
 * and a decision asking to check it where the coding does not settle it.
 */
function chooseEvent(status: Status): {
  readonly value: string;
  readonly levels: readonly string[];
  readonly guess: string;
  readonly check: DraftDecision | null;
} {
  const event = eventValue(status);
  const levels = statusLevels(status);
  const value = event?.value ?? levels[levels.length - 1]!;
  return {
    value,
    levels,
    guess:
      event === null
        ? `event = "${value}" (the last level): the coding does not say which value is the event`
        : `event = "${event.value}": ${event.why}`,
    check:
      event === null || event.doubtful
        ? {
            subject: status.name,
            message: `event value of \`${status.name}\`: guessed "${value}" among ${levels.map((l) => `"${l}"`).join(', ')}; check`,
          }
        : null,
  };
}

function timeEndpoint(time: Continuous, status: Status, decisions: DraftDecision[]): DraftEndpoint {
  const unit = guessTimeUnit(time);
  const { value: eventValueChosen, levels, guess: eventGuess, check: eventCheck } = chooseEvent(status);
  const name =
    prefixOf(time.name) ??
    prefixOf(status.name) ??
    nameOfEvent(status.name) ??
    nameOfEvent(eventValueChosen) ??
    'OS';
  const guesses = [
    `time \`${time.name}\` and status \`${status.name}\` paired by their names; named ${name} ${(prefixOf(time.name) ?? prefixOf(status.name) ?? nameOfEvent(status.name)) ? 'from the names' : 'from the event values'}`,
    `unit ${unit.unit}, from ${unit.why}`,
    eventGuess,
  ];
  if (!unit.fromName)
    decisions.push({
      subject: time.name,
      message: `time unit of \`${time.name}\`: guessed ${unit.unit} from ${unit.why}; check`,
    });
  if (eventCheck !== null) decisions.push(eventCheck);
  if (levels.length > 2)
    decisions.push({
      subject: status.name,
      message: `\`${status.name}\` has ${levels.length} values: only "${eventValueChosen}" counts as an event, the others as censored (a competing event such as transplant is censored); check`,
    });
  return {
    kind: 'time',
    name,
    label: ENDPOINT_NAMES[name] ?? name,
    time: time.name,
    timeUnit: unit.unit,
    status: status.name,
    eventValue: eventValueChosen,
    guesses,
  };
}

const FROM_DATE = /diag|dx|start|entry|enrol|registr|random|baseline|surg|treat|inclu/i;
const EVENT_DATE = /death|dod|died|progress|prog|recur|relaps|event|metast/i;
const CENSOR_DATE = /last|contact|follow|fu|censor|lfu|alive/i;

/** A start date, event dates (death, progression…) and a last-contact date, each recognised by name. */
function datesEndpoint(
  variables: readonly DraftVariable[],
  decisions: DraftDecision[],
): DraftEndpoint | null {
  const dates = variables.filter((v) => v.type === 'date');
  const from = dates.find((v) => FROM_DATE.test(v.name) && !EVENT_DATE.test(v.name));
  const censor = dates.find((v) => v !== from && CENSOR_DATE.test(v.name) && !EVENT_DATE.test(v.name));
  const events = dates.filter((v) => v !== from && v !== censor && EVENT_DATE.test(v.name));
  if (from === undefined || censor === undefined || events.length === 0) return null;
  const deathOnly = events.every((v) => /death|dod|died/i.test(v.name));
  const name = deathOnly ? 'OS' : events.some((v) => /prog/i.test(v.name)) ? 'PFS' : 'EFS';
  decisions.push({
    subject: `endpoint ${name}`,
    message: `endpoint ${name} from dates: from \`${from.name}\` to the first of ${events.map((v) => `\`${v.name}\``).join(', ')}, censored at \`${censor.name}\`; check the roles`,
  });
  return {
    kind: 'dates',
    name,
    label: ENDPOINT_NAMES[name]!,
    from: from.name,
    events: events.map((v) => v.name),
    censor: censor.name,
    guesses: ['start, event and last-contact dates recognised by their names'],
  };
}

/** End dates of follow-up: last contact, the end of follow-up, or the date of death or the event. */
const END_DATE = /last|contact|follow|fu|censor|lfu|alive|end|exit|stop|death|dod|died|event|status|outcome/i;

/**
 * A start date, an end date and a status (the most common way clinicians keep survival data): the
 * start is named like a diagnosis, registration or treatment date, the end like a last contact or
 * death; with only two date columns, the one not named like a start is the end.
 */
function periodEndpoint(
  variables: readonly DraftVariable[],
  statuses: readonly Status[],
  decisions: DraftDecision[],
): DraftEndpoint | null {
  const dates = variables.filter((v) => v.type === 'date');
  const from = dates.find((v) => FROM_DATE.test(v.name) && !END_DATE.test(v.name));
  const others = dates.filter((v) => v !== from);
  const to = others.find((v) => END_DATE.test(v.name)) ?? (others.length === 1 ? others[0] : undefined);
  const status = statuses.find((s) => STATUS_NAME.test(s.name)) ?? statuses[0];
  if (from === undefined || to === undefined || status === undefined) return null;
  const { value: eventValueChosen, guess: eventGuess, check: eventCheck } = chooseEvent(status);
  const name = nameOfEvent(status.name) ?? nameOfEvent(eventValueChosen) ?? 'OS';
  decisions.push({
    subject: `endpoint ${name}`,
    message: `endpoint ${name} from dates and a status: from \`${from.name}\` to \`${to.name}\`, event when \`${status.name}\` is "${eventValueChosen}"; check the roles`,
  });
  if (eventCheck !== null) decisions.push(eventCheck);
  return {
    kind: 'period',
    name,
    label: ENDPOINT_NAMES[name] ?? name,
    from: from.name,
    to: to.name,
    status: status.name,
    eventValue: eventValueChosen,
    guesses: [
      `start date \`${from.name}\`, end date \`${to.name}\` and status \`${status.name}\` recognised by their names`,
      eventGuess,
    ],
  };
}

/** The columns an endpoint reads (left out of Table 1, the covariates and the group). */
export function draftEndpointColumns(e: DraftEndpoint): string[] {
  if (e.kind === 'time') return [e.time, e.status];
  if (e.kind === 'period') return [e.from, e.to, e.status];
  return [e.from, e.censor, ...e.events];
}
