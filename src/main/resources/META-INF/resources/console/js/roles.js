// Roles (§5): list, search, + Add Role; a role's Users and Permissions tabs.
import * as api from "./api.js";
import { h, messages, attempt, table, pager, tabs, checkbox, accountWideNote } from "./ui.js";
import { permissionControls, newPermissionForm, describeActions } from "./permissions.js";

export async function rolesPage(root) {
  const editable = api.changesAccountWide();
  const status = messages();
  const search = h("input", { id: "role-search", type: "search" });
  const list = h("div");
  const adding = h("div");
  let current = 1;

  async function load(page = current) {
    current = page;
    const found = await attempt(status, () => api.get("/roles", { name: search.value, page, pageSize: 25 }));
    if (!found) return;
    list.replaceChildren(
      table(["Name", "Description", "Users", ""], found.results.map((role) =>
        h("tr", {},
          h("td", {}, h("a", { href: `#/roles/${role.id}` }, role.name)),
          h("td", {}, role.description),
          h("td", {}, role.numberOfUsers),
          h("td", {}, role.name.startsWith("meshy.") ? h("span", { class: "muted" }, "system role")
            : editable && h("button", { type: "button", class: "danger", onclick: () => remove(role), "aria-label": `Delete ${role.name}` }, "Delete"))))),
      pager(found, load));
  }

  async function remove(role) {
    if (!confirm(`Delete the role ${role.name}? Its members lose it at once.`)) return;
    await attempt(status, () => api.del(`/roles/${role.id}`), `Deleted ${role.name}.`);
    load();
  }

  function showAddForm() {
    const name = h("input", { id: "new-role-name", required: true });
    const description = h("input", { id: "new-role-description", required: true });
    const form = h("form", { class: "panel stack", "aria-label": "Add role" },
      h("h2", {}, "Add role"),
      h("label", {}, "Name (letters only)", name),
      h("label", {}, "Description", description),
      h("div", { class: "row" }, h("button", { type: "submit" }, "Save role"),
        h("button", { type: "button", class: "secondary", onclick: () => adding.replaceChildren() }, "Cancel")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const role = await attempt(status, () => api.post("/roles", { name: name.value, description: description.value }));
      if (!role) return;
      adding.replaceChildren();
      status.notice(`Added the role ${role.name}.`);
      load(1);
    });
    adding.replaceChildren(form);
    name.focus();
  }

  search.addEventListener("input", () => load(1));
  root.append(
    h("h1", {}, "Roles"),
    h("div", { class: "row" }, h("label", {}, "Search roles", search),
      editable && h("button", { type: "button", id: "add-role", onclick: showAddForm }, "+ Add Role")),
    !editable && accountWideNote("Roles and their permissions"),
    ...status.nodes, adding, list);
  await load(1);
}

export async function rolePage(root, roleId, tab = "users") {
  const status = messages();
  const role = await attempt(status, () => api.get(`/roles/${roleId}`));
  root.append(h("p", {}, h("a", { href: "#/roles" }, "← Roles")));
  if (!role) {
    root.append(h("h1", {}, "Role"), ...status.nodes);
    return;
  }
  const panel = h("div", { role: "tabpanel" });
  const labels = ["Users", "Permissions"];
  const selected = tab === "permissions" ? 1 : 0;
  const tabList = tabs(labels, selected, (i) => (location.hash = `#/roles/${roleId}/${labels[i].toLowerCase()}`));
  root.append(h("h1", {}, `Role ${role.name}`), h("p", { class: "muted" }, role.description), tabList, ...status.nodes, panel);
  if (selected === 0) await usersTab(panel, role, status);
  else await permissionsTab(panel, role, status);
  tabList.querySelector('[aria-selected="true"]').focus({ preventScroll: true });
}

async function usersTab(panel, role, status) {
  const members = h("div");
  const results = h("div");
  const search = h("input", { id: "member-search", type: "search", placeholder: "ada, ada@example.com" });
  let memberIds = new Set();

  async function loadMembers() {
    const found = await attempt(status, () => api.get("/users", { roleId: role.id, activeOnly: "False", pageSize: 200 }));
    if (!found) return;
    memberIds = new Set(found.results.map((user) => user.id));
    members.replaceChildren(table(["Username", "Name", "Email", ""], found.results.map((user) =>
      h("tr", {},
        h("td", {}, user.username),
        h("td", {}, [user.firstName, user.lastName].filter(Boolean).join(" ")),
        h("td", {}, user.emailAddress || ""),
        h("td", {}, h("button", { type: "button", class: "danger", onclick: () => change("DELETE", user), "aria-label": `Remove ${user.username}` }, "Remove")))),
      `${found.totalRecords} member(s)`));
  }

  async function searchUsers() {
    const typed = search.value.trim();
    if (!typed) return results.replaceChildren();
    const found = await attempt(status, () => api.get("/users", { name: typed, activeOnly: "False", pageSize: 25 }));
    if (!found || search.value.trim() !== typed) return;
    results.replaceChildren(table(["Member", "Username", "Email"], found.results.map((user) =>
      h("tr", {},
        h("td", {}, checkbox(`member ${user.username}`, {
          id: `pick-${user.id}`,
          checked: memberIds.has(user.id),
          onchange: (event) => change(event.target.checked ? "POST" : "DELETE", user),
        })),
        h("td", {}, user.username),
        h("td", {}, user.emailAddress || ""))), "Tick to add, untick to remove"));
  }

  async function change(method, user) {
    const done = await attempt(status, async () => {
      await api.call(method, `/roles/${role.id}/users`, { users: [{ id: user.id }] });
      return true;
    }, method === "POST" ? `Added ${user.username} to ${role.name}.` : `Removed ${user.username} from ${role.name}.`);
    await loadMembers();
    if (done !== undefined || search.value) await searchUsers();
  }

  search.addEventListener("input", searchUsers);
  panel.append(h("h2", {}, "Members"), members,
    h("h2", {}, "Add users"), h("label", {}, "Search users by name, username or email", search), results);
  await loadMembers();
}

async function permissionsTab(panel, role, status) {
  const editable = api.changesAccountWide();
  const list = h("div");

  async function load() {
    const found = await attempt(status, () => api.get(`/roles/${role.id}/permissions`, { pageSize: 200 }));
    if (!found) return;
    list.replaceChildren(table(["Permissible", "Actions", ""], found.results.map((permission) =>
      h("tr", {},
        h("td", {}, permission.permissibleName),
        h("td", {}, editable ? permissionControls(permission, (edited) => save(edited), `perm-${permission.id}`)
          : describeActions(permission)),
        h("td", {}, editable && h("button", { type: "button", class: "danger", onclick: () => remove(permission), "aria-label": `Delete ${permission.permissibleName}` }, "Delete"))))));
  }

  async function save(permission) {
    await attempt(status, () => api.put(`/roles/${role.id}/permissions/${permission.id}`, permission), `Saved ${permission.permissibleName}.`);
    await load();
  }

  async function remove(permission) {
    await attempt(status, () => api.del(`/roles/${role.id}/permissions/${permission.id}`), `Deleted ${permission.permissibleName}.`);
    await load();
  }

  panel.append(
    editable ? newPermissionForm("role", async (permission) => {
      const added = await attempt(status, () => api.post(`/roles/${role.id}/permissions`, permission), `Granted ${permission.permissibleName}.`);
      await load();
      return !!added;
    }) : accountWideNote("Roles and their permissions"),
    list);
  await load();
}
