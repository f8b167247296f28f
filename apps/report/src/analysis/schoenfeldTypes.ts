/**
 * The scaled Schoenfeld residuals of one column of the group in the PH-checked Cox model, with the
 * smooth R's plot.cox.zph draws (df = 4, ±2 SE), on the time scale the test used (1 − KM).
 */
export interface SchoenfeldPlotData {
  /** The model column, e.g. "transplant=yes". */
  readonly term: string;
  /** The arm the column compares with the reference, e.g. "Transplant". */
  readonly label: string;
  readonly reference: string;
  /** β̂ of the column: the constant β(t) under proportional hazards. */
  readonly coef: number;
  /**
   * One point per event: transformed time, time in the report's unit, scaled residual. Typed
   * arrays, as the engine returns them: at 10⁶ patients there are hundreds of thousands of events,
   * and a worker thread posts typed arrays as one copy of their bytes.
   */
  readonly x: Float64Array;
  readonly time: Float64Array;
  readonly y: Float64Array;
  /** The smooth at evenly spaced transformed times. */
  readonly smooth: {
    readonly x: readonly number[];
    readonly fit: readonly number[];
    readonly lower: readonly number[];
    readonly upper: readonly number[];
  };
  /** Axis ticks: times in the report's unit and where they fall on the transformed scale. */
  readonly ticks: readonly { readonly time: number; readonly x: number }[];
  /** The group's cox.zph test (joint over its columns): p, df and the variable's label. */
  readonly pValue: number | null;
  readonly testDf: number | null;
  readonly variableLabel: string;
}
