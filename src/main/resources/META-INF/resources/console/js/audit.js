// Audit (§9.4): the append-only log of access changes and refusals, filtered and paged.
import * as api from "./api.js";
import { h, field, messages, attempt, table, pager } from "./ui.js";

function party(p) {
  return p ? `${p.type} ${p.name || p.id || ""}`.trim() : "";
}

export async function auditPage(root) {
  const status = messages();
  const list = h("div");
  const form = h("form", { class: "panel row", "aria-label": "Filter the audit log" },
    field("Action", { id: "audit-action", placeholder: "role.create, access.denied" }),
    field("Principal id", { id: "audit-principal" }),
    field("Target", { id: "audit-target", placeholder: "meshes.orders" }),
    field("Since", { id: "audit-since", placeholder: "2026-12-01T00:00:00Z" }),
    field("Until", { id: "audit-until" }),
    h("button", { type: "submit" }, "Filter"));
  const value = (id) => form.querySelector(`#${id}`).value.trim();

  async function load(page = 1) {
    const found = await attempt(status, () => api.get("/audit", {
      action: value("audit-action"), principalId: value("audit-principal"), target: value("audit-target"),
      since: value("audit-since"), until: value("audit-until"), page, pageSize: 50 }));
    if (!found) return;
    list.replaceChildren(
      table(["At", "Action", "Principal", "Target", "Details", "Count"], found.results.map((entry) =>
        h("tr", {},
          h("td", {}, entry.at),
          h("td", {}, entry.action),
          h("td", {}, party(entry.principal)),
          h("td", {}, party(entry.target)),
          h("td", {}, h("pre", {}, entry.details && Object.keys(entry.details).length ? JSON.stringify(entry.details) : "")),
          h("td", {}, entry.count)))),
      pager(found, load));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load(1);
  });
  root.append(h("h1", {}, "Audit"), form, ...status.nodes, list);
  await load(1);
}
