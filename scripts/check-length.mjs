// Files stay readable in one sitting and functions on one screen (STYLE.md rule 13): lists every
// source file over 400 lines and every function over 80 lines in packages/*/src and apps/*/src.
// Parses with the TypeScript compiler API (pinned exactly, so counts do not drift), so braces in
// strings, template literals and regular expressions cannot confuse the count.
//
// A unit that must be longer (a kernel kept whole for speed, a table of data) says why in a marker
// comment, and is then listed as allowed instead of failing:
//   a function: `// long: <reason>` among the comments directly above it (above its `const`/`export`
//               statement for an arrow function or function expression);
//   a file:     `// long-file: <reason>` anywhere in the file.
// Nested functions are measured on their own; an outer function's count includes them.
//
// Units that were over the limits when this check was added, and belong to work under way elsewhere,
// are listed with their reasons in scripts/check-length-baseline.json ("path" for a file,
// "path#function" for a function); they pass, and an entry no longer needed is pointed out.
//
//   node scripts/check-length.mjs            report; exit 1 on an unmarked over-long unit
//   node scripts/check-length.mjs --all      also list the allowed (marked or baseline) units
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
const MARK = /\/\/\s*long:\s*\S/;
const FILE_MARK = /\/\/\s*long-file:\s*\S/;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const showAll = process.argv.includes('--all');
const baseline = new Map(
  JSON.parse(readFileSync(join(root, 'scripts/check-length-baseline.json'), 'utf8')).units.map((u) => [
    u.unit,
    u.reason,
  ]),
);

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function sourceRoots() {
  const roots = [];
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group))) {
      const src = join(root, group, name, 'src');
      try {
        if (statSync(src).isDirectory()) roots.push(src);
      } catch {
        // a workspace without src/ (none today) has nothing to measure
      }
    }
  }
  return roots;
}

/** The name a reader would search for: the declaration's own name, or the variable/property it is assigned to. */
function functionName(node) {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name)
    return parent.name.getText();
  return '(anonymous)';
}

/** The statement whose leading comments document the function (a `const f = () =>` documents at the `const`). */
function documentedNode(node) {
  let n = node;
  while (
    n.parent &&
    (ts.isVariableDeclaration(n.parent) ||
      ts.isVariableDeclarationList(n.parent) ||
      ts.isVariableStatement(n.parent) ||
      ts.isPropertyAssignment(n.parent) ||
      ts.isExportAssignment(n.parent) ||
      ts.isParenthesizedExpression(n.parent))
  )
    n = n.parent;
  return n;
}

function hasMark(node, text) {
  const comments = ts.getLeadingCommentRanges(text, documentedNode(node).getFullStart()) ?? [];
  return comments.some((c) => MARK.test(text.slice(c.pos, c.end)));
}

function measure(path) {
  const text = readFileSync(path, 'utf8');
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos) => file.getLineAndCharacterOfPosition(pos).line;
  const findings = [];
  const fileLines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (fileLines > MAX_FILE_LINES)
    findings.push({ kind: 'file', name: '', line: 1, lines: fileLines, allowed: FILE_MARK.test(text) });
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const lines = lineOf(node.end) - lineOf(node.getStart(file)) + 1;
      if (lines > MAX_FUNCTION_LINES)
        findings.push({
          kind: 'function',
          name: functionName(node),
          line: lineOf(node.getStart(file)) + 1,
          lines,
          allowed: hasMark(node, text),
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

let failures = 0;
const seen = new Set();
for (const dir of sourceRoots()) {
  for (const path of sourceFiles(dir).sort()) {
    for (const f of measure(path)) {
      const unit = f.kind === 'file' ? relative(root, path) : `${relative(root, path)}#${f.name}`;
      seen.add(unit);
      const status = f.allowed ? 'marked' : baseline.has(unit) ? 'baseline' : 'too long';
      if (status !== 'too long' && !showAll) continue;
      if (status === 'too long') failures++;
      const where = `${relative(root, path)}:${f.line}`;
      const what = f.kind === 'file' ? `file, ${f.lines} lines` : `${f.name}, ${f.lines} lines`;
      console.log(`${status.padEnd(8)}  ${where}  ${what}`);
    }
  }
}
for (const unit of baseline.keys())
  if (!seen.has(unit))
    console.log(`note: ${unit} is within the limits now; remove it from scripts/check-length-baseline.json`);
if (failures > 0) {
  console.error(
    `\n${failures} unit(s) over ${MAX_FILE_LINES} lines per file / ${MAX_FUNCTION_LINES} per function: ` +
      'split along a real seam, or state why it must be longer in a `// long: <reason>` ' +
      '(function) or `// long-file: <reason>` (file) comment.',
  );
  process.exit(1);
}
