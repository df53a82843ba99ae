// The console's shell: sign-in, navigation and a hash router (#/roles, #/roles/{id}, ...).
import * as api from "./api.js";
import { h } from "./ui.js";
import { rolesPage, rolePage } from "./roles.js";
import { usersPage } from "./users.js";
import { meshesPage, meshPage } from "./meshes.js";
import { projectionsPage } from "./projections.js";
import { apiKeysPage } from "./apikeys.js";
import { auditPage } from "./audit.js";
import { explainPage } from "./explain.js";
import { tenantsPage } from "./tenants.js";

const routes = [
  [/^#\/roles$/, rolesPage],
  [/^#\/roles\/([0-9a-f]{24})(?:\/(users|permissions))?$/, rolePage],
  [/^#\/users$/, usersPage],
  [/^#\/meshes$/, meshesPage],
  [/^#\/meshes\/([A-Za-z]+)$/, meshPage],
  [/^#\/projections$/, projectionsPage],
  [/^#\/apikeys$/, apiKeysPage],
  [/^#\/audit$/, auditPage],
  [/^#\/explain$/, explainPage],
  [/^#\/tenants$/, tenantsPage],
];

const page = document.getElementById("page");
let leave = null; // what the current page must stop (e.g. a live subscription) when it is left

async function show() {
  if (!api.accessToken()) return signedOut();
  if (leave) leave();
  leave = null;
  const hash = location.hash || "#/roles";
  for (const link of document.querySelectorAll("header nav a")) {
    link.toggleAttribute("aria-current", hash.startsWith(link.getAttribute("href")));
    if (link.hasAttribute("aria-current")) link.setAttribute("aria-current", "page");
  }
  page.replaceChildren();
  for (const [pattern, render] of routes) {
    const match = hash.match(pattern);
    if (match) {
      leave = (await render(page, ...match.slice(1))) || null;
      const heading = page.querySelector("h1");
      if (heading) document.title = `${heading.textContent} · Warden console`;
      return;
    }
  }
  page.append(h("h1", {}, "Not found"), h("p", {}, "No console page has this address."));
}

function signedOut() {
  if (leave) leave();
  leave = null;
  page.replaceChildren();
  document.getElementById("top").hidden = true;
  document.getElementById("sign-in-page").hidden = false;
  document.getElementById("account").focus();
}

const form = document.getElementById("sign-in");
// The account and client key are public (apps ship them); remembering them is a convenience.
document.getElementById("account").value = localStorage.getItem("warden.account") || "demo";
document.getElementById("client-id").value = localStorage.getItem("warden.clientId") || "";

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = document.getElementById("sign-in-error");
  error.textContent = "";
  const values = Object.fromEntries(new FormData(form));
  try {
    await api.signIn(values.account, values.clientId, values.username, values.password, values.tenant);
  } catch (e) {
    error.textContent = e.message;
    return;
  }
  localStorage.setItem("warden.account", values.account);
  localStorage.setItem("warden.clientId", values.clientId);
  form.reset();
  document.getElementById("account").value = values.account;
  document.getElementById("client-id").value = values.clientId;
  document.getElementById("sign-in-page").hidden = true;
  document.getElementById("top").hidden = false;
  document.getElementById("whoami").textContent =
    `${values.username} in ${values.account}${values.tenant ? ` (tenant ${values.tenant})` : ""}`;
  await offerTenants();
  if (!location.hash || location.hash === "#") location.hash = "#/roles";
  else show();
  document.getElementById("main").focus();
});

document.getElementById("sign-out").addEventListener("click", async () => {
  await api.signOut();
  signedOut();
});

/**
 * The default tenant's admins may act in any tenant (spec §13): the header offers the tenants when
 * the signed-in user may list them, and every call then names the one chosen.
 */
const acting = document.getElementById("acting");
const actingTenant = document.getElementById("acting-tenant");
async function offerTenants() {
  let names = null;
  if (!api.homeTenant()) {
    try {
      names = (await api.inDefaultTenant.get("/tenants", { pageSize: 200 })).results.map((tenant) => tenant.name);
    } catch {
      names = null; // not allowed to list tenants: the console stays in the tenant it signed in to
    }
  }
  acting.hidden = names === null;
  document.getElementById("tenants-link").hidden = names === null;
  if (names === null) return;
  if (!names.includes(api.actingTenant())) api.actIn("");
  actingTenant.replaceChildren(
    h("option", { value: "", selected: !api.actingTenant() }, "(default)"),
    ...names.map((name) => h("option", { value: name, selected: name === api.actingTenant() }, name)));
}
actingTenant.addEventListener("change", () => {
  api.actIn(actingTenant.value);
  show();
});
window.addEventListener("warden:tenants-changed", offerTenants);

window.addEventListener("hashchange", show);
window.addEventListener("warden:signed-out", signedOut);
signedOut();
