// Editing permission objects (§5, §9): shared by a role's Permissions tab and API keys.
import * as api from "./api.js";
import { h, checkbox } from "./ui.js";

export const ACTIONS = ["create", "read", "update", "delete"];

/** Projections (and their definitions' names) can only be read; scope applies to meshes. */
function readOnly(name) {
  return name === "projections" || name.startsWith("projections.");
}

function scoped(name) {
  return name === "meshes" || name.startsWith("meshes.");
}

/**
 * The controls for one permission: action checkboxes and scope. `change(permission)` is called with
 * the edited object whenever a control changes.
 */
export function permissionControls(permission, change, idPrefix) {
  const boxes = ACTIONS.map((action) =>
    checkbox(action, {
      id: `${idPrefix}-${action}`,
      checked: !!permission[action],
      disabled: readOnly(permission.permissibleName) && action !== "read",
      onchange: (event) => change({ ...permission, [action]: event.target.checked }),
    }),
  );
  const scope = scoped(permission.permissibleName)
    ? h("label", { class: "inline" }, "scope",
        h("select", { id: `${idPrefix}-scope`, onchange: (event) => change({ ...permission, scope: event.target.value }) },
          h("option", { value: "all", selected: permission.scope !== "own" }, "all"),
          h("option", { value: "own", selected: permission.scope === "own" }, "own")))
    : null;
  return [boxes, scope];
}

/** A permission's actions and scope as text, where it is shown but not edited. */
export function describeActions(permission) {
  const actions = ACTIONS.filter((action) => permission[action]).join(", ") || "nothing";
  return scoped(permission.permissibleName) && permission.scope === "own" ? `${actions} (own documents)` : actions;
}

/**
 * An input for a permissible name that suggests real permissibles (GET /permissibles?name=) as
 * the person types; patterns such as meshes.report* may be typed freely.
 */
export function permissibleInput(id) {
  const list = h("datalist", { id: `${id}-options` });
  const input = h("input", { id, list: `${id}-options`, required: true, autocomplete: "off", placeholder: "meshes.orders, meshes.report*, users" });
  let asked = "";
  input.addEventListener("input", async () => {
    const typed = input.value.trim();
    if (typed === asked) return;
    asked = typed;
    try {
      const found = await api.get("/permissibles", { name: typed, pageSize: 50 });
      if (asked !== typed) return;
      list.replaceChildren(...found.results.map((p) => h("option", { value: p.name })));
    } catch {
      list.replaceChildren(); // suggestions only: the form still submits what was typed
    }
  });
  return [h("label", {}, "Permissible (name or pattern)", input), list];
}

/** A form that builds a new permission object and hands it to `add`. */
export function newPermissionForm(idPrefix, add) {
  const [label, list] = permissibleInput(`${idPrefix}-permissible`);
  const input = label.querySelector("input");
  const boxes = ACTIONS.map((action) => checkbox(action, { id: `${idPrefix}-new-${action}` }));
  const scope = h("select", { id: `${idPrefix}-new-scope` }, h("option", { value: "all" }, "all"), h("option", { value: "own" }, "own"));
  const form = h("form", { class: "row", "aria-label": "Add a permission" },
    label, list, boxes, h("label", { class: "inline" }, "scope", scope),
    h("button", { type: "submit" }, "Add permission"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const permission = { permissibleName: input.value.trim() };
    ACTIONS.forEach((action, i) => (permission[action] = boxes[i].querySelector("input").checked));
    if (scoped(permission.permissibleName)) permission.scope = scope.value;
    if (await add(permission)) form.reset();
  });
  return form;
}
