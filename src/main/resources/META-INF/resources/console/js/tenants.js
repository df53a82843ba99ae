// Tenants (§13): the default tenant's admins create, list and delete the partitions of the
// account's data; the header's Tenant list picks the one the console acts in.
import * as api from "./api.js";
import { h, field, messages, attempt, table, pager } from "./ui.js";

export async function tenantsPage(root) {
  const status = messages();
  const list = h("div");
  let current = 1;

  async function load(page = current) {
    current = page;
    const found = await attempt(status, () => api.inDefaultTenant.get("/tenants", { page, pageSize: 50 }));
    if (!found) return;
    list.replaceChildren(
      table(["Name", "Created", ""], found.results.map((tenant) =>
        h("tr", {},
          h("td", {}, tenant.name),
          h("td", {}, tenant.createdDate || ""),
          h("td", {}, h("button", { type: "button", class: "danger", onclick: () => remove(tenant.name), "aria-label": `Delete tenant ${tenant.name}` }, "Delete")))),
        "Tenants of this account (the default tenant, without a name, always exists)"),
      pager(found, load));
  }

  async function remove(name) {
    if (!confirm(`Delete the tenant ${name}? Its users, documents and history are deleted with it.`)) return;
    if (await attempt(status, () => api.inDefaultTenant.del(`/tenants/${encodeURIComponent(name)}`), `Deleted the tenant ${name}.`) !== undefined) {
      window.dispatchEvent(new Event("warden:tenants-changed"));
    }
    load();
  }

  const form = h("form", { class: "panel row", "aria-label": "Create a tenant" },
    field("Name (letters and digits)", { id: "new-tenant-name", required: true, pattern: "[A-Za-z0-9]+" }),
    h("button", { type: "submit" }, "Create tenant"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = form.querySelector("#new-tenant-name").value.trim();
    const created = await attempt(status, () => api.inDefaultTenant.post("/tenants", { name }), `Created the tenant ${name}.`);
    if (!created) return;
    form.reset();
    window.dispatchEvent(new Event("warden:tenants-changed"));
    load(1);
  });
  root.append(h("h1", {}, "Tenants"), form, ...status.nodes, list);
  await load(1);
}
