// The console's one door to Warden: the public REST API with the signed-in user's token.
// The tokens live in this module's memory only (never in localStorage): a reload signs out.

// { account, clientId, tenant (signed in to; "" is the default), acting (the tenant calls go to),
//   accessToken, refreshToken, expiresAt, timer }
let session = null;

/** An API answer that is not a success; `message` is the API's own, shown to the person as it is. */
export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.body = body;
  }
}

function describe(status, body) {
  const text = body && (body.message || body.error_description || body.error);
  return `${status}${text ? ": " + text : ""}`;
}

export function account() {
  return session && session.account;
}

export function accessToken() {
  return session && session.accessToken;
}

/** The tenant the console signed in to ("" is the default tenant): its tokens are bound to it. */
export function homeTenant() {
  return session ? session.tenant : "";
}

/** The tenant every call goes to (spec §13); the default tenant's admins may choose another. */
export function actingTenant() {
  return session ? session.acting : "";
}

/**
 * Whether the signed-in user's changes may reach every tenant (spec §13): roles, permissions,
 * projections, indexes and API keys are changed by users of the default tenant only, so a tenant's
 * own users (its admins included) see them read-only. Warden refuses the change either way.
 */
export function changesAccountWide() {
  return !!session && !session.tenant;
}

export function actIn(tenant) {
  if (session) session.acting = tenant || "";
}

function tenantHeader(tenant) {
  return tenant ? { tenant } : {};
}

async function tokenRequest(account, form, tenant) {
  const response = await fetch(`/${encodeURIComponent(account)}/connect/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...tenantHeader(tenant) },
    body: new URLSearchParams(form),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function keep(account, clientId, tenant, tokens) {
  if (session && session.timer) clearTimeout(session.timer);
  const acting = session && session.account === account && session.tenant === tenant ? session.acting : tenant;
  session = {
    account,
    clientId,
    tenant,
    acting,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: Date.now() + tokens.expires_in * 1000,
  };
  // Refresh a minute before the access token expires (or halfway for short lifetimes).
  const lead = Math.min(60, tokens.expires_in / 2) * 1000;
  session.timer = setTimeout(() => refresh().catch(() => {}), tokens.expires_in * 1000 - lead);
}

export async function signIn(account, clientId, username, password, tenant = "") {
  forget();
  const tokens = await tokenRequest(account, {
    client_id: clientId,
    grant_type: "password",
    username,
    password,
    scope: "meshy.api offline_access",
  }, tenant);
  keep(account, clientId, tenant, tokens);
}

/** Trades the refresh token for new tokens; a spent or revoked one signs the console out. */
export async function refresh() {
  if (!session || !session.refreshToken) throw new ApiError(401, { message: "signed out" });
  const { account, clientId, tenant, refreshToken } = session;
  try {
    keep(account, clientId, tenant, await tokenRequest(account, {
      client_id: clientId,
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    }, tenant));
  } catch (e) {
    forget();
    window.dispatchEvent(new Event("warden:signed-out"));
    throw e;
  }
}

export async function signOut() {
  if (!session) return;
  const { account, clientId, tenant, refreshToken } = session;
  forget();
  if (refreshToken) {
    await fetch(`/${encodeURIComponent(account)}/connect/revocation`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...tenantHeader(tenant) },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: "refresh_token", client_id: clientId }),
    });
  }
}

function forget() {
  if (session && session.timer) clearTimeout(session.timer);
  session = null;
}

/**
 * Calls `/{account}{path}` in the tenant the console acts in; answers the parsed body (null for
 * 204). Any other status throws an ApiError carrying the API's message. A 401 is retried once after
 * a refresh.
 */
export function call(method, path, body, query) {
  return request(method, path, body, query, session && session.acting);
}

async function request(method, path, body, query, tenant, retried = false) {
  if (!session) throw new ApiError(401, { message: "signed out" });
  const url = new URL(`/${encodeURIComponent(session.account)}${path}`, location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const headers = { Authorization: `Bearer ${session.accessToken}`, Accept: "application/json", ...tenantHeader(tenant) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && !retried && session.refreshToken) {
    await refresh();
    return request(method, path, body, query, tenant, true);
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { message: text };
    }
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

export const get = (path, query) => call("GET", path, undefined, query);
export const post = (path, body) => call("POST", path, body);
export const put = (path, body) => call("PUT", path, body);
export const del = (path, body, query) => call("DELETE", path, body, query);

/** The same in the default tenant, whatever the console acts in: tenants are managed from there. */
export const inDefaultTenant = {
  get: (path, query) => request("GET", path, undefined, query, ""),
  post: (path, body) => request("POST", path, body, undefined, ""),
  del: (path) => request("DELETE", path, undefined, undefined, ""),
};
