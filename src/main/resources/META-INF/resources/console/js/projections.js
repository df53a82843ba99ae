// Projections (§4): define, edit and delete stored pipelines; preview their results.
import * as api from "./api.js";
import { h, field, messages, attempt, table, pretty, parseJson, accountWideNote } from "./ui.js";

export async function projectionsPage(root) {
  const editable = api.changesAccountWide();
  const status = messages();
  const list = h("div");
  const editor = h("div");
  const preview = h("div");

  async function load() {
    const found = await attempt(status, () => api.get("/permissibles", { name: "projections.", pageSize: 200 }));
    if (!found) return;
    const names = found.results.map((p) => p.name).filter((name) => name.startsWith("projections.")).map((name) => name.slice(12));
    list.replaceChildren(table(["Projection", ""], names.map((name) =>
      h("tr", {}, h("td", {}, name), h("td", {},
        editable && [h("button", { type: "button", class: "secondary", onclick: () => open(name), "aria-label": `Edit ${name}` }, "Edit"), " "],
        h("button", { type: "button", class: "secondary", onclick: () => show(name), "aria-label": `Preview ${name}` }, "Preview"))))));
  }

  async function open(name) {
    const definition = name ? await attempt(status, () => api.get(`/projections/${name}/definition`))
      : { name: "", mesh: "", description: "", pipeline: [{ $match: {} }] };
    if (!definition) return;
    const pipeline = h("textarea", { id: "projection-pipeline", rows: 12 });
    pipeline.value = pretty(definition.pipeline);
    const form = h("form", { class: "panel", "aria-label": name ? `Edit ${name}` : "New projection" },
      h("h2", {}, name ? `Edit ${name}` : "New projection"),
      h("div", { class: "row" },
        field("Name", { id: "projection-name", value: definition.name, required: true, disabled: !!name }),
        field("Mesh", { id: "projection-mesh", value: definition.mesh, required: true }),
        field("Description", { id: "projection-description", value: definition.description || "" })),
      h("label", {}, "Pipeline (JSON array of stages)", pipeline),
      h("div", { class: "row" }, h("button", { type: "submit" }, "Save projection"),
        name ? h("button", { type: "button", class: "danger", onclick: () => remove(name), "aria-label": `Delete ${name}` }, "Delete") : null,
        h("button", { type: "button", class: "secondary", onclick: () => editor.replaceChildren() }, "Cancel")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = (id) => form.querySelector(`#${id}`).value.trim();
      const saved = await attempt(status, () => {
        const body = { name: value("projection-name"), mesh: value("projection-mesh"), description: value("projection-description"),
          pipeline: parseJson(pipeline.value, "The pipeline") };
        return name ? api.put(`/projections/${name}/definition`, body) : api.post("/projections", body);
      });
      if (!saved) return;
      status.notice(`Saved ${saved.name}.`);
      await load();
      show(saved.name);
    });
    editor.replaceChildren(form);
  }

  async function remove(name) {
    if (!confirm(`Delete the projection ${name}?`)) return;
    await attempt(status, () => api.del(`/projections/${name}/definition`), `Deleted ${name}.`);
    editor.replaceChildren();
    preview.replaceChildren();
    load();
  }

  async function show(name) {
    const found = await attempt(status, () => api.get(`/projections/${name}`, { pageSize: 10 }));
    if (!found) return;
    preview.replaceChildren(h("h2", {}, `Preview of ${name}`),
      h("p", { class: "muted" }, `${found.totalRecords} result(s); the first ${found.results.length}:`),
      h("pre", { class: "panel", id: "projection-preview" }, pretty(found.results)));
  }

  root.append(h("h1", {}, "Projections"),
    editable ? h("div", { class: "row" }, h("button", { type: "button", onclick: () => open(null) }, "+ New projection"))
      : accountWideNote("Projection definitions"),
    ...status.nodes, editor, preview, list);
  await load();
}
