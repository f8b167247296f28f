import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from '../src/plan/planJsonSchema.js';
import { REPO_DIR, runCli, tempDir } from './helpers.js';

const LUNG = join(REPO_DIR, 'examples', 'lung');
const lungArgs = (plan: string, out: string) => [
  '--data',
  join(LUNG, 'lung.csv'),
  '--dictionary',
  join(LUNG, 'lung-dictionary.json'),
  '--plan',
  plan,
  '--out',
  out,
  '--quiet',
];

describe('plan.schema.json', () => {
  it('is the current zod schema as JSON Schema (regenerate with scripts/write-plan-schema.mjs)', () => {
    const committed = JSON.parse(readFileSync(new URL('../plan.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(planJsonSchema());
  });
});

describe('plan problems (the real CLI process)', () => {
  it('reports every problem of every kind in one run: shape, unknown keys, variables, levels, endpoints, types', () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.yaml');
    // One problem of each kind; the expectations are facts of lung-dictionary.json (sex has levels
    // 1 and 2, age is continuous, the only endpoint is OS) and of the plan format.
    writeFileSync(
      plan,
      [
        'title: Bad',
        'population: people',
        'colour: red',
        'group: { variable: sex, order: ["1", "3"], reference: "1" }',
        'endpoints: [{ name: OS, abbreviation: OS }, { name: DFS, abbreviation: DFS }]',
        'table1:',
        '  test: sometimes',
        '  variables: [age, tumour_size, { variable: ph.ecog, missing: drop }]',
        'survival: { timeUnit: fortnights, landmarks: "12" }',
        'cox:',
        '  covariates: [{ variable: age_group, reference: "<60" }, { variable: sex, per: 10 }]',
        '  multivariable: { rule: explicit, variables: [ph.ecog] }',
      ].join('\n'),
    );
    const run = runCli(lungArgs(plan, join(dir, 'r.pdf')));
    expect(run.status).toBe(1);
    const lines = run.stderr.split('\n').map((l) => l.trim());
    expect(lines[0]).toBe(`survkit report: invalid analysis plan ${plan} (11 problems):`);
    const keys = lines.slice(1, 12).map((l) => l.slice(0, l.indexOf(': ')));
    expect(keys.sort()).toEqual(
      [
        '(top level)',
        'group.order[1]',
        'endpoints[1].name',
        'table1.test',
        'table1.variables[1]',
        'table1.variables[2].missing',
        'survival.timeUnit',
        'survival.landmarks',
        'cox.covariates[0].reference',
        'cox.covariates[1].per',
        'cox.multivariable.variables[0]',
      ].sort(),
    );
    expect(run.stderr).toContain('(top level): unknown key "colour"');
    expect(run.stderr).toContain('group.order[1]: "3" is not a level of sex; expected one of 1, 2');
    expect(run.stderr).toContain('table1.variables[1]: unknown variable "tumour_size"');
    expect(run.stderr).toContain(
      'cox.covariates[1].per: "sex" is categorical; expected a continuous variable ("per" scales its HR)',
    );
    expect(run.stderr).toContain('No report was written.');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('one problem is "1 problem" (a label for an unknown level, at its key); malformed JSON is a syntax error', () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.json');
    const lungPlan = readFileSync(join(LUNG, 'lung-plan.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'plan.yaml'),
      lungPlan.replace('reference: "1"\n', 'reference: "1"\n  labels: { "3": X }\n'),
    );
    const run = runCli(lungArgs(join(dir, 'plan.yaml'), join(dir, 'r.pdf')));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `invalid analysis plan ${join(dir, 'plan.yaml')} (1 problem):\n  group.labels.3: "3" is not a level of sex; expected one of 1, 2`,
    );
    writeFileSync(plan, '{ "title": 1, }');
    expect(runCli(lungArgs(plan, join(dir, 'r.pdf'))).stderr).toMatch(/plan\.json is not valid JSON/);
  });

  it('a level listed twice in group.order is refused at its key', () => {
    const dir = tempDir();
    const lungPlan = readFileSync(join(LUNG, 'lung-plan.yaml'), 'utf8');
    writeFileSync(join(dir, 'plan.yaml'), lungPlan.replace('order: ["1", "2"]', 'order: ["1", "2", "1"]'));
    const run = runCli(lungArgs(join(dir, 'plan.yaml'), join(dir, 'r.pdf')));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'group.order[2]: "1" is listed again (it is group.order[0]); expected each level once',
    );
    expect(existsSync(join(dir, 'r.pdf'))).toBe(false);
  });

  it('every YAML syntax error is listed at once, with its line', () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.yaml');
    writeFileSync(plan, 'title: a\ntitle: b\nx: [1,\n');
    const run = runCli(lungArgs(plan, join(dir, 'r.pdf')));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is not valid YAML \(2 problems\):\n {2}Map keys must be unique at line 2/);
  });

  it('a dictionary whose time column has no unit stops the report, naming the key (never read as months)', () => {
    const dir = tempDir();
    const dictionary = JSON.parse(readFileSync(join(LUNG, 'lung-dictionary.json'), 'utf8'));
    delete dictionary.endpoints[0].timeUnit;
    writeFileSync(join(dir, 'd.json'), JSON.stringify(dictionary));
    const args = lungArgs(join(LUNG, 'lung-plan.yaml'), join(dir, 'r.pdf'));
    args[3] = join(dir, 'd.json');
    const run = runCli(args);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('at endpoints[0].timeUnit: no unit for the time column "time"');
  });

  it('the group variable listed in Table 1 (kept when the group is changed) is left out of Table 1 and of the summary, as gtsummary’s tbl_summary(by =) leaves out its by variable', () => {
    const dir = tempDir();
    const lungPlan = readFileSync(join(LUNG, 'lung-plan.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'plan.yaml'),
      lungPlan.replace('  variables:\n    - age\n', '  variables:\n    - age\n    - sex\n'),
    );
    const run = runCli([
      ...lungArgs(join(dir, 'plan.yaml'), join(dir, 'r.pdf')),
      '--json',
      '--skip-validation',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { table1: { rows: { variable?: string }[] } };
    const variables = result.table1.rows.map((r) => r.variable);
    expect(variables).toContain('age');
    expect(variables).not.toContain('sex');
  });
});
