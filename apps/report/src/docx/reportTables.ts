import type { AnalysisResult } from '../analysis/types.js';
import type { ReportFormat } from '../format/reportFormat.js';
import { immortalTimeTableSpec } from '../render/immortalTimeSpecs.js';
import { balanceTableSpec, propensityEffectSpec } from '../render/propensitySpecs.js';
import { robustnessTableSpec } from '../render/robustnessSpecs.js';
import { effectTableSpec, phTableSpec } from '../render/sensitivitySpecs.js';
import type { TableSpec } from '../render/table.js';
import { coxTableSpec, pairwiseSpec, table1Spec } from '../render/tableSpecs.js';

/**
 * Every results table of the report, numbered as the PDF numbers them (render/report.ts): Table 1,
 * the pairwise log-rank tables, the Cox tables, the robustness table of the treatment effect, then per endpoint the proportional-hazards and the
 * RMST/E-value tables of the sensitivity analyses, the immortal-time tables, and the propensity
 * balance and effect tables. The appendix's table of reference suites is about
 * the software, not the study, and is left out. A test compares these labels and captions with the
 * PDF's, so the two cannot drift apart unnoticed.
 */
export function reportTableSpecs(result: AnalysisResult, fmt: ReportFormat): TableSpec[] {
  const specs: TableSpec[] = [];
  const next = () => `TABLE ${specs.length + 1}`;
  specs.push(table1Spec(result, next(), fmt));
  for (const pairwise of result.pairwise) specs.push(pairwiseSpec(result, pairwise, next()));
  for (const cox of result.cox) specs.push(coxTableSpec(result, cox, next(), fmt));
  const robustness = robustnessTableSpec(result, next(), fmt);
  if (robustness !== null) specs.push(robustness);
  for (const s of result.sensitivity ?? []) {
    const ph = phTableSpec(s, next(), fmt);
    if (ph !== null) specs.push(ph);
    const effect = effectTableSpec(result, s, next(), fmt);
    if (effect !== null) specs.push(effect);
  }
  for (const r of result.immortalTime ?? []) specs.push(immortalTimeTableSpec(result, r, next(), fmt));
  if (result.propensity !== undefined) {
    specs.push(balanceTableSpec(result, next()));
    specs.push(propensityEffectSpec(result, next(), fmt));
  }
  return specs;
}
