/**
 * A server-side type as the browser receives it through JSON: Dates become ISO text, the rest stays. The API
 * routes return the data layer's rows as they are, so the browser's row types are these of lib/db's.
 */
export type Jsonified<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;
