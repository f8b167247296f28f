import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { draftDictionary } from './draft/draftDictionary.ts';
import type { DataInput, WorkerRequest, WorkerResponse } from './protocol.ts';
import { STUDIES } from './studies.ts';
import { dictionaryEditor, endpointEditor } from './ui/dictionaryEditor.ts';
import { byId, download, h } from './ui/dom.ts';
import { forestFigure } from './ui/forest.ts';
import { issuesTable } from './ui/importProblems.ts';
import { kmFigure } from './ui/km.ts';
import { defaultPlan, planControls } from './ui/planControls.ts';
import { specTable } from './ui/tables.ts';
import AnalysisWorker from './worker.ts?worker&inline';
import './style.css';

// biome-ignore lint/suspicious/noExplicitAny: the dictionary and plan are the CLI's JSON objects
type Json = any;

interface State {
  data: DataInput | null;
  dataName: string;
  dictionary: Json;
  dictionarySource: string;
  plan: Json;
  planSource: string;
  notes: string[];
}

const state: State = {
  data: null,
  dataName: '',
  dictionary: null,
  dictionarySource: '',
  plan: null,
  planSource: '',
  notes: [],
};
const worker = new AnalysisWorker();
/** Every request gets a fresh id; the page shows only the answer to the latest analysis. */
let nextId = 0;
let analysisId = 0;
let analysing = false;
/** "Save PDF" pressed while an analysis runs: the PDF is made from that analysis when it ends. */
let pdfQueued = false;
let lastResult: Extract<WorkerResponse, { type: 'result' }> | null = null;

const progress = byId('progress');
const progressBar = byId<HTMLProgressElement>('progress-bar');
const progressText = byId('progress-text');

function showProgress(text: string, step: number, of: number): void {
  progress.hidden = false;
  progressBar.max = of;
  progressBar.value = step;
  progressText.textContent = text;
}

function post(request: WorkerRequest): void {
  worker.postMessage(request);
}

function analyse(): void {
  clearTimeout(pendingEdit);
  pendingEdit = undefined;
  if (state.data === null || state.plan === null) return;
  analysisId = ++nextId;
  analysing = true;
  byId('status').textContent = '';
  showProgress('Starting', 0, 4);
  byId('export').setAttribute('aria-busy', 'true');
  post({
    type: 'analyse',
    id: analysisId,
    data: state.data,
    dictionary: state.dictionary,
    plan: state.plan,
    planSource: state.planSource,
    dictionarySource: state.dictionarySource,
  });
}

let pendingEdit: ReturnType<typeof setTimeout> | undefined;
/** Edits rerun the analysis after a short pause, so typing a label does not start one run per key. */
function changed(): void {
  renderControls();
  clearTimeout(pendingEdit);
  pendingEdit = setTimeout(analyse, 300);
}

function onMessage(message: WorkerResponse): void {
  if (message.type === 'ready') {
    document.documentElement.dataset.worker = 'ready';
    return;
  }
  if (message.type === 'pdf') {
    if (!analysing) progress.hidden = true;
    download(message.fileName, message.bytes, 'application/pdf');
    byId('status').textContent = `Saved ${message.fileName}.`;
    return;
  }
  if (message.type === 'error' && message.task === 'pdf') {
    // A PDF that cannot be laid out leaves the results on the page as they are.
    if (!analysing) progress.hidden = true;
    byId('status').textContent = `The PDF could not be made: ${message.message}`;
    return;
  }
  if (message.id !== analysisId) return; // an older run, overtaken by an edit (or a PDF's progress)
  const problems = byId('problems');
  if (message.type === 'progress') {
    showProgress(message.stage, message.step, message.of);
    return;
  }
  analysing = false;
  progress.hidden = true;
  byId('export').removeAttribute('aria-busy');
  if (message.type !== 'result' && pdfQueued) {
    pdfQueued = false;
    byId('status').textContent = 'No PDF was saved: the analysis stopped on a problem (shown above).';
  }
  if (message.type === 'import-errors') {
    lastResult = null;
    problems.replaceChildren(issuesTable(message.heading, message.issues));
    byId('results').replaceChildren();
    return;
  }
  if (message.type === 'error') {
    lastResult = null;
    problems.replaceChildren(
      h(
        'div',
        { class: 'problems', role: 'alert', 'data-testid': 'analysis-error' },
        h('pre', {}, message.message),
      ),
    );
    byId('results').replaceChildren();
    return;
  }
  lastResult = message;
  problems.replaceChildren(...message.warnings.map((w) => h('p', { class: 'warning' }, w)));
  renderResults(message);
  if (pdfQueued) {
    pdfQueued = false;
    requestPdf();
  }
}

function requestPdf(): void {
  showProgress('Laying out the PDF', 0, 1);
  post({ type: 'pdf', id: ++nextId, paper: byId<HTMLSelectElement>('paper').value as 'a4' | 'letter' });
}

function renderResults({ result, tables, ms }: Extract<WorkerResponse, { type: 'result' }>): void {
  const sections: Node[] = [
    h(
      'p',
      { class: 'muted', 'data-testid': 'timing' },
      `${result.flow.analysed} patients analysed in ${(ms / 1000).toFixed(2)} s in this tab.`,
    ),
    specTable(tables.table1, 'table1'),
  ];
  sections.push(...result.survival.map((km, i) => kmFigure(km, i)));
  sections.push(...tables.cox.map((t, i) => specTable(t, `cox-${i}`)));
  for (const f of result.forest) sections.push(forestFigure(f));
  if (result.warnings.length > 0)
    sections.push(
      h('div', { class: 'warning' }, h('h3', {}, 'Warnings'), ...result.warnings.map((w) => h('p', {}, w))),
    );
  byId('results').replaceChildren(...sections);
}

function renderControls(): void {
  const describe = byId('describe-body');
  const controls = byId('analyse-controls');
  if (state.dictionary === null) {
    describe.replaceChildren(
      h(
        'p',
        {},
        state.data === null
          ? 'Load a study first.'
          : 'This file carries its own variables (SPSS metadata); load a dictionary file to add endpoints.',
      ),
    );
    controls.replaceChildren();
    return;
  }
  describe.replaceChildren(
    ...(state.notes.length === 0
      ? []
      : [
          h(
            'div',
            { class: 'notes', 'data-testid': 'draft-notes' },
            h('h3', {}, 'Drafted from the data — please check'),
            h('ul', {}, ...state.notes.map((n) => h('li', {}, n))),
          ),
        ]),
    dictionaryEditor(state.dictionary, changed),
    endpointEditor(state.dictionary, changed),
  );
  controls.replaceChildren(
    state.plan === null ? h('p', {}, 'No plan.') : planControls(state.plan, state.dictionary, changed),
  );
}

/** Says what was loaded, with a link to its dictionary (the Describe section sits below the results). */
function loadedMessage(text: string): void {
  byId('loaded').replaceChildren(
    text,
    ' ',
    h(
      'a',
      { href: '#describe' },
      state.notes.length > 0
        ? 'Its dictionary was drafted from the data: check the variables and the endpoint.'
        : 'See or edit its variables (dictionary).',
    ),
  );
}

function openStudy(key: string): void {
  const study = STUDIES.find((s) => s.key === key);
  if (study === undefined) return;
  Object.assign(state, {
    data: study.data,
    dataName: study.title,
    dictionary: structuredClone(study.dictionary),
    dictionarySource: study.dictionarySource,
    plan: structuredClone(study.plan),
    planSource: study.planSource,
    notes: [],
  });
  loadedMessage(`Loaded: ${study.title}.`);
  renderControls();
  analyse();
}

const isDictionary = (value: Json) =>
  value !== null && typeof value === 'object' && Array.isArray(value.variables);

async function openFiles(files: readonly File[]): Promise<void> {
  const problems = byId('problems');
  problems.replaceChildren();
  let data: File | undefined;
  let dictionary: { value: Json; name: string } | undefined;
  let plan: { value: Json; name: string } | undefined;
  for (const file of files) {
    if (/\.(csv|txt|tsv|xlsx|sav)$/i.test(file.name)) data = file;
    else if (/\.(json|ya?ml)$/i.test(file.name)) {
      try {
        const text = await file.text();
        const value = /\.json$/i.test(file.name) ? JSON.parse(text) : parseYaml(text);
        if (isDictionary(value)) dictionary = { value, name: file.name };
        else plan = { value, name: file.name };
      } catch (error) {
        problems.replaceChildren(
          h(
            'div',
            { class: 'problems', role: 'alert' },
            `${file.name} is not valid ${/\.json$/i.test(file.name) ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
          ),
        );
        return;
      }
    } else {
      problems.replaceChildren(
        h(
          'div',
          { class: 'problems', role: 'alert' },
          `${file.name}: expected a .csv, .xlsx or .sav data file, or a .json/.yaml dictionary or plan.`,
        ),
      );
      return;
    }
  }
  if (data !== undefined) {
    Object.assign(state, {
      data: { kind: 'file', fileName: data.name, file: data },
      dataName: data.name,
      notes: [],
    });
    if (dictionary === undefined) {
      if (/\.sav$/i.test(data.name))
        Object.assign(state, { dictionary: null, dictionarySource: `${data.name} metadata` });
      else if (/\.xlsx$/i.test(data.name))
        state.notes = [
          'An Excel file needs a dictionary: drop it together with its dictionary file (the draft reads CSV only).',
        ];
      else {
        const draft = draftDictionary(await data.text(), data.name);
        Object.assign(state, {
          dictionary: draft.dictionary,
          dictionarySource: 'drafted in the browser',
          notes: [...draft.notes],
        });
      }
    }
    if (plan === undefined && state.dictionary !== null)
      Object.assign(state, {
        plan: defaultPlan(state.dictionary, data.name),
        planSource: 'made in the browser',
      });
  }
  if (dictionary !== undefined)
    Object.assign(state, { dictionary: dictionary.value, dictionarySource: dictionary.name, notes: [] });
  if (plan !== undefined) Object.assign(state, { plan: plan.value, planSource: plan.name });
  loadedMessage(`Loaded: ${[data?.name, dictionary?.name, plan?.name].filter(Boolean).join(', ')}.`);
  renderControls();
  analyse();
}

function save(kind: 'dictionary' | 'plan', format: 'json' | 'yaml'): void {
  const value = kind === 'dictionary' ? state.dictionary : state.plan;
  if (value === null) return;
  const base = kind === 'dictionary' ? `${state.dictionary?.study?.name ?? 'study'}-dictionary` : 'plan';
  download(
    `${base}.${format}`,
    format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : toYaml(value),
    format === 'json' ? 'application/json' : 'application/yaml',
  );
}

function init(): void {
  byId('studies').replaceChildren(
    ...STUDIES.map((s) =>
      h(
        'li',
        {},
        h('button', { type: 'button', 'data-study': s.key, onclick: () => openStudy(s.key) }, s.title),
      ),
    ),
  );
  const input = byId<HTMLInputElement>('file');
  input.addEventListener('change', () => void openFiles([...(input.files ?? [])]));
  const drop = byId('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void openFiles([...(e.dataTransfer?.files ?? [])]);
  });
  worker.addEventListener('message', (e: MessageEvent<WorkerResponse>) => onMessage(e.data));
  worker.addEventListener('error', (e) => {
    byId('problems').replaceChildren(
      h('div', { class: 'problems', role: 'alert' }, `The analysis worker failed: ${e.message}`),
    );
  });
  const nothingYet = () => {
    byId('status').textContent = 'Nothing to save yet: load a study first.';
  };
  byId('save-pdf').addEventListener('click', () => {
    if (pendingEdit !== undefined) analyse(); // an edit waiting for its pause: analyse it now
    if (analysing) {
      // The worker holds the previous analysis until this one ends: saving now would give its PDF.
      pdfQueued = true;
      byId('status').textContent = 'The PDF will be saved when the analysis in progress finishes.';
      return;
    }
    if (lastResult === null) return nothingYet();
    requestPdf();
  });
  const busy = () => {
    byId('status').textContent = 'An analysis is in progress: save the tables when it has finished.';
  };
  byId('save-json').addEventListener('click', () => {
    if (pendingEdit !== undefined) analyse();
    if (analysing) return busy();
    if (lastResult === null) return nothingYet();
    download('report.json', `${JSON.stringify(lastResult.result, null, 2)}\n`, 'application/json');
  });
  byId('save-csv').addEventListener('click', () => {
    if (pendingEdit !== undefined) analyse();
    if (analysing) return busy();
    if (lastResult === null) return nothingYet();
    for (const [name, text] of Object.entries(lastResult.tables.csv)) download(name, text, 'text/csv');
  });
  for (const kind of ['dictionary', 'plan'] as const)
    for (const format of ['json', 'yaml'] as const)
      byId(`save-${kind}-${format}`).addEventListener('click', () => save(kind, format));
  renderControls();
}

init();
