// The one error body of the REST API (RFC 9457 problem details) and the one mapping from codes to it.
import { ZodError } from "zod";
import { AppError, errorCodes, isAppError } from "../errors";

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  fields?: Record<string, string>;
};

export function problemResponse(problem: Omit<Problem, "type">): Response {
  return new Response(JSON.stringify({ type: "about:blank", ...problem }), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
  });
}

export function zodFields(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function errorToResponse(error: unknown): Response {
  if (isAppError(error)) {
    return problemResponse({ title: error.message, status: errorCodes[error.code], code: error.code, fields: error.fields });
  }
  if (error instanceof ZodError) {
    return problemResponse({ title: "Some fields are not valid", status: 422, code: "VALIDATION", fields: zodFields(error) });
  }
  console.error("unexpected API error", error);
  return problemResponse({ title: "Something went wrong on the server; the error was logged", status: 500, code: "INTERNAL" });
}

export { AppError };
