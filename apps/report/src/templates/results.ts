/**
 * The results text (Handlebars), one paragraph per line. Every number comes from the analysis of the
 * data being reported, formatted by the report's formatter; nothing is quoted from any paper. The
 * sentences arrive whole from `render/prose.ts`, which words them for the study's number of groups.
 */
export const RESULTS_TEMPLATE = `{{patients}}{{#if differing}} {{differing}}{{/if}}
{{#each survival}}{{this}}
{{/each}}{{#each cox}}{{this}}
{{/each}}{{#if forest}}{{forest}}
{{/if}}{{#each subgroups}}{{this}}
{{/each}}`;
