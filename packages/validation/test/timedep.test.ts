import { describe, expect, it } from 'vitest';
import { CheckList } from '../src/compare.js';
import { eValueChecks, landmarkChecks, rmstChecks, tmergeChecks } from '../src/suites/timedep.js';

describe('timedep vs R (timedep.R)', () => {
  it('tmerge', () => {
    const list = new CheckList();
    tmergeChecks(list);
    expect(list.checks.filter((c) => !c.pass).slice(0, 10)).toEqual([]);
  });
  it('landmark', () => {
    const list = new CheckList();
    landmarkChecks(list);
    expect(list.checks.filter((c) => !c.pass).slice(0, 10)).toEqual([]);
  });
  it('rmst', () => {
    const list = new CheckList();
    rmstChecks(list);
    expect(list.checks.filter((c) => !c.pass).slice(0, 10)).toEqual([]);
  });
  it('evalue', () => {
    const list = new CheckList();
    eValueChecks(list);
    expect(list.checks.filter((c) => !c.pass).slice(0, 10)).toEqual([]);
  });
});
