/**
 * The results text (Handlebars). Every number comes from the analysis of the data being reported,
 * formatted by the report's formatter; nothing is quoted from any paper.
 */
export const RESULTS_TEMPLATE = `{{#with flow}}A total of {{analysed}} patients were analysed{{#if excludedTotal}} ({{screened}} screened, {{excludedTotal}} excluded){{/if}}: \
{{#each groups}}{{n}} ({{pct}}) {{label}}{{#unless @last}} and {{/unless}}{{/each}}.{{/with}} \
{{#if differing}}The groups differed (p < 0.05) in {{differing}}.{{else}}No characteristic in Table 1 differed between the groups at p < 0.05.{{/if}}

{{#each survival}}The median {{abbreviation}} was {{overall}} {{timeUnit}} overall{{#each curves}}, {{median}} {{../timeUnit}} in the {{label}} group{{/each}} \
({{test}}).{{#if landmarks}} {{landmarks}}{{/if}}
{{/each}}
{{#each cox}}For {{abbreviation}}, univariate Cox regression found {{#if univariate}}{{univariate}} associated with the outcome (p < 0.05){{else}}no covariate associated with the outcome at p < 0.05{{/if}}; \
{{#if multivariable}}in the multivariate model ({{modelSize}}), {{#if independent}}{{independent}} remained significant{{else}}no covariate remained significant{{/if}}.{{else}}no multivariate model was fitted.{{/if}} \
The HR of {{../contrast}} was {{groupUni}} in the univariate model{{#if groupMulti}} and {{groupMulti}} in the multivariate model{{/if}}.
{{/each}}
{{#if forest}}{{forest}}
{{/if}}{{#each subgroups}}Within the {{label}} (n = {{n}}){{#each comparisons}}{{#if @first}}, {{else}}; {{/if}}the median {{abbreviation}} was {{medians}} ({{test}}){{/each}}.
{{/each}}`;
