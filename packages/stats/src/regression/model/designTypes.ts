/** The shapes of a model's design (designMatrix.ts), apart so that its memo can name them too. */

/** One design column of a model variable. */
export interface DesignColumn {
  /** Column name as passed to `coxPH`, e.g. `'ecog=1'` (categorical) or `'age'` (numeric). */
  readonly term: string;
  readonly level: string;
  /** Analysed rows at this level (numeric: all analysed rows). */
  readonly n: number;
}

/** A model variable after expansion against its reference level. */
export interface DesignVariable {
  readonly name: string;
  readonly label: string;
  readonly type: 'categorical' | 'numeric';
  readonly reference?: string;
  /** Analysed rows at the reference level (categorical only). */
  readonly referenceN: number;
  readonly columns: readonly DesignColumn[];
  /** Takes one value in every analysed row, so its coefficients are NA (R: an aliased column). */
  readonly constant: boolean;
}
