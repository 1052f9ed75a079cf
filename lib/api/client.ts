// Browser fetch client for the REST API: problem bodies become ApiError with field messages; a 401
// means the session ended, so the browser goes to the login page.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError("The Gatehouse server cannot be reached. Check your connection.", 0, "NETWORK");
  }
  if (response.status === 401 && typeof window !== "undefined") {
    const back = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.assign(`/login?reason=expired&callbackUrl=${back}`);
  }
  const json = (await response.json().catch(() => null)) as
    (T & { title?: string; code?: string; fields?: Record<string, string> }) | null;
  if (!response.ok) {
    throw new ApiError(
      json?.title ?? `Request failed (HTTP ${response.status})`,
      response.status,
      json?.code ?? "HTTP",
      json?.fields ?? {},
    );
  }
  return json as T;
}
