import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CohortError, makeIssue } from '../errors.js';
import { parseDictionary } from './parseDictionary.js';
import type { StudyDictionary } from './schema.js';

/**
 * Reads and validates a study dictionary from a `.json`, `.yaml` or `.yml` file.
 *
 * @throws CohortError when the file cannot be read, is not valid JSON/YAML, or does not
 *   validate (then every problem is listed with its key path)
 * @example
 * const dictionary = loadDictionaryFile('examples/lung/lung-dictionary.json');
 */
export function loadDictionaryFile(path: string): StudyDictionary {
  return parseDictionary(loadDictionaryInput(path), basename(path));
}

/**
 * Reads a `.json`, `.yaml` or `.yml` dictionary file without validating it, for a caller that
 * completes it first (an SPSS file's metadata supplies the variables, see `importCohortSav`).
 *
 * @throws CohortError when the file cannot be read or is not valid JSON/YAML
 */
export function loadDictionaryInput(path: string): unknown {
  const name = basename(path);
  const ext = extname(path).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') {
    throw fileError(name, `${name} has an unsupported extension "${ext}"`, 'a .json, .yaml or .yml file');
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fileError(name, `${path} cannot be read (${(e as Error).message})`, 'a readable dictionary file');
  }
  let value: unknown;
  try {
    value = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw fileError(
      name,
      `${name} is not valid ${ext === '.json' ? 'JSON' : 'YAML'} (${(e as Error).message})`,
      'a well-formed file',
    );
  }
  return value;
}

function fileError(name: string, problem: string, expected: string): CohortError {
  return new CohortError(`Cannot load the study dictionary ${name}:`, [makeIssue({ problem, expected })]);
}
