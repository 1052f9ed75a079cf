// For tests of the list query strings (never imported by the product): parse a query string as a route handler
// does, or get the field → message map of the 422 it would answer.
import { ZodError, type z } from "zod";
import { searchParamsOf } from "./list-query";

export function queryStringParser<S extends z.ZodType>(schema: S, path: string) {
  const parse = (query: string): z.output<S> => schema.parse(searchParamsOf(new Request(`http://x${path}?${query}`)));
  const fieldsOf = (query: string): Record<string, string> => {
    try {
      parse(query);
    } catch (error) {
      if (error instanceof ZodError)
        return Object.fromEntries(error.issues.map((issue) => [issue.path.join("."), issue.message]));
      throw error;
    }
    throw new Error("expected a validation error");
  };
  return { parse, fieldsOf };
}
