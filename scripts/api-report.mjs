// The public surface of the publishable packages, recorded in api/<package>.api.md, and a TSDoc
// check of every exported function and class. Reads the TypeScript sources with the compiler API
// (TypeScript is pinned exactly, so the printed signatures do not drift between machines) and
// needs no build.
//
//   node scripts/api-report.mjs           writes api/*.api.md
//   node scripts/api-report.mjs --check   fails (exit 1) when a surface differs from the committed
//                                         report or an exported function/class has no doc comment
//
// An intended API change: run `pnpm api:update` and commit the report with the change, so the
// diff of api/*.api.md shows a reviewer exactly what a release changes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = [
  { name: '@survkit/stats', entry: 'packages/stats/src/index.ts', report: 'api/stats.api.md' },
  { name: '@survkit/cohort', entry: 'packages/cohort/src/index.ts', report: 'api/cohort.api.md' },
];
const check = process.argv.includes('--check');

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
const FLAGS =
  ts.TypeFormatFlags.NoTruncation |
  ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope |
  ts.TypeFormatFlags.WriteArrowStyleSignature;

function hasDoc(decl) {
  return ts.getJSDocCommentsAndTags(decl).some((d) => ts.isJSDoc(d));
}

function isPublicMember(m) {
  const mods = ts.getCombinedModifierFlags(m);
  if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  return !(m.name && ts.isPrivateIdentifier(m.name));
}

/** One class as its public members' declarations, without bodies. */
function printClass(checker, decl, name) {
  const lines = [];
  const heritage = (decl.heritageClauses ?? []).map((h) => ` ${h.getText()}`).join('');
  lines.push(`export class ${name}${heritage} {`);
  for (const m of decl.members) {
    if (!isPublicMember(m)) continue;
    if (ts.isConstructorDeclaration(m)) {
      lines.push(
        `  constructor(${m.parameters.map((p) => printer.printNode(ts.EmitHint.Unspecified, p, decl.getSourceFile())).join(', ')});`,
      );
      for (const p of m.parameters)
        if (ts.getCombinedModifierFlags(p) & ts.ModifierFlags.ParameterPropertyModifier && isPublicMember(p))
          lines.push(`  ${p.getText().replace(/\s+/g, ' ')};`);
    } else if (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) {
      const sig = checker.getSignatureFromDeclaration(m);
      const prefix = ts.isGetAccessorDeclaration(m) ? 'get ' : '';
      lines.push(
        `  ${prefix}${m.name.getText()}${checker.signatureToString(sig, undefined, FLAGS & ~ts.TypeFormatFlags.WriteArrowStyleSignature)};`,
      );
    } else if (ts.isPropertyDeclaration(m)) {
      const type = checker.typeToString(checker.getTypeAtLocation(m), undefined, FLAGS);
      const ro = ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Readonly ? 'readonly ' : '';
      const st = ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static ? 'static ' : '';
      lines.push(`  ${st}${ro}${m.name.getText()}: ${type};`);
    }
  }
  lines.push('}');
  return lines.join('\n');
}

function describe(checker, name, symbol, undocumented) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const out = [];
  for (const decl of target.declarations ?? []) {
    const file = decl.getSourceFile();
    const where = `${relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(decl.getStart()).line + 1}`;
    if (ts.isFunctionDeclaration(decl)) {
      // with overloads, the overload signatures are the API and the implementation is not
      if (decl.body !== undefined && (target.declarations ?? []).length > 1) continue;
      if (!hasDoc(decl) && decl.body !== undefined) undocumented.push(`${name} (${where})`);
      const sig = checker.getSignatureFromDeclaration(decl);
      out.push(
        `export function ${name}${checker.signatureToString(sig, undefined, FLAGS & ~ts.TypeFormatFlags.WriteArrowStyleSignature)};`,
      );
    } else if (ts.isClassDeclaration(decl)) {
      if (!hasDoc(decl)) undocumented.push(`${name} (${where})`);
      out.push(printClass(checker, decl, name));
    } else if (
      ts.isInterfaceDeclaration(decl) ||
      ts.isTypeAliasDeclaration(decl) ||
      ts.isEnumDeclaration(decl)
    ) {
      out.push(printer.printNode(ts.EmitHint.Unspecified, decl, file).replace(/^(?!export )/, 'export '));
    } else if (ts.isVariableDeclaration(decl)) {
      const type = checker.typeToString(checker.getTypeOfSymbolAtLocation(target, decl), undefined, FLAGS);
      out.push(`export const ${name}: ${type};`);
      const fnType = checker.getTypeOfSymbolAtLocation(target, decl).getCallSignatures().length > 0;
      const stmt = decl.parent?.parent;
      if (fnType && stmt && !hasDoc(stmt)) undocumented.push(`${name} (${where})`);
    } else {
      out.push(`// ${name}: ${ts.SyntaxKind[decl.kind]}`);
    }
  }
  return out.join('\n');
}

function report(pkg) {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, dirname(dirname(pkg.entry)), 'tsconfig.build.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  const program = ts.createProgram([join(root, pkg.entry)], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(join(root, pkg.entry));
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exports = checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const undocumented = [];
  const entries = exports.map((s) => describe(checker, s.name, s, undocumented));
  const text = [
    `# API report: ${pkg.name}`,
    '',
    `<!-- Written by scripts/api-report.mjs from ${pkg.entry}; checked by \`pnpm lint\`. Do not edit: run \`pnpm api:update\`. -->`,
    '',
    `${exports.length} exported names.`,
    '',
    '```ts',
    entries.join('\n\n'),
    '```',
    '',
  ].join('\n');
  return { text, undocumented };
}

let failed = false;
for (const pkg of PACKAGES) {
  const { text, undocumented } = report(pkg);
  const file = join(root, pkg.report);
  if (undocumented.length > 0) {
    failed = true;
    console.error(`${pkg.name}: exported without a TSDoc comment:\n  ${undocumented.join('\n  ')}`);
  }
  if (check) {
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (committed !== text) {
      failed = true;
      const a = committed.split('\n');
      const b = text.split('\n');
      const removed = a.filter((l) => !b.includes(l));
      const added = b.filter((l) => !a.includes(l));
      console.error(
        `${pkg.name}: the public API differs from ${pkg.report}:\n${removed.map((l) => `- ${l}`).join('\n')}\n${added.map((l) => `+ ${l}`).join('\n')}\n` +
          'If the change is intended, run `pnpm api:update` and commit the report with it.',
      );
    } else console.log(`${pkg.name}: public API matches ${pkg.report}`);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote ${pkg.report}`);
  }
}
process.exit(failed ? 1 : 0);
