import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftStudy, readDraftTable, type StudyDraft } from '../src/index.js';

/**
 * A time reached during follow-up (to transplant, to response, to relapse) is not a baseline
 * characteristic: drafted into Table 1 and the Cox models it would favour the patients who lived
 * long enough to reach it. survival::myeloid holds three (written by r/write-dataset-fixtures.R,
 * which checks that each is never beyond futime); the repository's examples hold lookalikes that
 * are baseline values: pbc's `protime` (prothrombin time, seconds) and veteran's `diagtime`
 * (months from diagnosis to the trial).
 */
const here = import.meta.dirname;
const repo = join(here, '..', '..', '..');
const fromFile = (path: string): StudyDraft =>
  draftStudy(readDraftTable(readFileSync(path), path.split('/').pop()!));
const fromLines = (...lines: string[]): StudyDraft =>
  draftStudy(readDraftTable(new TextEncoder().encode(`${lines.join('\n')}\n`), 'times.csv'));
const flagged = (d: StudyDraft) => d.intermediateTimes.map((t) => t.variable);

describe('draftStudy: times reached during follow-up are found and left to a person', () => {
  it('survival::myeloid: txtime, crtime and rltime are bounded by futime, flagged, and kept in the dictionary', () => {
    const d = fromFile(join(here, 'fixtures', 'datasets', 'myeloid.csv'));
    expect(d.endpoints.map((e) => e.kind === 'time' && e.time)).toEqual(['futime']);
    expect(flagged(d)).toEqual(['txtime', 'crtime', 'rltime']);
    expect(d.intermediateTimes.every((t) => t.endpoint === d.endpoints[0]!.name)).toBe(true);
    for (const name of ['txtime', 'crtime', 'rltime']) {
      expect(d.columns.find((c) => c.name === name)?.role).toBe('variable');
      const decision = d.decisions.find((x) => x.subject === name);
      expect(decision?.message).toMatch(/time during follow-up .*immortal time/);
    }
    // the counts of missing values in the messages are the file's empty cells
    const txMissing = readFileSync(join(here, 'fixtures', 'datasets', 'myeloid.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .filter((line) => line.split(',')[5] === '').length;
    expect(d.decisions.find((x) => x.subject === 'txtime')?.message).toContain(
      `missing for ${txMissing} patients`,
    );
  });

  it('pbc’s protime and veteran’s diagtime are baseline values: not flagged', () => {
    expect(flagged(fromFile(join(repo, 'examples', 'pbc', 'pbc.csv')))).toEqual([]);
    expect(flagged(fromFile(join(repo, 'examples', 'veteran', 'veteran.csv')))).toEqual([]);
  });

  it('a time beyond the follow-up time in one row is not one (it was not measured from the same start)', () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${100 + 10 * i},${i % 2},${i === 7 ? 500 : 5 * i},${i % 3}`,
    );
    expect(flagged(fromLines('futime,death,txtime,stage', ...rows))).toEqual([]);
    const within = Array.from(
      { length: 30 },
      (_, i) => `${100 + 10 * i},${i % 2},${i % 4 ? 5 * i : ''},${i % 3}`,
    );
    expect(flagged(fromLines('futime,death,txtime,stage', ...within))).toEqual(['txtime']);
  });

  it('without a time endpoint there is nothing to bound a time by', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${5 * i},${i % 3}`);
    expect(flagged(fromLines('txtime,stage', ...rows))).toEqual([]);
  });
});
