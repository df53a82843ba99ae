// API keys (§10.1): create (the key is shown once), edit, revoke.
import * as api from "./api.js";
import { h, field, messages, attempt, table, pager, accountWideNote } from "./ui.js";
import { permissionControls, newPermissionForm, describeActions } from "./permissions.js";

function summary(permissions) {
  return permissions.map((p) => `${p.permissibleName}: ${describeActions(p)}`).join("; ");
}

export async function apiKeysPage(root) {
  const editable = api.changesAccountWide();
  const status = messages();
  const list = h("div");
  const editor = h("div");
  const revealed = h("div", { "aria-live": "polite" });
  let current = 1;

  async function load(page = current) {
    current = page;
    const found = await attempt(status, () => api.get("/apikeys", { page, pageSize: 25 }));
    if (!found) return;
    list.replaceChildren(
      table(["Name", "Prefix", "Permissions", "Expires", "Last used", ""], found.results.map((key) =>
        h("tr", {},
          h("td", {}, key.name),
          h("td", {}, h("code", {}, key.prefix)),
          h("td", {}, summary(key.permissions)),
          h("td", {}, key.expiresAt || "never"),
          h("td", {}, key.lastUsedAt || "never"),
          h("td", {}, editable && [
            h("button", { type: "button", class: "secondary", onclick: () => open(key), "aria-label": `Edit ${key.name}` }, "Edit"), " ",
            h("button", { type: "button", class: "danger", onclick: () => revoke(key), "aria-label": `Revoke ${key.name}` }, "Revoke")])))),
      pager(found, load));
  }

  /** The form for a new key (key null) or an existing one; permissions are edited in place. */
  function open(key) {
    let permissions = key ? key.permissions.map((p) => ({ ...p })) : [];
    const rows = h("div");
    const draw = () => rows.replaceChildren(table(["Permissible", "Actions", ""], permissions.map((permission, i) =>
      h("tr", {}, h("td", {}, permission.permissibleName),
        h("td", {}, permissionControls(permission, (edited) => { permissions[i] = edited; draw(); }, `key-perm-${i}`)),
        h("td", {}, h("button", { type: "button", class: "danger", onclick: () => { permissions.splice(i, 1); draw(); } }, `Remove ${permission.permissibleName}`))))));
    draw();
    const form = h("form", { class: "panel", "aria-label": key ? `Edit ${key.name}` : "Create API key" },
      h("h2", {}, key ? `Edit ${key.name}` : "Create API key"),
      h("div", { class: "row" },
        field("Name", { id: "key-name", value: key ? key.name : "", required: true }),
        field("Description", { id: "key-description", value: key ? key.description || "" : "" }),
        field("Expires at (optional, ISO 8601)", { id: "key-expires", value: key ? key.expiresAt || "" : "", placeholder: "2027-01-31T00:00:00Z" })),
      h("h3", {}, "Permissions"), rows,
      h("div", { class: "row" }, h("button", { type: "submit", id: "save-key" }, key ? "Save key" : "Create key"),
        h("button", { type: "button", class: "secondary", onclick: () => editor.replaceChildren() }, "Cancel")));
    const adder = newPermissionForm("key", async (permission) => {
      permissions.push(permission);
      draw();
      return true;
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = (id) => form.querySelector(`#${id}`).value.trim();
      const body = { name: value("key-name"), description: value("key-description") || undefined,
        expiresAt: value("key-expires") || undefined, permissions };
      const saved = await attempt(status, () => (key ? api.put(`/apikeys/${key.id}`, body) : api.post("/apikeys", body)));
      if (!saved) return;
      editor.replaceChildren();
      if (saved.key) reveal(saved);
      else status.notice(`Saved ${saved.name}.`);
      load();
    });
    editor.replaceChildren(form, adder);
  }

  /** The one time the key is visible: it is not kept anywhere, and gone once dismissed. */
  function reveal(saved) {
    status.clear();
    revealed.replaceChildren(h("div", { class: "panel", id: "new-key" },
      h("h2", {}, `Key for ${saved.name}`),
      h("p", {}, "Copy it now: Warden keeps only its hash and will never show it again."),
      h("p", { class: "secret", id: "new-key-value" }, saved.key),
      h("button", { type: "button", id: "dismiss-key", onclick: () => revealed.replaceChildren() }, "I have copied it")));
  }

  async function revoke(key) {
    if (!confirm(`Revoke ${key.name}? Its next request is refused.`)) return;
    await attempt(status, () => api.del(`/apikeys/${key.id}`), `Revoked ${key.name}.`);
    load();
  }

  root.append(h("h1", {}, "API keys"),
    editable ? h("div", { class: "row" }, h("button", { type: "button", id: "create-key", onclick: () => open(null) }, "+ Create API key"))
      : accountWideNote("API keys"),
    ...status.nodes, revealed, editor, list);
  await load(1);
}
