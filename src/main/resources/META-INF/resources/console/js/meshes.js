// Meshes (§3, §11, §14): meshes with document counts; browse with filter, sort and paging; view,
// edit, delete and create documents; declare and drop indexes; the page follows changes live over
// the realtime WebSocket.
import * as api from "./api.js";
import { h, field, checkbox, messages, attempt, table, pager, pretty, parseJson, accountWideNote } from "./ui.js";

export async function meshesPage(root) {
  const status = messages();
  const list = h("div");
  const open = h("input", { id: "open-mesh", pattern: "[A-Za-z]+", required: true });
  const form = h("form", { class: "row", "aria-label": "Open a mesh" }, h("label", {}, "Mesh name", open), h("button", { type: "submit" }, "Open"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/meshes/${open.value}`;
  });
  root.append(h("h1", {}, "Meshes"), form, ...status.nodes, list);
  const found = await attempt(status, () => api.get("/permissibles", { name: "meshes.", pageSize: 200 }));
  if (!found) return;
  const names = found.results.map((p) => p.name).filter((name) => name.startsWith("meshes.")).map((name) => name.slice(7));
  const rows = await Promise.all(names.map(async (name) => {
    let count;
    try {
      count = (await api.get(`/meshes/${name}`, { pageSize: 1 })).totalRecords;
    } catch (e) {
      count = e.message; // e.g. 403: the count is not the console's to show
    }
    return h("tr", {}, h("td", {}, h("a", { href: `#/meshes/${name}` }, name)), h("td", {}, count));
  }));
  list.replaceChildren(table(["Mesh", "Documents"], rows));
}

export async function meshPage(root, mesh) {
  const status = messages();
  const filter = h("textarea", { id: "mesh-filter", rows: 3, placeholder: '{"status": "open"}' });
  filter.style.minHeight = "3.5rem";
  const orderBy = h("input", { id: "mesh-order", placeholder: '{"_id": -1}' });
  const pageSize = h("select", { id: "mesh-page-size" }, [10, 25, 50, 100, 200].map((n) => h("option", { value: n, selected: n === 25 }, n)));
  const list = h("div");
  const editor = h("div");
  const live = h("p", { class: "muted", role: "status", id: "live-status" }, "Live updates: connecting…");
  let current = 1;

  async function load(page = current, fromLiveChange = false) {
    current = page;
    const query = { page, pageSize: pageSize.value };
    try {
      if (filter.value.trim()) query.filter = JSON.stringify(parseJson(filter.value, "The filter"));
      if (orderBy.value.trim()) query.orderBy = JSON.stringify(parseJson(orderBy.value, "The sort"));
    } catch (e) {
      return status.error(e);
    }
    const found = await attempt(status, () => api.get(`/meshes/${mesh}`, query), undefined, { keepError: fromLiveChange });
    if (!found) return;
    list.replaceChildren(
      table(["_id", "Document", ""], found.results.map((document) =>
        h("tr", {},
          h("td", {}, h("code", {}, document._id)),
          h("td", {}, h("pre", {}, pretty(document))),
          h("td", {},
            h("button", { type: "button", class: "secondary", onclick: () => edit(document._id), "aria-label": `Edit ${document._id}` }, "Edit"), " ",
            h("button", { type: "button", class: "danger", onclick: () => remove(document._id), "aria-label": `Delete ${document._id}` }, "Delete")))),
        `Documents matching the filter`),
      pager(found, load));
  }

  async function edit(id) {
    const document = id ? await attempt(status, () => api.get(`/meshes/${mesh}/${id}`)) : {};
    if (!document) return;
    const { _id, ...body } = document;
    const text = h("textarea", { id: "document-json", rows: 14, "aria-label": "Document JSON" });
    text.value = pretty(body);
    const form = h("form", { class: "panel", "aria-label": id ? `Edit ${id}` : "New document" },
      h("h2", {}, id ? `Edit ${id}` : `New document in ${mesh}`), text,
      h("div", { class: "row" }, h("button", { type: "submit" }, id ? "Save document" : "Create document"),
        h("button", { type: "button", class: "secondary", onclick: () => editor.replaceChildren() }, "Cancel")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const saved = await attempt(status, () => {
        const value = parseJson(text.value, "The document");
        return id ? api.put(`/meshes/${mesh}/${id}`, value) : api.post(`/meshes/${mesh}`, value);
      });
      if (!saved) return;
      editor.replaceChildren();
      status.notice(`${id ? "Saved" : "Created"} ${saved._id}.`);
      load();
    });
    editor.replaceChildren(form);
    text.focus();
  }

  async function remove(id) {
    if (!confirm(`Delete the document ${id}?`)) return;
    await attempt(status, () => api.del(`/meshes/${mesh}/${id}`), `Deleted ${id}.`);
    load();
  }

  const query = h("form", { class: "panel", "aria-label": "Query" },
    h("label", {}, "Filter (a MongoDB query document)", filter),
    h("div", { class: "row" }, h("label", {}, "Sort (orderBy)", orderBy), h("label", {}, "Page size", pageSize),
      h("button", { type: "submit" }, "Apply"),
      h("button", { type: "button", class: "secondary", onclick: () => edit(null) }, "New document")));
  query.addEventListener("submit", (event) => {
    event.preventDefault();
    load(1);
  });
  const indexes = indexSection(mesh);
  root.append(h("p", {}, h("a", { href: "#/meshes" }, "← Meshes")), h("h1", {}, `Mesh ${mesh}`), query, live, ...status.nodes, editor, list,
    indexes.node);
  await Promise.all([load(1), indexes.load()]);
  return follow(mesh, live, () => load(current, true));
}

/**
 * Declared indexes (§14): listed, declared (built without blocking reads or writes; the answer
 * comes once it is built) and dropped. Needs the `indexes` permission; a refusal is shown.
 */
function indexSection(mesh) {
  const editable = api.changesAccountWide();
  const status = messages();
  const list = h("div");
  async function load() {
    const found = await attempt(status, () => api.get(`/meshes/${mesh}/indexes`));
    if (!found) return;
    list.replaceChildren(table(["Name", "Keys", "Unique", ""], found.map((index) =>
      h("tr", {},
        h("td", {}, index.name),
        h("td", {}, h("code", {}, JSON.stringify(index.keys))),
        h("td", {}, index.unique ? "yes" : "no"),
        h("td", {}, editable && h("button", { type: "button", class: "danger", onclick: () => drop(index.name), "aria-label": `Drop index ${index.name}` }, "Drop")))),
      `Indexes declared on ${mesh}`));
  }
  async function drop(name) {
    if (!confirm(`Drop the index ${name}? Queries stop using it at once.`)) return;
    await attempt(status, () => api.del(`/meshes/${mesh}/indexes/${encodeURIComponent(name)}`), `Dropped the index ${name}.`);
    load();
  }
  const form = h("form", { class: "panel row", "aria-label": "Declare an index" },
    field("Index name", { id: "index-name", required: true, pattern: "[A-Za-z_][A-Za-z0-9_]*" }),
    field("Keys", { id: "index-keys", required: true, placeholder: '{"category": 1, "price": -1}' }),
    checkbox("Unique", { id: "index-unique" }),
    h("button", { type: "submit" }, "Declare index"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = form.querySelector("#index-name").value.trim();
    const declared = await attempt(status, () => api.post(`/meshes/${mesh}/indexes`, {
      name, keys: parseJson(form.querySelector("#index-keys").value, "The keys"), unique: form.querySelector("#index-unique").checked,
    }), `Declared the index ${name}.`);
    if (!declared) return;
    form.reset();
    load();
  });
  return { node: h("section", { "aria-labelledby": "indexes-title" }, h("h2", { id: "indexes-title" }, "Indexes"),
    editable ? form : accountWideNote("Indexes"), ...status.nodes, list), load };
}

/** Subscribes to the mesh's changes (§11.1) and reloads the page (debounced) when one arrives. */
function follow(mesh, live, reload) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/${encodeURIComponent(api.account())}/realtime?access_token=${encodeURIComponent(api.accessToken())}${api.actingTenant() ? "&tenant=" + encodeURIComponent(api.actingTenant()) : ""}`);
  let pending = null;
  socket.onopen = () => socket.send(JSON.stringify({ type: "subscribe", id: "console", mesh }));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "subscribed") live.textContent = "Live updates: on";
    if (message.type === "change") {
      live.textContent = `Live updates: on (last: ${message.op} ${message.documentId})`;
      clearTimeout(pending);
      pending = setTimeout(reload, 300);
    }
    if (message.type === "error" || message.type === "ended") {
      live.textContent = `Live updates: off (${message.status ? message.status + ": " : ""}${message.message || message.reason})`;
    }
  };
  socket.onclose = (event) => {
    if (!live.textContent.includes("off")) live.textContent = `Live updates: off (connection closed${event.reason ? ": " + event.reason : ""})`;
  };
  return () => {
    clearTimeout(pending);
    socket.close();
  };
}
