// Explain (§9.3): "can this user (or API key) do this to that?", answered by the deciding code.
import * as api from "./api.js";
import { h, messages, attempt, table } from "./ui.js";
import { permissibleInput } from "./permissions.js";

export async function explainPage(root) {
  const status = messages();
  const answer = h("div", { "aria-live": "polite" });
  const kind = h("select", { id: "explain-kind" }, h("option", { value: "user" }, "user"), h("option", { value: "apiKey" }, "API key"));
  const who = h("input", { id: "explain-who", required: true, placeholder: "username or API key name" });
  const action = h("select", { id: "explain-action" }, ["read", "create", "update", "delete"].map((a) => h("option", { value: a }, a)));
  const [permissible, options] = permissibleInput("explain-permissible");
  const form = h("form", { class: "panel row", "aria-label": "Explain a decision" },
    h("label", {}, "Principal", kind), h("label", {}, "Username or key name", who),
    h("label", {}, "Action", action), permissible, options, h("button", { type: "submit" }, "Explain decision"));

  /** The id of the named user or key: the person types names, the API takes ids. */
  async function principalId() {
    const name = who.value.trim();
    if (kind.value === "user") {
      const found = await api.get("/users", { name, activeOnly: "False", pageSize: 200 });
      const user = found.results.find((u) => u.username.toLowerCase() === name.toLowerCase());
      if (!user) throw new Error(`No user is named ${name}.`);
      return { userId: user.id };
    }
    const found = await api.get("/apikeys", { pageSize: 200 });
    const key = found.results.find((k) => k.name === name);
    if (!key) throw new Error(`No API key is named ${name}.`);
    return { apiKeyId: key.id };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    answer.replaceChildren();
    const result = await attempt(status, async () => api.get("/access/explain", {
      ...(await principalId()), action: action.value, permissible: permissible.querySelector("input").value.trim() }));
    if (!result) return;
    answer.replaceChildren(h("div", { class: "panel", id: "explain-answer" },
      h("p", { class: result.allowed ? "allowed" : "denied" }, result.allowed ? "Allowed" : "Denied"),
      h("p", {}, result.reason),
      h("p", { class: "muted" }, `Roles: ${(result.roles || []).join(", ") || "none"}`),
      table(["Granted by", "Permissible", "Scope", "Actions"], (result.matched || []).map((m) =>
        h("tr", {}, h("td", {}, m.role || `key ${m.apiKey}`), h("td", {}, m.permissibleName), h("td", {}, m.scope || ""),
          h("td", {}, ["create", "read", "update", "delete"].filter((a) => m[a]).join(", ")))), "Matching permissions")));
  });
  root.append(h("h1", {}, "Explain"), form, ...status.nodes, answer);
}
