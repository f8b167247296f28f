/** A YAML scalar: JSON's double-quoted strings are valid YAML, so quoting never depends on the text. */
export function scalar(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** A flow sequence of scalars: `["", "NA"]`. */
export function flowList(values: readonly (string | number)[]): string {
  return `[${values.map(scalar).join(', ')}]`;
}

/** `# guess: …` lines at the given indent; one per guess, so every guess can be read and deleted on its own. */
export function guessLines(indent: string, guesses: readonly string[]): string[] {
  return guesses.map((g) => `${indent}# guess: ${g.replace(/\n/g, ' ')}`);
}

/** A plain comment, one line per entry. */
export function commentLines(indent: string, lines: readonly string[]): string[] {
  return lines.map((l) => `${indent}# ${l}`);
}
