// Users (§2): search, create, activate/deactivate, start a password reset, see roles.
import * as api from "./api.js";
import { h, field, checkbox, messages, attempt, table, pager } from "./ui.js";

export async function usersPage(root) {
  const status = messages();
  const search = h("input", { id: "user-search", type: "search" });
  const inactive = h("input", { id: "include-inactive", type: "checkbox", checked: true });
  const list = h("div");
  let current = 1;

  async function load(page = current) {
    current = page;
    const found = await attempt(status, () =>
      api.get("/users", { name: search.value, activeOnly: inactive.checked ? "False" : "True", page, pageSize: 25 }));
    if (!found) return;
    list.replaceChildren(
      table(["Username", "Name", "Email", "Roles", "State", ""], found.results.map((user) =>
        h("tr", {},
          h("td", {}, user.username, user.anonymous ? h("span", { class: "muted" }, " (anonymous)") : null),
          h("td", {}, [user.firstName, user.lastName].filter(Boolean).join(" ")),
          h("td", {}, user.emailAddress || ""),
          h("td", {}, (user.roles || []).map((role) => role.name).join(", ")),
          h("td", {}, user.isActive ? "active" : "inactive", user.verified ? "" : ", not verified"),
          h("td", {},
            h("button", { type: "button", class: "secondary", onclick: () => setActive(user, !user.isActive),
              "aria-label": `${user.isActive ? "Deactivate" : "Activate"} ${user.username}` }, user.isActive ? "Deactivate" : "Activate"),
            " ",
            user.anonymous ? null : h("button", { type: "button", class: "secondary", onclick: () => reset(user), "aria-label": `Reset password of ${user.username}` }, "Reset password"))))),
      pager(found, load));
  }

  async function setActive(user, active) {
    await attempt(status, () => api.put(`/users/${user.id}`, { ...user, isActive: active }),
      `${user.username} is now ${active ? "active" : "inactive"}.`);
    load();
  }

  // Warden has no endpoint that sets another user's password: the console starts the user's own
  // reset (POST /users/forgotpassword), which reaches them by the account's verification channel.
  async function reset(user) {
    const started = await attempt(status, () => api.post("/users/forgotpassword", { username: user.username, attempt: 1 }));
    if (started) status.notice(`Password reset started for ${user.username} (expires ${started.expires}${started.hint ? `; question: ${started.hint}` : ""}).`);
  }

  const create = h("form", { class: "panel", "aria-label": "Create user" },
    h("h2", {}, "Create user"),
    h("div", { class: "row" },
      field("Username", { id: "new-user-username", required: true }),
      field("Password", { id: "new-user-password", type: "password", required: true, autocomplete: "new-password" }),
      field("First name", { id: "new-user-first" }),
      field("Last name", { id: "new-user-last" }),
      field("Email", { id: "new-user-email", type: "email" })),
    h("div", { class: "row" },
      checkbox("active", { id: "new-user-active", checked: true }),
      checkbox("verified", { id: "new-user-verified", checked: true }),
      h("button", { type: "submit" }, "Create user")));
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (id) => create.querySelector(`#${id}`).value.trim() || undefined;
    const user = await attempt(status, () => api.post("/users", {
      username: value("new-user-username"),
      newPassword: create.querySelector("#new-user-password").value,
      firstName: value("new-user-first"),
      lastName: value("new-user-last"),
      emailAddress: value("new-user-email"),
      isActive: create.querySelector("#new-user-active").checked,
      verified: create.querySelector("#new-user-verified").checked,
    }));
    if (!user) return;
    create.reset();
    status.notice(`Created ${user.username}.`);
    load(1);
  });

  search.addEventListener("input", () => load(1));
  inactive.addEventListener("change", () => load(1));
  root.append(h("h1", {}, "Users"),
    h("div", { class: "row" }, h("label", {}, "Search by name, username or email", search),
      h("label", { class: "inline" }, inactive, "include inactive")),
    ...status.nodes, list, create);
  await load(1);
}
