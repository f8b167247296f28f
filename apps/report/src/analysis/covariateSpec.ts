/** A plan covariate resolved against the dictionary (`covariateSpecs` in cox.ts). */
export type CovariateSpec =
  | {
      readonly type: 'categorical';
      readonly variable: string;
      readonly label: string;
      readonly reference: string;
    }
  | {
      readonly type: 'continuous';
      readonly variable: string;
      readonly label: string;
      /** The HR is reported per this many units: exp(per·β). */
      readonly per: number;
      readonly unit: string | null;
    };
