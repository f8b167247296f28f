import { describe, expect, it } from 'vitest';
import { ReportError } from '../src/errors.js';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { parsePlan } from '../src/plan/validatePlan.js';

// zod's own wording, in zod 3 ("Expected number, received string", "Invalid enum value") and zod 4
// ("Invalid input: expected number, received string", "Invalid option", "Too small", "Unrecognized key").
const ZOD_WORDS =
  /received|Invalid (input|option|enum|type|literal)|Too (small|big)|Unrecognized key|Required$/m;

type Plan = Record<string, unknown> & {
  cox?: Record<string, unknown>;
  table1: Record<string, unknown> & { variables: unknown[] };
};

/** The plan problems of a modified built-in plan, as the one message a user reads. */
function problemsOf(change: (plan: Plan) => void): string {
  const plan = structuredClone(BUILTIN_PLAN) as unknown as Plan;
  change(plan);
  let caught: unknown;
  try {
    parsePlan(plan, 'plan.yaml');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ReportError);
  const message = (caught as ReportError).message;
  expect(message).not.toMatch(ZOD_WORDS);
  return message;
}

// The expectations are facts of the plan format (schema.ts): confLevel is a number in (0, 1),
// table1.test one of auto/chisq/fisher, title required text, cox has exactly the keys ties,
// covariates, multivariable and firthWhenInfinite.
describe('plan shape problems name the key, what the file has and what the format expects', () => {
  it('a wrong type: a number written as text', () => {
    const message = problemsOf((p) => {
      p.confLevel = '0.95';
    });
    expect(message).toContain(
      'invalid analysis plan plan.yaml (1 problem):\n  confLevel: is "0.95"; expected a number',
    );
  });

  it('a number outside its range', () => {
    expect(
      problemsOf((p) => {
        p.confLevel = 95;
      }),
    ).toContain('confLevel: is 95; expected a number < 1');
  });

  it('an unknown key, with the keys allowed there', () => {
    const message = problemsOf((p) => {
      p.cox!.tie = 'breslow';
    });
    expect(message).toContain(
      'cox: unknown key "tie"; expected one of ties, covariates, multivariable, firthWhenInfinite',
    );
  });

  it('an unknown key at the top level', () => {
    expect(
      problemsOf((p) => {
        p.colour = 'red';
      }),
    ).toMatch(/\(top level\): unknown key "colour"; expected one of .*\btitle\b.*\bcox\b/);
  });

  it('a missing key', () => {
    const message = problemsOf((p) => {
      delete p.title;
    });
    expect(message).toContain('title: is missing; expected text');
  });

  it('a missing section', () => {
    const message = problemsOf((p) => {
      delete p.cox;
    });
    expect(message).toContain('cox: is missing; expected a set of keys');
  });

  it('a bad enum value lists the allowed values', () => {
    const message = problemsOf((p) => {
      p.table1.test = 'sometimes';
    });
    expect(message).toContain('table1.test: is "sometimes"; expected one of "auto", "chisq" or "fisher"');
  });

  it('a bad enum value inside a union (a Table 1 row written as an object)', () => {
    const message = problemsOf((p) => {
      p.table1.variables.push({ variable: 'age_group', missing: 'drop' });
    });
    expect(message).toMatch(
      /table1\.variables\[\d+\]\.missing: is "drop"; expected one of "category" or "exclude"/,
    );
  });

  it('an empty variable name and an empty list', () => {
    const message = problemsOf((p) => {
      p.table1.variables = [''];
      p.cox!.covariates = [];
    });
    expect(message).toContain('table1.variables[0]: is ""; expected a variable name from the dictionary');
    expect(message).toContain('cox.covariates: is an empty list; expected a list of at least 1 item');
  });

  it('several problems at once, each on its own line with its key', () => {
    const message = problemsOf((p) => {
      p.confLevel = 'high';
      p.table1.test = 'exact';
      p.cox!.ties = 3;
    });
    const lines = message.split('\n').slice(1);
    expect(lines.map((l) => l.trim().slice(0, l.trim().indexOf(':'))).sort()).toEqual(
      ['confLevel', 'cox.ties', 'table1.test'].sort(),
    );
    for (const line of lines) expect(line).toMatch(/: (is .+|unknown keys? .+); expected .+/);
  });
});
