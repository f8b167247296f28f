/**
 * The statistical-methods paragraph (Handlebars). Kept as a TypeScript string so `tsc` ships it in
 * dist/ with no copy step. Its view is built by `render/prose.ts` from the plan and from what the
 * analysis actually did (which tests were used, how many groups, ties method, CI level, software);
 * sentences whose wording depends on the number of groups arrive whole from there.
 */
export const METHODS_TEMPLATE = `Continuous variables are shown as median (range) and categorical variables as counts with percentages; \
missing values are shown as “Unknown” rows.{{#if missingSentence}} {{missingSentence}}{{/if}} \
{{#if testSentence}}{{testSentence}} {{/if}}\
Survival was estimated with the Kaplan–Meier method, with {{pct}}% confidence intervals from Greenwood’s variance on the log scale \
(the default of R’s survfit); medians whose confidence limit is not reached are shown as NA. \
{{#each endpoints}}{{this}} {{/each}}\
{{#if comparison}}{{comparison}}{{#if landmarks}}, and survival rates are reported at {{landmarks}} {{timeUnit}}{{/if}}. \
{{else}}{{#if landmarks}}Survival rates are reported at {{landmarks}} {{timeUnit}}. {{/if}}{{/if}}\
Hazard ratios (HR) with {{pct}}% Wald confidence intervals were estimated with Cox proportional-hazards regression \
({{ties}} method for tied event times); p-values of individual levels are Wald tests. \
{{selectionSentence}} \
{{#if firth}}Where the partial likelihood has no finite maximum (monotone likelihood), the coefficient is reported as not estimable and Firth’s penalised-likelihood estimate (Heinze and Schemper, 2001) is given in a footnote. {{/if}}\
{{#if forest}}{{forest}} {{/if}}\
A two-sided p-value below 0.05 was considered statistically significant. \
All numbers were computed by survkit {{version}} (@survkit/stats, validated against R 4.2.2 with survival 3.5-3; see the appendix) on {{runtime}}.`;
