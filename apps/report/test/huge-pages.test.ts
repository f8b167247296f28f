// When the report relaunches itself with glibc's huge pages (src/commands/hugePages.ts): only for a
// large data file, under the kernel's `madvise` policy, on glibc, never twice, only when asked for.
import { describe, expect, it } from 'vitest';
import { HUGE_PAGES_MIN_BYTES, type HugePagesSetting, hugePagesTunables } from '../src/commands/hugePages.js';

const large: HugePagesSetting = {
  dataBytes: HUGE_PAGES_MIN_BYTES,
  thpPolicy: 'madvise',
  glibc: true,
  tunables: undefined,
  optIn: '1',
};

describe('hugePagesTunables', () => {
  it('asks for huge pages when asked to, for a large file under the madvise policy on glibc', () => {
    expect(hugePagesTunables(large)).toBe('glibc.malloc.hugetlb=1');
  });

  it('keeps the tunables the user set, adding its own', () => {
    expect(hugePagesTunables({ ...large, tunables: 'glibc.malloc.arena_max=2' })).toBe(
      'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1',
    );
  });

  it('runs in this process when a relaunch would not pay or not work', () => {
    for (const s of [
      { ...large, dataBytes: HUGE_PAGES_MIN_BYTES - 1 },
      { ...large, dataBytes: null },
      { ...large, thpPolicy: 'always' },
      { ...large, thpPolicy: 'never' },
      { ...large, thpPolicy: null },
      { ...large, glibc: false },
      { ...large, optIn: undefined },
      { ...large, optIn: '0' },
    ])
      expect(hugePagesTunables(s)).toBeNull();
  });

  it('never relaunches a relaunched process, nor overrides a user’s hugetlb choice', () => {
    expect(hugePagesTunables({ ...large, tunables: 'glibc.malloc.hugetlb=1' })).toBeNull();
    expect(hugePagesTunables({ ...large, tunables: 'glibc.malloc.hugetlb=0' })).toBeNull();
  });
});
