/**
 * Every option default of the public API, defined once. Functions read them from here (never a
 * literal `?? 0.95` of their own) and their TSDoc names the default, so the documentation and the
 * behaviour cannot drift apart. The values are R's defaults for the function each one mirrors.
 */
export const DEFAULTS = {
  /** Ties method of every Cox fit: R's `coxph(ties = "efron")`. */
  ties: 'efron',
  /** Confidence level of every interval: R's `conf.int = 0.95` / `conf.level = 0.95`. */
  confLevel: 0.95,
  /** Newton iterations of `coxPH`: R's `coxph.control(iter.max = 20)`. */
  coxMaxIter: 20,
  /** Penalized Newton iterations of `coxFirth`: coxphf's `maxit = 50`. */
  firthMaxIter: 50,
  /** Scale of Kaplan–Meier confidence limits: R's `survfit(conf.type = "log")`. */
  kmConfType: 'log',
  /** g(t) of `coxZph`: R's `cox.zph(transform = "km")`. */
  zphTransform: 'km',
} as const;
